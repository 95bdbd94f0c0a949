"""The harness's steps, each usable on its own (tests/test_benchmarks.py runs them on a tiny
data set): the queries, generating and loading offers, the rebuild and the raw bulk of the
same documents, and answering one request in this process while recording what it sends to
Elasticsearch."""

from __future__ import annotations

import copy
import json
import math
import re
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from . import adapter, generate, measure


@dataclass(frozen=True)
class Query:
    name: str
    path: str
    params: dict[str, str | list[str]]

    @property
    def url(self) -> str:
        return f"{self.path}?{urlencode(self.params, doseq=True)}"

    @property
    def is_map(self) -> bool:
        return self.path == adapter.MAP_URL


def _bbox(latitude: float, longitude: float, zoom: int) -> str:
    """The viewport of a 1200 × 800 pixel map at this zoom level (Web Mercator tiles)."""
    width = 360 * 1200 / (256 * 2**zoom)
    height = width * 800 / 1200 * math.cos(math.radians(latitude))
    return (
        f"{longitude - width / 2:.4f},{latitude - height / 2:.4f},"
        f"{longitude + width / 2:.4f},{latitude + height / 2:.4f}"
    )


HAMBURG, COLOGNE, HANOVER, FRANKFURT, GERMANY = (
    (53.5511, 9.9937), (50.9375, 6.9603), (52.3759, 9.7320), (50.1109, 8.6821), (51.1634, 10.4477),
)  # fmt: skip
QUERIES: tuple[Query, ...] = (
    Query("text", adapter.SEARCH_URL, {"q": "Hebamme"}),
    Query("typo", adapter.SEARCH_URL, {"q": "Hebame"}),
    Query(
        "radius_25km",
        adapter.SEARCH_URL,
        {"lat": str(HANOVER[0]), "lon": str(HANOVER[1]), "radius_km": "25"},
    ),
    Query(
        "text_radius_distance_sort",
        adapter.SEARCH_URL,
        {
            "q": "Beratung",
            "lat": str(COLOGNE[0]),
            "lon": str(COLOGNE[1]),
            "radius_km": "50",
            "sort": "distance",
        },
    ),
    Query(
        "category_language_facets",
        adapter.SEARCH_URL,
        {"category": ["elterncafe", "krabbelgruppe"], "language": ["tr"]},
    ),
    Query("map_zoom6", adapter.MAP_URL, {"bbox": _bbox(*GERMANY, 6), "zoom": "6"}),
    Query("map_zoom9", adapter.MAP_URL, {"bbox": _bbox(*FRANKFURT, 9), "zoom": "9"}),
    Query("map_zoom12", adapter.MAP_URL, {"bbox": _bbox(*HAMBURG, 12), "zoom": "12"}),
)
FINDER = Query("finder", adapter.FINDER_URL, {"q": "Hebamme", "near": "20095"})


def generated_services(count: int) -> list[dict[str, Any]]:
    places = generate.load_places(adapter.GAZETTEER)
    return generate.Generator(places).services(count)


@dataclass
class Loaded:
    imported: int
    import_seconds: float
    reimport_seconds: float
    bulk: int
    bulk_seconds: float

    @property
    def import_offers_per_s(self) -> float:
        return self.imported / self.import_seconds if self.import_seconds else 0.0

    @property
    def bulk_offers_per_s(self) -> float:
        return self.bulk / self.bulk_seconds if self.bulk_seconds else 0.0


def load(
    services: list[dict[str, Any]],
    sample: int,
    workdir: Path,
    progress: Callable[[int], None] | None = None,
    import_progress: Callable[[str], None] | None = None,
) -> Loaded:
    """The first `sample` offers through `manage.py import_offers` as a coordinator runs it
    (timed; a quarter of their locations without coordinates, so the import geocodes them,
    then once more, when every offer is unchanged), the rest through the bulk path."""
    before = adapter.live_offers()
    path = workdir / "sample.json"
    document = without_some_coordinates(services[:sample])
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    began = time.perf_counter()
    adapter.import_file(path, import_progress)
    import_seconds = time.perf_counter() - began
    imported = adapter.live_offers() - before
    began = time.perf_counter()
    adapter.import_file(path)
    reimport_seconds = time.perf_counter() - began
    rest = services[sample:]
    began = time.perf_counter()
    adapter.bulk_load(rest, extension=generate.EXTENSION, progress=progress)
    bulk_seconds = time.perf_counter() - began
    return Loaded(imported, import_seconds, reimport_seconds, len(rest), bulk_seconds)


def without_some_coordinates(services: list[dict[str, Any]], every: int = 4) -> list[dict]:
    """A copy in which every `every`-th location has an address only."""
    services = copy.deepcopy(services)
    number = 0
    for service in services:
        for item in service["service_at_locations"]:
            number += 1
            if number % every == 0:
                item["location"].pop("latitude", None)
                item["location"].pop("longitude", None)
    return services


@dataclass
class Rebuilt:
    offers: int
    seconds: float
    index_seconds: float
    sql: int
    index_sql: int
    requests: list[measure.EsRequest] = field(repr=False)
    # Documents built from the offers, and sent as the database engine's entries store them.
    built: int = 0
    stored: int = 0

    @property
    def docs_per_s(self) -> float:
        return self.offers / self.index_seconds

    @property
    def sql_per_1000(self) -> float:
        return self.index_sql * 1000 / max(self.offers, 1)


def rebuild(*, from_pages: bool = False) -> Rebuilt:
    """`search_index --rebuild` (`--from-pages`), with its SQL statements and Elasticsearch
    requests. The indexing time runs from its first request to Elasticsearch to its last
    (the count of the offers before it is not part of it)."""
    offers = adapter.live_offers()
    with measure.count_sql() as sql, measure.record_elasticsearch() as requests:
        began = time.perf_counter()
        output = adapter.rebuild_search(from_pages=from_pages)
        seconds = time.perf_counter() - began
    start, end = requests[0].started, requests[-1].finished
    sent = re.search(r"(\d+) documents built, (\d+) sent as stored", output)
    if sent is None:
        raise RuntimeError(f"search_index --rebuild said: {output!r}")
    return Rebuilt(
        offers,
        seconds,
        end - start,
        sql.count,
        sql.between(start, end),
        requests,
        int(sent[1]),
        int(sent[2]),
    )


@dataclass
class RawBulk:
    docs: int
    seconds: float

    @property
    def docs_per_s(self) -> float:
        return self.docs / self.seconds


def raw_bulk(es_url: str, recorded: list[measure.EsRequest], streams: int = 2) -> RawBulk:
    """The rebuild's index creation and bulk requests, byte for byte but into an index of
    their own, sent over `streams` connections at once, then a refresh."""
    create = next(r for r in recorded if r.method == "PUT" and "/_" not in r.target)
    old = create.target.strip("/").split("?")[0]
    new = f"{old}_raw"
    bulks = [r for r in recorded if "/_bulk" in r.target]
    clients = [measure.Http() for _ in range(streams)]

    def send(request: measure.EsRequest, client: measure.Http = clients[0]) -> int:
        _ms, response = client.request(
            request.method,
            es_url + request.target.replace(old, new),
            request.body.replace(old.encode(), new.encode()),
            request.headers,
        )
        if response.status >= 300 or b'"errors":true' in response.data[:100]:
            raise RuntimeError(f"raw bulk: {response.status} {response.data[:500]!r}")
        return request.body.count(b"\n") // 2  # an action line and a document line each

    began = time.perf_counter()
    send(create)
    with ThreadPoolExecutor(streams) as pool:
        docs = sum(pool.map(lambda i: send(bulks[i], clients[i % streams]), range(len(bulks))))
    clients[0].request("POST", f"{es_url}/{new}/_refresh")
    seconds = time.perf_counter() - began
    clients[0].request("DELETE", f"{es_url}/{new}")
    return RawBulk(docs, seconds)


@dataclass
class Captured:
    """One request to the site answered in this process, with what it sent to
    Elasticsearch and the SQL it ran."""

    status: int
    content: bytes
    es: list[measure.EsRequest]
    sql: int

    @property
    def data(self) -> dict[str, Any]:
        return json.loads(self.content)


def capture(url: str) -> Captured:
    """The request twice (the second one, with warm caches, counts)."""
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.get(url)
    with measure.count_sql() as sql, measure.record_elasticsearch() as requests:
        response = client.get(url)
    return Captured(response.status_code, response.content, list(requests), sql.count)


def replay(
    http: measure.Http, es_url: str, requests: list[measure.EsRequest]
) -> tuple[float, bytes]:
    """The same requests, raw, one after the other: (milliseconds, last answer)."""
    total, answer = 0.0, b""
    for request in requests:
        ms, response = http.request(
            request.method, es_url + request.target, request.body, request.headers
        )
        total += ms
        answer = response.data
    return total, answer


def search_answers(answer: bytes) -> list[dict[str, Any]]:
    """The search answers in an Elasticsearch answer: one for `_search`, each of an
    `_msearch` (the site sends its searches of one request in one round trip)."""
    data = json.loads(answer)
    return data.get("responses", [data])
