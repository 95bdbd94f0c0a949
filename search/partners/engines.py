"""The referral-partner directory's search: its Elasticsearch index (alias `<prefix>partners`)
and the same search over the database, used when Elasticsearch is not configured or does not
answer (the shared FallbackEngine with its circuit breaker)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from offers_directory import geo

from .. import analysis
from ..engine import choose
from ..facets import bucket_counts, facet_aggregations, facet_list, terms_filter
from .documents import FACETS, build_document, public_partners
from .index import partner_index
from .labels import partner_labels
from .params import PartnerParams
from .schemas import PAGE_SIZE

FACET_SIZE = 200


def _distance(doc: dict[str, Any], params: PartnerParams) -> float | None:
    display = doc.get("display") or {}
    if params.place is None or display.get("latitude") is None:
        return None
    return geo.haversine_km(
        params.place.latitude, params.place.longitude, display["latitude"], display["longitude"]
    )


def format_result(doc: dict[str, Any], params: PartnerParams) -> dict[str, Any]:
    display = doc.get("display") or {}
    distance = _distance(doc, params)
    return {
        "id": doc["partner_id"],
        "slug": doc["slug"],
        "name": doc["name"],
        "url": display.get("url"),
        "address": display.get("address") or "",
        "city": display.get("city") or "",
        "fields": list(doc.get("field") or []),
        "field_names": list(display.get("fields") or []),
        "working_groups": list(doc.get("working_group") or []),
        "working_group_names": list(display.get("working_groups") or []),
        "region": doc.get("region"),
        "region_name": display.get("region") or "",
        "latitude": display.get("latitude"),
        "longitude": display.get("longitude"),
        "distance_km": round(distance, 2) if distance is not None else None,
    }


def _response(
    engine: str, total: int, docs: list[dict], counts: dict[str, Counter], params: PartnerParams
) -> dict[str, Any]:
    labels = partner_labels.get()
    place = params.place
    return {
        "count": total,
        "engine": engine,
        "location": (
            {
                "label": place.label,
                "latitude": place.latitude,
                "longitude": place.longitude,
                "radius_km": params.radius_km,
            }
            if place
            else None
        ),
        "page": params.page,
        "page_size": PAGE_SIZE,
        "results": [format_result(doc, params) for doc in docs],
        "facets": {
            facet: facet_list(
                counts.get(facet) or {},
                params.selection(facet),
                labels.get(facet, {}),
                by_count=False,
            )
            for facet in FACETS
        },
    }


# --- database --------------------------------------------------------------------------------


def _values(doc: dict[str, Any], facet: str) -> list[Any]:
    values = doc.get(facet)
    return values if isinstance(values, list) else [values]


def _matches(
    doc: dict[str, Any], params: PartnerParams, groups: list[frozenset[str]], skip: str = ""
) -> bool:
    if groups and not analysis.matches(groups, doc["terms"].split()):
        return False
    for facet in FACETS:
        if facet == skip or not params.selection(facet):
            continue
        if not set(_values(doc, facet)) & set(params.selection(facet)):
            return False
    if params.place is not None:
        distance = _distance(doc, params)
        if distance is None or distance > params.radius_km:
            return False
    return True


class DatabasePartnerEngine:
    """Every public partner's document built in Python and matched there: a directory holds
    a few hundred partners, not the offers' tens of thousands."""

    name = "database"

    def search(self, params: PartnerParams) -> dict[str, Any]:
        docs = [build_document(p) for p in public_partners()]
        groups = params.query_groups()
        hits = [d for d in docs if _matches(d, params, groups)]
        if params.sort == "distance":
            hits.sort(key=lambda d: (_distance(d, params) or 0.0, d["name_sort"]))
        else:
            hits.sort(key=lambda d: d["name_sort"])
        # Each facet's counts ignore its own selection, as in the offer search.
        counts: dict[str, Counter] = {}
        for facet in FACETS:
            counter: Counter = Counter()
            for doc in docs:
                if _matches(doc, params, groups, skip=facet):
                    counter.update(value for value in _values(doc, facet) if value)
            counts[facet] = counter
        start = (params.page - 1) * PAGE_SIZE
        return _response(self.name, len(hits), hits[start : start + PAGE_SIZE], counts, params)


# --- Elasticsearch ---------------------------------------------------------------------------


def _base_filters(params: PartnerParams) -> list[dict[str, Any]]:
    """Text and distance: they narrow the results and every facet's counts."""
    filters: list[dict[str, Any]] = [
        {"terms": {"terms": sorted(group)}} for group in params.query_groups()
    ]
    if params.place is not None:
        filters.append(
            {
                "geo_distance": {
                    "distance": f"{params.radius_km}km",
                    "geo": {"lat": params.place.latitude, "lon": params.place.longitude},
                }
            }
        )
    return filters


def _facet_filters(params: PartnerParams, skip: str = "") -> list[dict[str, Any]]:
    return [
        terms_filter(field, params.selection(facet))
        for facet, field in FACETS.items()
        if facet != skip and params.selection(facet)
    ]


def search_body(params: PartnerParams) -> dict[str, Any]:
    if params.sort == "distance" and params.place is not None:
        sort: list[Any] = [
            {
                "_geo_distance": {
                    "geo": {"lat": params.place.latitude, "lon": params.place.longitude},
                    "order": "asc",
                    "unit": "km",
                }
            },
            {"name_sort": "asc"},
        ]
    else:
        sort = [{"name_sort": "asc"}]
    return {
        "query": {"bool": {"filter": _base_filters(params)}},
        "post_filter": {"bool": {"filter": _facet_filters(params)}},
        "sort": sort,
        "from": (params.page - 1) * PAGE_SIZE,
        "size": PAGE_SIZE,
        "track_total_hits": True,
        "aggs": facet_aggregations(
            FACETS, lambda facet: _facet_filters(params, skip=facet), FACET_SIZE
        ),
    }


class ElasticsearchPartnerEngine:
    name = "elasticsearch"

    def search(self, params: PartnerParams) -> dict[str, Any]:
        answer = partner_index.execute(search_body(params))
        counts = bucket_counts(answer["aggregations"], FACETS)
        docs = [hit["_source"] for hit in answer["hits"]["hits"]]
        return _response(self.name, answer["hits"]["total"]["value"], docs, counts, params)


def get_partner_engine() -> Any:
    """Elasticsearch with the database as fallback when ELASTICSEARCH_URL is set, otherwise
    the database."""
    return choose(ElasticsearchPartnerEngine(), DatabasePartnerEngine(), "partners")
