"""Benchmark: the server-rendered finder (/angebote/) against the search API
(/api/v1/offers/) with the same parameters, side by side in one run.

Usage:  .venv/bin/python benchmarks/finder_vs_api.py [--repeat 30] [--database-url URL]
            [--elasticsearch-url URL]

Runs on a throwaway SQLite database by default, migrates it and loads the demo content and
the ~150 demo offers (a database that already holds offers is used as it is). The requests go
through Django's test client in this process (no network, no browser), alternating finder
and API for each query so both see the same machine load. Medians, 95th percentiles and the
finder/API ratio go to benchmarks/results/finder_vs_api.txt."""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "finder_vs_api.txt"
sys.path.insert(0, str(ROOT))

QUERIES: list[tuple[str, dict[str, str | list[str]]]] = [
    ("everything, first page", {}),
    ("postcode 21423, 25 km", {"near": "21423"}),
    ("'Hebamme' near 21423", {"q": "Hebamme", "near": "21423", "radius_km": "50"}),
    ("21423 + two filters", {"near": "21423", "category": ["elterncafe"], "language": ["ar"]}),
    ("no results (finder adds alternatives)", {"near": "21423", "radius_km": "5", "q": "Kita"}),
]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--elasticsearch-url", default="")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="finder-bench-"))
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["ELASTICSEARCH_URL"] = args.elasticsearch_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    os.environ["DEBUG"] = "false"
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from offers_directory.models import OfferPage

    call_command("migrate", verbosity=0)
    if not OfferPage.objects.exists():
        print("Loading the demo content and offers (a few minutes) …", flush=True)
        call_command("load_demo_content", verbosity=0)
        call_command("load_demo_offers", verbosity=0)
    if args.elasticsearch_url:
        call_command("search_index", "--rebuild", verbosity=0)

    client = Client(HTTP_HOST="localhost")
    lines = [
        "Finder (/angebote/, full HTML page) vs API (/api/v1/offers/, JSON), same parameters",
        f"python {platform.python_version()}, {platform.machine()}, "
        f"{OfferPage.objects.live().count()} live offers, engine: "
        f"{'elasticsearch' if args.elasticsearch_url else 'database'}, "
        f"{args.repeat} requests each (after 2 warm-up requests), Django test client in-process",
        "",
        f"{'query':40} {'finder median':>13} {'p95':>8} {'parts median':>12} "
        f"{'API median':>10} {'p95':>8} {'ratio':>6} {'parts ratio':>11} {'finder KB':>9} "
        f"{'API KB':>6}",
    ]
    ratios: list[float] = []
    parts_ratios: list[float] = []
    for label, params in QUERIES:
        timings: dict[str, list[float]] = {"finder": [], "parts": [], "api": []}
        sizes: dict[str, int] = {}
        paths = {"finder": "/angebote/", "parts": "/angebote/ergebnisse/", "api": "/api/v1/offers/"}
        for _ in range(2):
            for path in paths.values():
                client.get(path, params)
        for _ in range(args.repeat):
            for kind, path in paths.items():
                began = time.perf_counter()
                response = client.get(path, params)
                timings[kind].append((time.perf_counter() - began) * 1000)
                assert response.status_code == 200, (path, params, response.status_code)
                sizes[kind] = len(response.content)
        finder_median = statistics.median(timings["finder"])
        parts_median = statistics.median(timings["parts"])
        api_median = statistics.median(timings["api"])
        ratio = finder_median / api_median
        ratios.append(ratio)
        parts_ratios.append(parts_median / api_median)
        lines.append(
            f"{label:40} {finder_median:10.1f} ms {percentile(timings['finder'], 0.95):5.0f} ms "
            f"{parts_median:9.1f} ms {api_median:7.1f} ms "
            f"{percentile(timings['api'], 0.95):5.0f} ms {ratio:6.2f} "
            f"{parts_median / api_median:11.2f} "
            f"{sizes['finder'] / 1024:9.1f} {sizes['api'] / 1024:6.1f}"
        )
    lines += [
        "",
        f"median ratio finder page/API over the queries: {statistics.median(ratios):.2f}",
        f"median ratio finder parts (/angebote/ergebnisse/, what the script fetches)/API: "
        f"{statistics.median(parts_ratios):.2f}",
        "The finder does the API's search plus labels and the next opening time (one query for",
        "all results) and renders HTML; the full page adds the site's shell (header, menu, footer,",
        "language switch), which every page of the site pays. With no results the finder also",
        "counts the alternatives (one search each).",
    ]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
