"""The Elasticsearch requests of the offer search, as plain request bodies built from small
composable parts (a text query, the filters, the facet aggregations, sorting, paging).

User text reaches Elasticsearch only as Python-analysed terms inside `term`/`fuzzy` queries
(never query_string), so query syntax or markup in `q` is just text. Every query word is a
group of alternative terms (its stem, synonyms); each alternative's clauses carry a name
(`exact:<term>`, `fuzzy:<term>`), so the hits say which ones matched and the highlighting
needs no second look at the document's terms."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from offers_directory import freshness

from .. import analysis, geocells
from ..facets import facet_aggregations, terms_filter
from ..params import Place
from . import ranking
from .documents import FACETS
from .params import MAX_QUERY_WORDS, SearchParams

FACET_SIZE = 200
BOOLEAN_FACETS = ("free", "accessible")
# What a result shows: the rest of the document (analysed terms, cells, ages …) stays in the
# index. The description is fetched only when search words may be highlighted in it.
RESULT_SOURCE = [
    "offer_id", "source_id", "title", "url", "summary", "locations", "category", "language",
    "free", "accessible", "region", "provider", "verified_on", "translations",
]  # fmt: skip
EXACT, FUZZY = "exact:", "fuzzy:"
REACHES_YOU = "reaches_you"

Body = dict[str, Any]


def _fuzzy(term: str, edits: int) -> Body:
    return {
        "fuzzy": {
            "terms": {
                "value": term,
                "fuzziness": edits,
                "prefix_length": 1,
                "max_expansions": 50,
                "transpositions": True,
                "_name": FUZZY + term,
            }
        }
    }


def _word_query(group: frozenset[str]) -> Body:
    """One query word: the best of its alternatives (exact before typo), plus the title
    bonus, as the constant scores of search/offers/ranking.py."""
    terms = sorted(group)
    alternatives: list[Body] = [
        {
            "constant_score": {
                "filter": {"term": {"terms": {"value": term, "_name": EXACT + term}}},
                "boost": ranking.EXACT_SCORE,
            }
        }
        for term in terms
    ]
    alternatives += [
        {"constant_score": {"filter": _fuzzy(term, edits), "boost": ranking.FUZZY_SCORE}}
        for term in terms
        if (edits := analysis.fuzziness(term))
    ]
    return {
        "bool": {
            "must": [{"dis_max": {"queries": alternatives}}],
            "should": [
                {
                    "constant_score": {
                        "filter": {"terms": {"title_terms": terms}},
                        "boost": ranking.TITLE_SCORE,
                    }
                }
            ],
        }
    }


def text_query(groups: Sequence[frozenset[str]]) -> Body | None:
    """Every query word must match one of its alternatives (exact terms score higher than
    typo matches, title terms add to the score)."""
    if not groups:
        return None
    return {"bool": {"must": [_word_query(group) for group in groups]}}


def covering_query(params: SearchParams) -> Body | None:
    """A service area covers the place: the offer comes to the family (named, so a hit says
    so)."""
    if params.place is None:
        return None
    cells = geocells.point_cells(params.place.latitude, params.place.longitude)
    return {"terms": {"area_cells": cells, "_name": REACHES_YOU}}


def geo_query(params: SearchParams) -> Body | None:
    """Within the radius of a location, or inside a service area that covers the place."""
    if params.place is None:
        return None
    lat, lon = params.place.latitude, params.place.longitude
    return {
        "bool": {
            "should": [
                {
                    "geo_distance": {
                        "distance": f"{params.radius_km}km",
                        "geo": {"lat": lat, "lon": lon},
                    }
                },
                covering_query(params),
            ],
            "minimum_should_match": 1,
        }
    }


def bbox_query(bbox: tuple[float, float, float, float] | None) -> Body | None:
    if bbox is None:
        return None
    west, south, east, north = bbox
    return {
        "geo_bounding_box": {
            "geo": {
                "top_left": {"lat": north, "lon": west},
                "bottom_right": {"lat": south, "lon": east},
            }
        }
    }


def _verified_before(day: str) -> Body:
    return {"range": {"verified_on": {"lt": day}}}


def visible_filter() -> Body:
    """Not hidden for want of verification, decided today (offers_directory/freshness.py);
    a document without the date (indexed before the field existed) stays visible."""
    hidden_before = freshness.limits().hidden_before.isoformat()
    return {"bool": {"must_not": [_verified_before(hidden_before)]}}


def base_filters(params: SearchParams) -> list[Body]:
    """Filters that are not facets (they narrow every count)."""
    filters = [f for f in (geo_query(params), bbox_query(params.bbox)) if f is not None]
    filters.append(visible_filter())
    if params.age_months is not None:
        filters.append({"range": {"min_age_months": {"lte": params.age_months}}})
        filters.append({"range": {"max_age_months": {"gte": params.age_months}}})
    if params.pregnant is not None:
        filters.append({"term": {"during_pregnancy": params.pregnant}})
    return filters


def facet_filters(params: SearchParams, except_facet: str | None = None) -> list[Body]:
    """The facet selections (several values of one facet combine with OR)."""
    return [
        terms_filter(field, params.facet_selection(facet), boolean=facet in BOOLEAN_FACETS)
        for facet, field in FACETS.items()
        if facet != except_facet and params.facet_selection(facet)
    ]


def _query(text: Body | None, filters: list[Body]) -> Body:
    return {"bool": {"must": [text] if text else [{"match_all": {}}], "filter": filters}}


def _geo_sort(params: SearchParams) -> Body:
    assert params.place is not None
    return {
        "_geo_distance": {
            "geo": {"lat": params.place.latitude, "lon": params.place.longitude},
            "order": "asc",
            "unit": "km",
            "mode": "min",
            "ignore_unmapped": True,
        }
    }


def _fresh_first(query: Body, params: SearchParams) -> Body:
    """The score of a stale offer × ranking.STALE_FACTOR (an offer matching no function
    keeps its score)."""
    if not ranking.freshness_applies(params.sort):
        return query
    stale_before = freshness.limits().stale_before.isoformat()
    return {
        "function_score": {
            "query": query,
            "functions": [
                {"filter": _verified_before(stale_before), "weight": ranking.STALE_FACTOR}
            ],
            "boost_mode": "multiply",
        }
    }


def _ordered(query: Body, params: SearchParams) -> tuple[Body, list[Any]]:
    """The hits' query and sort for the search's order (search/offers/ranking.py)."""
    order = params.order()
    by_id = {"offer_id": {"order": "asc"}}
    if order == "relevance" or params.place is None:
        return _fresh_first(query, params), ["_score", by_id]
    covering = covering_query(params)
    if order == "distance":
        # Tiers: an offer that comes to the family, the others; then distance.
        scored = {
            "function_score": {
                "query": query,
                "functions": [
                    {"filter": covering, "weight": ranking.REACHES_YOU_WEIGHT},
                    {"weight": 1},
                ],
                "score_mode": "max",
                "boost_mode": "replace",
            }
        }
        return _fresh_first(scored, params), ["_score", _geo_sort(params), by_id]
    decay = ranking.distance_decay().function_body(params.place.latitude, params.place.longitude)
    blended = {
        "function_score": {
            "query": query,
            "functions": [{"filter": covering, "weight": 1}, decay],
            "score_mode": "max",
            "boost_mode": "multiply",
        }
    }
    return _fresh_first(blended, params), ["_score", by_id]


def search_bodies(params: SearchParams) -> tuple[Body, Body]:
    """The result page and its counts, two searches for one round trip (`_msearch`):

    - the hits: text and non-facet filters in `query`, facet selections in `post_filter`;
      without counting every match, so Elasticsearch may skip documents that cannot reach
      the page;
    - the total and the facets: the same query and post_filter, and per facet an aggregation
      that applies every selection except its own (so a facet's counts show what choosing
      another of its values would give); no hits (size 0), so Elasticsearch's request cache
      keeps the answer until the index changes."""
    groups = params.query_groups()
    query = _query(text_query(groups), base_filters(params))
    selected = facet_filters(params)
    post_filter = {"post_filter": {"bool": {"filter": selected}}} if selected else {}
    hits_query, sort = _ordered(query, params)
    hits: Body = {
        "query": hits_query,
        **post_filter,
        "sort": sort,
        "from": (params.page - 1) * params.page_size,
        "size": params.page_size,
        "track_total_hits": False,
        "_source": [*RESULT_SOURCE, "description"] if groups else RESULT_SOURCE,
    }
    counts: Body = {
        "query": query,
        **post_filter,
        "aggs": facet_aggregations(
            FACETS, lambda facet: facet_filters(params, except_facet=facet), FACET_SIZE
        ),
        "size": 0,
        "track_total_hits": True,
    }
    return hits, counts


def filtered_query(params: SearchParams) -> Body:
    """Text, filters and facet selections in one query (for the map)."""
    return _query(text_query(params.query_groups()), base_filters(params) + facet_filters(params))


def map_bodies(params: SearchParams, precision: int, points: int) -> tuple[Body, Body]:
    """The map's two searches for one round trip: the matches counted into map tiles
    (geotile_grid with each tile's centroid; size 0, so the request cache keeps it), and the
    first `points` matches themselves, shown one by one when there are no more than that
    (collection stops after one more, which is all it takes to know there are)."""
    query = filtered_query(params)
    grid: Body = {"field": "geo", "precision": precision, "size": 10_000}
    if params.bbox is not None:
        west, south, east, north = params.bbox
        grid["bounds"] = {
            "top_left": {"lat": north, "lon": west},
            "bottom_right": {"lat": south, "lon": east},
        }
    tiles: Body = {
        "query": query,
        "aggs": {
            "tiles": {
                "geotile_grid": grid,
                "aggs": {"centroid": {"geo_centroid": {"field": "geo"}}},
            }
        },
        "size": 0,
        "track_total_hits": True,
    }
    single: Body = {
        "query": query,
        "sort": [{"offer_id": {"order": "asc"}}],
        "size": points,
        "terminate_after": points + 1,
        "track_total_hits": False,
        "_source": ["offer_id", "title", "url", "locations", "translations"],
    }
    return tiles, single


def suggest_body(q: str, size: int, place: Place | None = None) -> Body | None:
    """Title completions; with the family's place, the nearest offers first (those without
    a location last), as the database engine orders them."""
    prefix = analysis.query_prefix(q)
    if len(prefix) < 2:
        return None
    earlier = analysis.analyze_query(q)[:-1]
    musts: list[Body] = [{"term": {"title_prefixes": prefix[:20]}}]
    text = text_query(earlier[:MAX_QUERY_WORDS])
    if text is not None:
        musts.append(text)
    order: list[Any] = ["_score", {"offer_id": {"order": "asc"}}]
    if place is not None:
        # The search's own distance order, then the text's.
        order = [_geo_sort(SearchParams(place=place, sort="distance")), *order]
    return {
        "query": {"bool": {"must": musts, "filter": [visible_filter()]}},
        "sort": order,
        "size": size,
        "_source": ["offer_id", "title", "url"],
    }
