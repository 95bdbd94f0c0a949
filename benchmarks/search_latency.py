"""Benchmark: offer-search latency of both engines, side by side, on ~1,000 generated offers.

Usage:  .venv/bin/python benchmarks/search_latency.py [--count 1000] [--repeat 30]
            [--database-url URL] [--elasticsearch-url URL]

Runs on a throwaway SQLite database by default, migrates it, creates one region with an
offer index and `count` published offers (1–3 locations each around nine towns, some with
service areas), builds the Elasticsearch index (a server from ELASTICSEARCH_URL /
--elasticsearch-url, or one started from search.devserver), and measures typical queries
through both engines with the same parameters. Median and 95th percentile go to
benchmarks/results/search_latency.txt."""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "search_latency.txt"
sys.path.insert(0, str(ROOT))

TOWNS = [
    (53.3577, 10.2113),
    (53.3275, 9.8788),
    (53.3985, 10.0356),
    (53.2464, 10.4115),
    (53.5511, 9.9937),
    (52.2888, 11.4094),
    (49.3133, 6.7516),
    (51.8355, 12.2441),
    (52.9860, 9.8433),
]
WORDS = [
    ("Familienhebamme", "hebamme"),
    ("Schwangerschaftsberatung", "beratung"),
    ("Elterncafé", "treff"),
    ("Kindertagesstätte", "kita"),
    ("Babylotsin", "beratung"),
    ("Krabbelgruppe", "treff"),
    ("Stillberatung", "beratung"),
    ("Erziehungsberatungsstelle", "beratung"),
]
QUERIES = {
    "text 'Hebamme'": {"q": "Hebamme"},
    "text typo 'Hebame'": {"q": "Hebame"},
    "near Winsen 25 km": {"lat": "53.3577", "lon": "10.2113", "radius_km": "25"},
    "text + near + distance sort": {
        "q": "Beratung",
        "lat": "53.3577",
        "lon": "10.2113",
        "radius_km": "50",
        "sort": "distance",
    },
    "facets: category+language": {"category": ["beratung", "kita"], "language": "tr"},
    "everything (no filter)": {},
    "map clusters (bbox, zoom 7)": {"bbox": "5.0,47.0,15.0,55.0", "zoom": "7", "_map": True},
    "map points (bbox, zoom 11)": {"bbox": "10.1,53.3,10.3,53.4", "zoom": "11", "_map": True},
}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--elasticsearch-url", default=os.environ.get("ELASTICSEARCH_URL", ""))
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="nfh-search-bench-"))
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    server = None
    es_url = args.elasticsearch_url
    if not es_url:
        from search.devserver import ElasticsearchServer

        server = ElasticsearchServer().start()
        es_url = server.url
    # Not through ELASTICSEARCH_URL: that would also switch Wagtail's page search to
    # Elasticsearch and slow down creating the offers; only the offer search is measured.
    os.environ["ELASTICSEARCH_URL"] = ""
    try:
        run(args, es_url)
    finally:
        if server is not None:
            server.stop()


def run(args: argparse.Namespace, es_url: str) -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.http import QueryDict

    settings.ALLOWED_HOSTS = ["*"]
    settings.SEARCH = {
        **settings.SEARCH,
        "ELASTICSEARCH_URLS": [es_url],
        "INDEX_PREFIX": f"bench_{os.getpid()}_",
        "PROCESS_ON_COMMIT": False,
    }
    call_command("migrate", verbosity=0)

    import search.signals
    from search import index_manager, indexing, tasks
    from search.engines import DatabaseEngine, ElasticsearchEngine
    from search.forms import parse_search_params
    from tests.search import factories as f

    # Creating the data set is not what is measured: the per-save index hook is switched
    # off here, and both stores are built in one go below (as `search_index --rebuild` does).
    search.signals.enqueue = lambda *args, **kwargs: None
    from offers_directory.models import OfferPage

    rng = random.Random(7)
    began = time.monotonic()
    index = f.offer_index(f.region("landkreis-bench", "Landkreis Bench"))
    # --database-url of an earlier run's database: its offers are reused.
    existing = OfferPage.objects.live().count()
    for number in range(existing, args.count):
        word, category = rng.choice(WORDS)
        locations = []
        for _ in range(rng.choice([1, 1, 1, 2, 3])):
            lat, lon = rng.choice(TOWNS)
            locations.append((lat + rng.uniform(-0.1, 0.1), lon + rng.uniform(-0.1, 0.1)))
        areas = []
        if number % 10 == 0:
            lat, lon = rng.choice(TOWNS)
            areas = [
                {
                    "name": "Umkreis",
                    "center_latitude": lat,
                    "center_longitude": lon,
                    "radius_km": 20,
                }
            ]
        f.offer(
            index,
            f"{word} {number}",
            summary=f"{word} für Familien mit kleinen Kindern, Angebot Nummer {number}.",
            description=" ".join(rng.choice(WORDS)[0] for _ in range(30)),
            locations=locations,
            areas=areas,
            categories=[category],
            languages=rng.sample(["de", "en", "tr", "ar", "uk"], 2),
            is_free=rng.random() < 0.8,
            fee_note="nach Absprache",
        )
    created = time.monotonic() - began
    began = time.monotonic()
    _name, done, _errors = index_manager.rebuild(
        indexing.iter_documents(), indexing.count_public(), tasks.current_version()
    )
    indexed = time.monotonic() - began
    began = time.monotonic()
    indexing.refresh_entries()
    entries_built = time.monotonic() - began

    engines = {"elasticsearch": ElasticsearchEngine(), "database": DatabaseEngine()}
    lines = [
        f"search latency benchmark — {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, database {settings.DATABASES['default']['ENGINE']}",
        f"offers: {done} (created in {created:.1f} s), index rebuild {indexed:.1f} s, "
        f"database entries {entries_built:.1f} s",
        f"each query {args.repeat}× per engine after one warm-up; milliseconds",
        "",
        "wall = elapsed time of the call; cpu = this Python process's CPU time (for ES only",
        "the client side; the server is another process). The load average during the run",
        f"was {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (other jobs share the machine).",
        "",
        f"{'query':30} {'ES median':>9} {'ES p95':>7} {'DB median':>9} {'DB p95':>7}"
        f" {'DB cpu':>7} {'hits':>6}",
    ]
    for label, raw in QUERIES.items():
        data = QueryDict(mutable=True)
        is_map = raw.get("_map", False)
        for key, value in raw.items():
            if key == "_map":
                continue
            for item in value if isinstance(value, list) else [value]:
                data.appendlist(key, item)
        params = parse_search_params(data, for_map=is_map)
        figures = {}
        for name, engine in engines.items():
            call = engine.map if is_map else engine.search
            result = call(params)
            times = []
            cpu = []
            for _ in range(args.repeat):
                start, start_cpu = time.perf_counter(), time.process_time()
                result = call(params)
                times.append((time.perf_counter() - start) * 1000)
                cpu.append((time.process_time() - start_cpu) * 1000)
            figures[name] = (
                statistics.median(times),
                percentile(times, 0.95),
                result["count"],
                statistics.median(cpu),
            )
        es, db = figures["elasticsearch"], figures["database"]
        hits = f"{es[2]}" if es[2] == db[2] else f"{es[2]}/{db[2]}"
        lines.append(
            f"{label:30} {es[0]:9.1f} {es[1]:7.1f} {db[0]:9.1f} {db[1]:7.1f} {db[3]:7.1f} {hits:>6}"
        )
    text = "\n".join(lines) + "\n"
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(text, encoding="utf-8")
    print(text)
    index_manager.delete_all()


if __name__ == "__main__":
    main()
