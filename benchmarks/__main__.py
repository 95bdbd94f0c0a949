"""python -m benchmarks [--offers N | --full]: the offer search measured end to end.

See benchmarks/README.md for what it does and what each figure means."""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

from . import adapter, measure, steps
from .steps import FINDER, QUERIES, Query

RESULTS = Path(__file__).resolve().parent / "results" / "latest.json"
INDEX_PREFIX = "bench_"
FULL = 100_000


# --- progress --------------------------------------------------------------------------------


class Log:
    def __init__(self) -> None:
        self.began = time.monotonic()
        self.steps: dict[str, float] = {}

    def say(self, message: str) -> None:
        print(f"[{time.monotonic() - self.began:7.1f} s] {message}", flush=True)

    @contextmanager
    def step(self, name: str, message: str) -> Iterator[None]:
        self.say(message)
        started = time.monotonic()
        yield
        self.steps[name] = round(time.monotonic() - started, 1)

    def progress(self, label: str, total: int) -> Callable[[int], None]:
        """A reporter to call with the number done (0 first: the clock starts then)."""
        started = time.monotonic()
        shown = [-1]

        def report(done: int) -> None:
            nonlocal started
            if done == 0:
                started = time.monotonic()
                return
            tenth = done * 10 // max(total, 1)
            if tenth == shown[0] and done < total:
                return
            shown[0] = tenth
            rate = done / max(time.monotonic() - started, 1e-9)
            rest = (total - done) / rate if rate else 0
            self.say(f"  {label}: {done:,}/{total:,} ({rate:,.0f}/s, {rest:,.0f} s left)")

        return report


# --- the run -----------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    offers = FULL if args.full else args.offers
    db_rounds = args.db_rounds or (8 if offers > 20_000 else 20)
    cores = os.cpu_count() or 1
    workers = args.workers or 2 * cores + 1
    log = Log()
    load_before = measure.load_average()
    # Taken as the run starts: the figures are of the code checked out now (the web servers
    # start later from the working tree, which must not change during a run).
    git_sha = _git_sha()
    with ExitStack() as stack:
        workdir = Path(tempfile.mkdtemp(prefix="nfh-benchmark-"))
        stack.callback(shutil.rmtree, workdir, ignore_errors=True)
        with log.step("services", "Starting PostgreSQL and Elasticsearch …"):
            postgres = stack.enter_context(adapter.postgres_server())
            elastic = adapter.elasticsearch_server(args.es_heap).start()
            stack.callback(elastic.stop)
        (workdir / "static").mkdir()
        env = adapter.site_environment(postgres.url, elastic.url, INDEX_PREFIX, workdir / "static")
        os.environ.update(env)
        import django

        django.setup()
        with log.step("site", "Migrating and loading the demo networks …"):
            adapter.prepare_site()
        with log.step("generate", f"Generating {offers:,} offers …"):
            services = steps.generated_services(offers)
        sample = min(args.import_sample, offers)
        with log.step("load", f"Importing {sample:,} offers, bulk-loading {offers - sample:,} …"):
            loaded = steps.load(
                services,
                sample,
                workdir,
                log.progress("bulk load", offers - sample),
                lambda line: log.say(f"  import_offers {line}"),
            )
        del services
        log.say(f"  {_import_note(loaded)}; {_load_note(loaded)}")
        with log.step("rebuild", "Rebuilding both search stores (search_index --rebuild) …"):
            rebuilt = steps.rebuild()
        with log.step("raw_bulk", "Raw bulk of the same documents …"):
            raw = steps.raw_bulk(elastic.url, rebuilt.requests, streams=cores)
        rebuilt.requests.clear()
        log.say(
            f"  rebuild {rebuilt.docs_per_s:,.0f} docs/s (whole command {rebuilt.seconds:.1f} s; "
            f"{rebuilt.built:,} documents built, {rebuilt.stored:,} sent as stored), "
            f"raw bulk {raw.docs_per_s:,.0f} docs/s, {rebuilt.sql_per_1000:.1f} SQL per 1,000"
        )
        with log.step("rebuild_from_pages", "Every document built (--rebuild --from-pages) …"):
            from_pages = steps.rebuild(from_pages=True)
        from_pages.requests.clear()
        log.say(
            f"  from the pages {from_pages.docs_per_s:,.0f} docs/s (whole command "
            f"{from_pages.seconds:.1f} s), {from_pages.sql_per_1000:.1f} SQL per 1,000"
        )
        with log.step("capture", "Recording the requests the site sends to Elasticsearch …"):
            captured = {query.name: steps.capture(query.url) for query in QUERIES}
            finder = steps.capture(FINDER.url)
        for name, item in captured.items():
            if item.status != 200 or item.data.get(adapter.ENGINE_FIELD) != "elasticsearch":
                raise RuntimeError(f"{name}: {item.status} {item.content[:300]!r}")
        with log.step("servers", f"Starting gunicorn ({workers} workers each) …"):
            floor_requests = {"finder": finder.es, **{n: c.es for n, c in captured.items()}}
            servers = _servers(stack, env, workers, workdir, floor_requests)
        table = latency(log, servers, elastic.url, captured, args.rounds, db_rounds)
        with log.step("throughput", "Finder page against the floor (requests per second) …"):
            finder_rps, floor_rps = rps(servers, workers, args.rps_seconds)
        measured = {
            "finder_rps": round(finder_rps, 1),
            "floor_rps": round(floor_rps, 1),
            "web_rss_mb": round(servers["api"].rss_mb()),
        }
        nodes = json.loads(measure.Http().get(f"{elastic.url}/_nodes/_local")[1].data)["nodes"]
        versions = {
            "postgresql": _postgres_version(),
            "elasticsearch": next(iter(nodes.values()))["version"],
        }

    text = table["text"]
    maps = [table[q.name] for q in QUERIES if q.is_map]
    results = {
        "offers": offers,
        "search_api_p95_ms": text["api_p95_ms"],
        "raw_es_p95_ms": text["raw_p95_ms"],
        "search_api_p50_added_ms": text["added_p50_ms"],
        "floor_p50_added_ms": text["floor_added_p50_ms"],
        "db_peer_p95_ms": text["db_p95_ms"],
        "map_api_p95_ms": max(m["api_p95_ms"] for m in maps),
        "raw_map_agg_p95_ms": max(m["raw_p95_ms"] for m in maps),
        "map_payload_bytes": max(m["response_bytes"] for m in maps),
        "map_clusters": max(m["clusters"] for m in maps),
        "reindex_docs_per_s": round(rebuilt.docs_per_s),
        "raw_bulk_docs_per_s": round(raw.docs_per_s),
        "reindex_sql_queries_per_1000": round(rebuilt.sql_per_1000, 1),
        # After a release that changed the documents every one is built (--from-pages).
        "reindex_from_pages_docs_per_s": round(from_pages.docs_per_s),
        "reindex_from_pages_sql_queries_per_1000": round(from_pages.sql_per_1000, 1),
        "import_offers_per_s": round(loaded.import_offers_per_s, 1),
        "api_sql_queries_per_request": captured["text"].sql,
        **measured,
        "machine": {
            "cpu": _cpu_model(),
            "cores": cores,
            "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
            "load_average_before": round(load_before, 2),
            "load_average_after": round(measure.load_average(), 2),
            "python": platform.python_version(),
            **versions,
            "elasticsearch_heap": args.es_heap,
        },
        "git_sha": git_sha,
        "queries": [{"name": name, **row} for name, row in table.items()],
        "run": {
            "seconds": {**log.steps, "total": round(time.monotonic() - log.began, 1)},
            "import_sample": _import_note(loaded),
            "load_path": _load_note(loaded),
            "rebuild_command_seconds": round(rebuilt.seconds, 1),
            "rebuild_sql_queries": rebuilt.sql,
            "rebuild_documents_built": rebuilt.built,
            "rebuild_documents_sent_as_stored": rebuilt.stored,
            "rebuild_from_pages_command_seconds": round(from_pages.seconds, 1),
            "raw_bulk_connections": cores,
            "rounds": args.rounds,
            "db_rounds": db_rounds,
            "gunicorn_workers": workers,
            "rps_concurrency": workers,
            "finder_url": FINDER.url,
            "finder_es_requests": len(finder.es),
            "finder_sql_queries": finder.sql,
        },
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(summary(results))
    print(f"Written to {args.output}")
    return 0


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--offers", type=int, default=10_000, help="offers to generate (10,000)")
    parser.add_argument("--full", action="store_true", help=f"{FULL:,} offers")
    parser.add_argument("--rounds", type=int, default=40, help="interleaved rounds (40)")
    parser.add_argument(
        "--db-rounds", type=int, default=None,
        help="rounds that include the database engine (20; 8 with --full)",
    )  # fmt: skip
    parser.add_argument("--import-sample", type=int, default=1000, help="offers imported (1,000)")
    parser.add_argument(
        "--workers", type=int, default=None, help="gunicorn workers (2 × cores + 1)"
    )
    parser.add_argument("--rps-seconds", type=float, default=8.0, help="per finder/floor window")
    parser.add_argument("--es-heap", default="1g", help="Elasticsearch heap (1g)")
    parser.add_argument("--output", type=Path, default=RESULTS)
    return parser.parse_args(argv)


def _import_note(loaded: steps.Loaded) -> str:
    return (
        f"{loaded.imported:,} offers through manage.py import_offers (HSDS; every 4th "
        f"location without coordinates, geocoded offline) in {loaded.import_seconds:.1f} s "
        f"({loaded.import_offers_per_s:.1f}/s); the same file again (all unchanged) in "
        f"{loaded.reimport_seconds:.1f} s"
    )


def _load_note(loaded: steps.Loaded) -> str:
    return (
        f"{loaded.bulk:,} offers through the importer's HSDS parser and OfferWriter in "
        "process, batches of 500 (their pages created per listing by "
        f"publishing.page_creation), in {loaded.bulk_seconds:.1f} s "
        f"({loaded.bulk_offers_per_s:,.0f}/s)"
    )


def _servers(
    stack: ExitStack,
    env: dict[str, str],
    workers: int,
    workdir: Path,
    floor_requests: dict[str, list[measure.EsRequest]],
) -> dict[str, measure.WebServer]:
    """The site with Elasticsearch ("api"), the site without it ("db": the database engine
    answers) and the floor, started together; stopped when the stack closes. The floor
    replays the recorded requests of the finder (`/floor/`) and of each query
    (`/floor/<name>/`)."""
    floor_file = workdir / "floor.json"
    measure.write_requests(floor_file, floor_requests)
    base = {**os.environ, **env, "PYTHONPATH": str(adapter.ROOT)}
    variants = {
        "api": base,
        "db": {**base, "ELASTICSEARCH_URL": ""},
        "floor": {
            **base,
            "BENCHMARK_URLCONF": "benchmarks.floor",
            "BENCHMARK_FLOOR_REQUESTS": str(floor_file),
        },
    }
    servers = {
        name: measure.WebServer(
            name, adapter.WSGI_APP, environ, workers=workers, workdir=workdir, cwd=adapter.ROOT
        )
        for name, environ in variants.items()
    }
    for server in servers.values():
        stack.callback(server.stop)
        server.launch()
    for name, server in servers.items():
        server.wait_ready(adapter.FLOOR_URL if name == "floor" else QUERIES[0].url)
    return servers


def latency(
    log: Log,
    servers: dict[str, measure.WebServer],
    es_url: str,
    captured: dict[str, steps.Captured],
    rounds: int,
    db_rounds: int,
) -> dict[str, dict[str, Any]]:
    """One interleaved run: in every round each query goes to the API, raw to Elasticsearch,
    to the floor and (in every k-th round) to the database engine, in a rotating order."""
    http = measure.Http()
    times: dict[str, dict[str, list[float]]] = {
        q.name: {"api": [], "raw": [], "floor": [], "db": []} for q in QUERIES
    }
    took: dict[str, list[float]] = {q.name: [] for q in QUERIES}
    answers: dict[str, dict[str, Any]] = {}
    db_every = max(1, rounds // max(db_rounds, 1))

    def run(query: Query, variant: str) -> float:
        if variant == "raw":
            ms, answer = steps.replay(http, es_url, captured[query.name].es)
            took[query.name].append(json.loads(answer).get("took", 0))
            return ms
        if variant == "floor":
            ms, response = http.get(f"{servers['floor'].url}{adapter.FLOOR_URL}{query.name}/")
            if response.status != 200 or "took" not in json.loads(response.data):
                raise RuntimeError(f"floor {query.name}: {response.status} {response.data[:300]!r}")
            return ms
        ms, response = http.get(servers[variant].url + query.url)
        if response.status != 200:
            raise RuntimeError(f"{variant} {query.url}: {response.status} {response.data[:300]!r}")
        data = json.loads(response.data)
        expected = "database" if variant == "db" else "elasticsearch"
        if data.get(adapter.ENGINE_FIELD) != expected:
            raise RuntimeError(
                f"{variant} {query.url} answered by {data.get(adapter.ENGINE_FIELD)}"
            )
        answers.setdefault(
            f"{variant}:{query.name}", {"bytes": len(response.data), **json.loads(response.data)}
        )
        return ms

    with log.step("warm_up", "Warming up every server and query …"):
        for _ in range(3):
            for query in QUERIES:
                for variant in ("api", "raw", "floor"):
                    run(query, variant)
        for query in QUERIES:
            run(query, "db")
    for values in took.values():
        values.clear()
    progress = log.progress("rounds", rounds)
    with log.step(
        "latency", f"Interleaved run: {rounds} rounds ({db_rounds} with the database engine) …"
    ):
        for number in range(rounds):
            variants = ["api", "raw", "floor"] + (
                ["db"] if number % db_every == 0 and number // db_every < db_rounds else []
            )
            for position, query in enumerate(QUERIES):
                shift = (number + position) % len(variants)
                for variant in variants[shift:] + variants[:shift]:
                    times[query.name][variant].append(run(query, variant))
            progress(number + 1)

    table: dict[str, dict[str, Any]] = {}
    for query in QUERIES:
        t = times[query.name]
        api = answers[f"api:{query.name}"]
        db = answers[f"db:{query.name}"]
        row = {
            "url": query.url,
            "api_p50_ms": _ms(measure.percentile(t["api"], 0.5)),
            "api_p95_ms": _ms(measure.percentile(t["api"], 0.95)),
            "raw_p50_ms": _ms(measure.percentile(t["raw"], 0.5)),
            "raw_p95_ms": _ms(measure.percentile(t["raw"], 0.95)),
            "floor_p50_ms": _ms(measure.percentile(t["floor"], 0.5)),
            "floor_p95_ms": _ms(measure.percentile(t["floor"], 0.95)),
            "es_took_p50_ms": _ms(statistics.median(took[query.name])),
            "db_p50_ms": _ms(measure.percentile(t["db"], 0.5)),
            "db_p95_ms": _ms(measure.percentile(t["db"], 0.95)),
            "samples": {variant: len(values) for variant, values in t.items()},
            "es_requests": len(captured[query.name].es),
            "sql_queries": captured[query.name].sql,
            "count_api": api.get("count"),
            "count_db": db.get("count"),
            "response_bytes": api["bytes"],
        }
        row["api_to_raw_p95"] = round(row["api_p95_ms"] / row["raw_p95_ms"], 2)
        row["added_p50_ms"] = _ms(row["api_p50_ms"] - row["raw_p50_ms"])
        # Of that, what any Django view served this way adds, and what is the site's own.
        row["floor_added_p50_ms"] = _ms(row["floor_p50_ms"] - row["raw_p50_ms"])
        row["api_over_floor_p50_ms"] = _ms(row["api_p50_ms"] - row["floor_p50_ms"])
        row["db_to_api_p95"] = round(row["db_p95_ms"] / row["api_p95_ms"], 1)
        if query.is_map:
            row["clusters"] = len(api.get("clusters") or [])
            row["points"] = len(api.get("points") or [])
        table[query.name] = row
    return table


def rps(
    servers: dict[str, measure.WebServer], concurrency: int, seconds: float
) -> tuple[float, float]:
    """Alternating windows, finder then floor, three each."""
    urls = {
        "finder": servers["api"].url + FINDER.url,
        "floor": servers["floor"].url + adapter.FLOOR_URL,
    }
    totals = {name: [0, 0.0] for name in urls}
    for url in urls.values():
        measure.throughput(url, 1.0, concurrency)  # warm every worker
    for _ in range(3):
        for name, url in urls.items():
            done, elapsed, failed = measure.throughput(url, seconds, concurrency)
            if failed:
                raise RuntimeError(f"{failed} failed requests to {url}")
            totals[name][0] += done
            totals[name][1] += elapsed
    return tuple(done / elapsed for done, elapsed in totals.values())  # type: ignore[return-value]


def summary(results: dict[str, Any]) -> str:
    lines = [
        "",
        f"Offer search at {results['offers']:,} offers ({results['git_sha']}, "
        f"{results['machine']['cores']} cores, load {results['machine']['load_average_before']}"
        f"→{results['machine']['load_average_after']})",
        "",
        f"{'query':28} {'raw ES p50/p95':>15} {'API p50/p95':>15} {'API÷raw':>8} "
        f"{'added p50':>9} {'floor +p50':>10} {'DB p95':>8} {'took':>6} {'hits':>7}",
    ]
    for row in results["queries"]:
        lines.append(
            f"{row['name']:28} {row['raw_p50_ms']:6.1f}/{row['raw_p95_ms']:6.1f}   "
            f"{row['api_p50_ms']:6.1f}/{row['api_p95_ms']:6.1f} {row['api_to_raw_p95']:8.2f} "
            f"{row['added_p50_ms']:9.1f} {row['floor_added_p50_ms']:10.1f} "
            f"{row['db_p95_ms']:8.0f} {row['es_took_p50_ms']:6.1f} "
            f"{row['count_api']:>7}"
            + ("" if row["count_api"] == row["count_db"] else f" (DB {row['count_db']})")
        )
    r = results
    lines += [
        "",
        f"map: largest payload {r['map_payload_bytes']:,} bytes, {r['map_clusters']:,} clusters; "
        f"API p95 {r['map_api_p95_ms']} ms, raw {r['raw_map_agg_p95_ms']} ms",
        f"rebuild {r['reindex_docs_per_s']:,} docs/s vs raw bulk "
        f"{r['raw_bulk_docs_per_s']:,} docs/s "
        f"({r['reindex_docs_per_s'] / r['raw_bulk_docs_per_s']:.2f}×), "
        f"{r['reindex_sql_queries_per_1000']} SQL per 1,000 offers "
        f"({r['run']['rebuild_documents_sent_as_stored']:,} documents sent as stored); "
        f"every document built (--from-pages) {r['reindex_from_pages_docs_per_s']:,} docs/s",
        f"import_offers {r['import_offers_per_s']} offers/s; "
        f"{r['api_sql_queries_per_request']} SQL per search request",
        f"finder {r['finder_rps']} requests/s vs floor {r['floor_rps']} "
        f"({r['finder_rps'] / r['floor_rps']:.0%}); web processes {r['web_rss_mb']} MB RSS",
        f"load path: {r['run']['load_path']}",
        "steps (s): " + ", ".join(f"{k} {v}" for k, v in r["run"]["seconds"].items()),
    ]
    return "\n".join(lines)


def _ms(value: float) -> float:
    return round(value, 1)


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _postgres_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return cursor.fetchone()[0]


def _git_sha() -> str:
    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=adapter.ROOT, capture_output=True, text=True, check=False
        ).stdout.strip()

    sha = git("rev-parse", "--short=12", "HEAD")
    return sha + ("-dirty" if git("status", "--porcelain", "--untracked-files=no") else "")


if __name__ == "__main__":
    sys.exit(main())
