"""Search parameters and the Elasticsearch query builder.

User text reaches Elasticsearch only as Python-analysed terms inside `term`/`fuzzy` queries
(never query_string), so query syntax or markup in `q` is just text."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from elasticsearch.dsl import Q, Search
from elasticsearch.dsl.query import Query

from . import analysis, geocells
from .documents import FACETS

DEFAULT_RADIUS_KM = 25.0
MAX_RADIUS_KM = 200.0
MAX_PAGE_SIZE = 100
MAX_RESULT_WINDOW = 10_000
FACET_SIZE = 200
MAX_QUERY_WORDS = 12


@dataclass
class Place:
    latitude: float
    longitude: float
    label: str


@dataclass
class SearchParams:
    q: str = ""
    place: Place | None = None
    radius_km: float = DEFAULT_RADIUS_KM
    bbox: tuple[float, float, float, float] | None = None  # west, south, east, north
    category: list[str] = field(default_factory=list)
    language: list[str] = field(default_factory=list)
    age_group: list[str] = field(default_factory=list)
    free: list[str] = field(default_factory=list)  # "true"/"false"
    accessible: list[str] = field(default_factory=list)
    region: list[str] = field(default_factory=list)
    provider: list[str] = field(default_factory=list)
    age_months: int | None = None
    pregnant: bool | None = None
    sort: str = "relevance"
    page: int = 1
    page_size: int = 20
    zoom: int | None = None

    def query_groups(self) -> list[frozenset[str]]:
        return analysis.analyze_query(self.q)[:MAX_QUERY_WORDS]

    def facet_selection(self, facet: str) -> list[str]:
        return list(getattr(self, facet))


def fuzziness(term: str) -> int:
    """Edits allowed for a typo (the same rule as Elasticsearch's AUTO:4,7)."""
    if len(term) < 4:
        return 0
    return 1 if len(term) < 7 else 2


def _bool_value(value: str) -> bool:
    return value == "true"


# --- Elasticsearch ------------------------------------------------------------------------


def text_query(groups: list[frozenset[str]]) -> Query | None:
    """Every query word must match one of its alternatives (exact terms score higher than
    typo matches, title terms higher than body terms)."""
    if not groups:
        return None
    musts = []
    for group in groups:
        shoulds = []
        for term in sorted(group):
            shoulds.append(Q("term", title_terms={"value": term, "boost": 3.0}))
            shoulds.append(Q("term", terms={"value": term, "boost": 2.0}))
            edits = fuzziness(term)
            if edits:
                shoulds.append(
                    Q(
                        "fuzzy",
                        terms={
                            "value": term,
                            "fuzziness": edits,
                            "prefix_length": 1,
                            "max_expansions": 50,
                            "transpositions": True,
                        },
                    )
                )
        musts.append(Q("bool", should=shoulds, minimum_should_match=1))
    return Q("bool", must=musts)


def geo_query(params: SearchParams) -> Query | None:
    if params.place is None:
        return None
    lat, lon = params.place.latitude, params.place.longitude
    return Q(
        "bool",
        should=[
            Q("geo_distance", distance=f"{params.radius_km}km", geo={"lat": lat, "lon": lon}),
            Q("terms", area_cells=geocells.point_cells(lat, lon)),
        ],
        minimum_should_match=1,
    )


def bbox_query(bbox: tuple[float, float, float, float] | None) -> Query | None:
    if bbox is None:
        return None
    west, south, east, north = bbox
    return Q(
        "geo_bounding_box",
        geo={"top_left": {"lat": north, "lon": west}, "bottom_right": {"lat": south, "lon": east}},
    )


def base_filters(params: SearchParams, include_bbox: bool = True) -> list[Query]:
    """Filters that are not facets (they narrow every count)."""
    filters = []
    geo = geo_query(params)
    if geo is not None:
        filters.append(geo)
    if include_bbox:
        box = bbox_query(params.bbox)
        if box is not None:
            filters.append(box)
    if params.age_months is not None:
        filters.append(Q("range", min_age_months={"lte": params.age_months}))
        filters.append(Q("range", max_age_months={"gte": params.age_months}))
    if params.pregnant is not None:
        filters.append(Q("term", during_pregnancy=params.pregnant))
    return filters


def facet_filter(facet: str, values: list[str]) -> Query | None:
    if not values:
        return None
    field_name = FACETS[facet]
    if facet in ("free", "accessible"):
        return Q("terms", **{field_name: [_bool_value(v) for v in values]})
    return Q("terms", **{field_name: values})


def facet_filters(params: SearchParams, except_facet: str | None = None) -> list[Query]:
    result = []
    for facet in FACETS:
        if facet == except_facet:
            continue
        query = facet_filter(facet, params.facet_selection(facet))
        if query is not None:
            result.append(query)
    return result


def build_search(search: Search, params: SearchParams) -> Search:
    """The result query: text and non-facet filters in `query`, facet selections in
    `post_filter`, and one filter aggregation per facet that applies every selection except
    its own (so a facet's counts show what choosing another of its values would give)."""
    text = text_query(params.query_groups())
    filters = base_filters(params)
    query = Q("bool", must=[text] if text else [Q("match_all")], filter=filters)
    search = search.query(query)
    selected = facet_filters(params)
    if selected:
        search = search.post_filter(Q("bool", filter=selected))
    for facet, field_name in FACETS.items():
        others = facet_filters(params, except_facet=facet)
        agg = search.aggs.bucket(
            f"facet_{facet}",
            "filter",
            filter=Q("bool", filter=others) if others else Q("match_all"),
        )
        agg.bucket("values", "terms", field=field_name, size=FACET_SIZE)
    if params.sort == "distance" and params.place is not None:
        search = search.sort(
            {
                "_geo_distance": {
                    "geo": {"lat": params.place.latitude, "lon": params.place.longitude},
                    "order": "asc",
                    "unit": "km",
                    "mode": "min",
                    "ignore_unmapped": True,
                }
            },
            {"offer_id": "asc"},
        )
    else:
        search = search.sort("_score", {"offer_id": "asc"})
    start = (params.page - 1) * params.page_size
    search = search.extra(from_=start, size=params.page_size, track_total_hits=True)
    return search.source(excludes=["title_prefixes", "area_cells", "geo"])


def filtered_query(params: SearchParams) -> Query:
    """Text, filters and facet selections in one query (for the map)."""
    text = text_query(params.query_groups())
    filters = base_filters(params) + facet_filters(params)
    return Q("bool", must=[text] if text else [Q("match_all")], filter=filters)


def build_map_points_search(search: Search, params: SearchParams, size: int) -> Search:
    search = search.query(filtered_query(params)).sort({"offer_id": "asc"})
    return search.extra(size=size).source(["offer_id", "title", "url", "locations"])


def build_map_search(search: Search, params: SearchParams, precision: int) -> Search:
    search = search.query(filtered_query(params))
    grid: dict[str, Any] = {"field": "geo", "precision": precision, "size": 10_000}
    if params.bbox is not None:
        west, south, east, north = params.bbox
        grid["bounds"] = {
            "top_left": {"lat": north, "lon": west},
            "bottom_right": {"lat": south, "lon": east},
        }
    search.aggs.bucket("tiles", "geotile_grid", **grid).metric(
        "centroid", "geo_centroid", field="geo"
    )
    return search.extra(size=0, track_total_hits=True)


def build_suggest_search(search: Search, q: str, size: int) -> Search | None:
    prefix = analysis.query_prefix(q)
    if len(prefix) < 2:
        return None
    earlier = analysis.analyze_query(q)[:-1]
    musts: list[Query] = [Q("term", title_prefixes=prefix[:20])]
    text = text_query(earlier[:MAX_QUERY_WORDS])
    if text is not None:
        musts.append(text)
    search = search.query(Q("bool", must=musts)).sort("_score", {"offer_id": "asc"})
    return search.extra(size=size).source(["offer_id", "title", "url"])
