"""The offer search behind one interface (search, map, suggest), answered by Elasticsearch or
by the database.

Both engines read the same documents (indexing.py), match with the same Python analysis and
answer through the same formatting (results.py), so the API behaves alike whichever answered;
the response says which one did (`engine`)."""

from __future__ import annotations

import logging
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from django.db.models import Q, QuerySet
from django.dispatch import Signal

from offers_directory import freshness, geo

from .. import analysis
from ..engine import choose
from ..facets import bucket_counts
from ..models import SearchEntry, SearchPoint
from ..params import Place
from . import queries, ranking
from .documents import FACETS
from .entries import unpack_facets, unpack_points
from .highlighting import NO_MATCH, Match, fuzzy_matches
from .index import offer_index
from .indexing import public_offers
from .params import MAX_QUERY_WORDS, SearchParams
from .results import (
    POINTS_THRESHOLD,
    ResultFormatter,
    in_bbox,
    map_points,
    map_precision,
    map_response,
    search_response,
    tile_key,
)

SearchResponse = dict[str, Any]
MAX_SUGGESTIONS = 10
logger = logging.getLogger(__name__)

# Sent once per search a visitor asked for (the API's /offers/ and the finder page; not the
# finder's counts for alternatives, suggestions or the map), with `params` and `response`, so
# a project app can count searches (insights/: the zero-result log) without search/ knowing it.
search_answered = Signal()


class OfferEngine(Protocol):
    name: str

    def search(self, params: SearchParams) -> SearchResponse: ...

    def map(self, params: SearchParams) -> SearchResponse: ...

    def suggest(
        self, q: str, limit: int = MAX_SUGGESTIONS, place: Place | None = None
    ) -> list[dict[str, Any]]: ...


# --- Elasticsearch ---------------------------------------------------------------------------


class ElasticsearchEngine:
    name = "elasticsearch"

    def search(self, params: SearchParams) -> SearchResponse:
        hits, counts = offer_index.execute_many(list(queries.search_bodies(params)))
        groups = params.query_groups()
        format_result = ResultFormatter(params)
        results = [
            format_result(
                hit["_source"],
                Match.from_named(groups, hit.get("matched_queries") or ()) if groups else NO_MATCH,
                reaches_you=queries.REACHES_YOU in (hit.get("matched_queries") or ()),
            )
            for hit in hits["hits"]["hits"]
        ]
        total = counts["hits"]["total"]["value"]
        facets = bucket_counts(counts["aggregations"], FACETS)
        return search_response(self.name, total, results, facets, params)

    def map(self, params: SearchParams) -> SearchResponse:
        precision = map_precision(params)
        tiles, single = offer_index.execute_many(
            list(queries.map_bodies(params, precision, POINTS_THRESHOLD))
        )
        count = tiles["hits"]["total"]["value"]
        if count <= POINTS_THRESHOLD:
            docs = (hit["_source"] for hit in single["hits"]["hits"])
            return map_response(
                self.name, count, precision, params, type="points", points=map_points(docs, params)
            )
        clusters = []
        for bucket in tiles["aggregations"]["tiles"]["buckets"]:
            centroid = bucket["centroid"].get("location") or {}
            clusters.append(
                {
                    "key": bucket["key"],
                    "count": bucket["doc_count"],
                    "latitude": centroid.get("lat"),
                    "longitude": centroid.get("lon"),
                }
            )
        return map_response(self.name, count, precision, params, type="clusters", clusters=clusters)

    def suggest(
        self, q: str, limit: int = MAX_SUGGESTIONS, place: Place | None = None
    ) -> list[dict[str, Any]]:
        body = queries.suggest_body(q, limit, place)
        if body is None:
            return []
        hits = offer_index.execute(body)["hits"]["hits"]
        return [
            {
                "id": h["_source"]["offer_id"],
                "title": h["_source"]["title"],
                "url": h["_source"]["url"],
            }
            for h in hits
        ]


# --- database --------------------------------------------------------------------------------


@dataclass
class _Candidate:
    """One offer of the database engine, with what filtering and counting need."""

    offer_id: int
    score: float
    distance: float | None
    facets: dict[str, list[str]]
    points: list[tuple[float, float]]
    terms: set[str]
    reaches_you: bool = False
    # ranking.freshness_factor: 1, or ranking.STALE_FACTOR for a stale offer.
    freshness: float = 1.0


def _km_box(lat: float, lon: float, km: float) -> tuple[float, float, float, float]:
    """(south, west, north, east) around a point, generous enough for the haversine."""
    dlat = km / 110.5
    dlon = km / (111.3 * max(0.01, math.cos(math.radians(lat))))
    return lat - dlat, lon - dlon, lat + dlat, lon + dlon


def _area_covers(area: dict[str, Any], lat: float, lon: float) -> bool:
    if area.get("geometry") is not None:
        return geo.geometry_contains(area["geometry"], lat, lon)
    circle = area.get("circle")
    return bool(circle) and geo.haversine_km(circle[0], circle[1], lat, lon) <= circle[2]


class _TextMatcher:
    """Query words → the document terms each one matches: its own alternatives exactly, and
    within the typo distance among the words of the candidates (computed once per query
    over their vocabulary, as Elasticsearch expands a fuzzy query over its term dictionary,
    not once per document)."""

    def __init__(
        self,
        groups: Sequence[frozenset[str]],
        vocabulary: Iterable[set[str]],
    ) -> None:
        self.groups = groups
        words: set[str] = set()
        for terms in vocabulary:
            words |= terms
        self.fuzzy = [
            set().union(*(fuzzy_matches(t, words - group) for t in group)) for group in groups
        ]

    def score(self, terms: set[str], title_terms: set[str]) -> float:
        total = 0.0
        for group, fuzzy in zip(self.groups, self.fuzzy, strict=True):
            if group & terms:
                total += ranking.EXACT_SCORE
            elif fuzzy & terms:
                total += ranking.FUZZY_SCORE
            else:
                return 0.0
            if group & title_terms:
                total += ranking.TITLE_SCORE
        return total

    def match(self, terms: set[str]) -> Match:
        """The document terms each query word matched (exactly if it can)."""
        matched: set[str] = set()
        for group, fuzzy in zip(self.groups, self.fuzzy, strict=True):
            matched |= (group & terms) or (fuzzy & terms)
        return Match(frozenset(matched))


def _order(candidates: list[_Candidate], params: SearchParams) -> None:
    """Sort as Elasticsearch does (search/offers/queries.py `_ordered`)."""
    order = params.order()
    fresh = ranking.freshness_applies(params.sort)

    def factor(c: _Candidate) -> float:
        return c.freshness if fresh else 1.0

    if order == "distance":
        candidates.sort(
            key=lambda c: (
                -(ranking.REACHES_YOU_WEIGHT if c.reaches_you else 1.0) * factor(c),
                c.distance is None,
                c.distance or 0.0,
                c.offer_id,
            )
        )
    elif order == "blend":
        decay = ranking.distance_decay()

        def blended(c: _Candidate) -> float:
            near = decay.factor(c.distance) if c.distance is not None else 1.0
            return c.score * (1.0 if c.reaches_you else near) * factor(c)

        candidates.sort(key=lambda c: (-blended(c), c.offer_id))
    else:
        # Without search words Elasticsearch scores every match 1 (match_all).
        candidates.sort(key=lambda c: (-(c.score or 1.0) * factor(c), c.offer_id))


class DatabaseEngine:
    """The same search over the database, for when Elasticsearch is not configured or does
    not answer. It reads the denormalised entries (search.models.SearchEntry, written with
    every change of an offer, see search/outbox.py): SQL narrows the candidates — public
    offers only, a bounding box around the circle or the viewport on an indexed points table,
    service areas by their bounding box, age and pregnancy — and one pass in Python does the
    exact distance, the text match and every facet count; full documents are loaded for the
    result page only. It only reads: an offer without a current entry waits for
    `search_index --fix`."""

    name = "database"

    def _entries(self, params: SearchParams) -> QuerySet[SearchEntry]:
        queryset = SearchEntry.objects.filter(offer_id__in=public_offers().values("pk"))
        if params.place is not None:
            lat, lon = params.place.latitude, params.place.longitude
            south, west, north, east = _km_box(lat, lon, params.radius_km)
            near = SearchPoint.objects.filter(
                latitude__range=(south, north), longitude__range=(west, east)
            ).values("entry_id")
            covering = Q(
                has_areas=True,
                area_south__lte=lat,
                area_north__gte=lat,
                area_west__lte=lon,
                area_east__gte=lon,
            )
            queryset = queryset.filter(Q(offer_id__in=near) | covering)
        if params.bbox is not None:
            west, south, east, north = params.bbox
            inside = SearchPoint.objects.filter(
                latitude__range=(south, north), longitude__range=(west, east)
            ).values("entry_id")
            queryset = queryset.filter(offer_id__in=inside)
        if params.age_months is not None:
            queryset = queryset.filter(
                min_age_months__lte=params.age_months, max_age_months__gte=params.age_months
            )
        if params.pregnant is not None:
            queryset = queryset.filter(during_pregnancy=params.pregnant)
        return queryset

    def _candidates(self, params: SearchParams) -> tuple[list[_Candidate], _TextMatcher | None]:
        """The offers matching text and non-facet filters (one SQL query)."""
        # Service areas are decoded only when a place asks for them.
        areas_field = "areas" if params.place is not None else "has_areas"
        rows = list(
            self._entries(params).values_list(
                "offer_id",
                "terms",
                "title_terms",
                "facet_text",
                "point_text",
                areas_field,
                "verified_on",
            )
        )
        groups = params.query_groups()
        term_sets = [set(row[1].split()) for row in rows] if groups else []
        matcher = _TextMatcher(groups, term_sets) if groups else None
        place = params.place
        stale_before = freshness.limits().stale_before
        found: list[_Candidate] = []
        for index, row in enumerate(rows):
            offer_id, _terms, title_terms, facet_text, point_text, areas, verified_on = row
            points = unpack_points(point_text)
            if params.bbox is not None and not any(
                in_bbox(lat, lon, params.bbox) for lat, lon in points
            ):
                continue
            distance = None
            reaches_you = False
            if place is not None:
                if points:
                    distance = min(
                        geo.haversine_km(place.latitude, place.longitude, lat, lon)
                        for lat, lon in points
                    )
                reaches_you = any(
                    _area_covers(area, place.latitude, place.longitude) for area in areas
                )
                if (distance is None or distance > params.radius_km) and not reaches_you:
                    continue
            score = 0.0
            terms: set[str] = set()
            if matcher is not None:
                terms = term_sets[index]
                score = matcher.score(terms, set(title_terms.split()))
                if score <= 0:
                    continue
            found.append(
                _Candidate(
                    offer_id,
                    score,
                    distance,
                    unpack_facets(facet_text),
                    points,
                    terms,
                    reaches_you,
                    ranking.freshness_factor(verified_on, stale_before),
                )
            )
        return found, matcher

    @staticmethod
    def _documents(ids: list[int]) -> dict[int, dict[str, Any]]:
        rows = SearchEntry.objects.filter(offer_id__in=ids).values_list("offer_id", "document")
        return dict(rows)

    @staticmethod
    def _failing(candidate: _Candidate, selections: dict[str, set[str]]) -> list[str]:
        return [
            facet
            for facet, chosen in selections.items()
            if not chosen.intersection(candidate.facets.get(facet) or ())
        ]

    @staticmethod
    def _selections(params: SearchParams) -> dict[str, set[str]]:
        return {
            facet: set(params.facet_selection(facet))
            for facet in FACETS
            if params.facet_selection(facet)
        }

    def search(self, params: SearchParams) -> SearchResponse:
        """Results, count and facet counts; one pass over the candidates: an offer that
        fails no facet selection counts in every facet, one that fails exactly one counts
        in that facet only (its own selection is ignored there), others in none."""
        candidates, matcher = self._candidates(params)
        selections = self._selections(params)
        counts: dict[str, Counter] = {facet: Counter() for facet in FACETS}
        selected: list[_Candidate] = []
        for candidate in candidates:
            failing = self._failing(candidate, selections)
            if len(failing) > 1:
                continue
            if failing:
                counts[failing[0]].update(candidate.facets.get(failing[0]) or ())
                continue
            selected.append(candidate)
            for facet in FACETS:
                counts[facet].update(candidate.facets.get(facet) or ())
        _order(selected, params)
        start = (params.page - 1) * params.page_size
        page = selected[start : start + params.page_size]
        docs = self._documents([c.offer_id for c in page])
        format_result = ResultFormatter(params)
        results = [
            format_result(
                docs[c.offer_id],
                matcher.match(c.terms) if matcher else NO_MATCH,
                reaches_you=c.reaches_you,
            )
            for c in page
        ]
        return search_response(self.name, len(selected), results, counts, params)

    def map(self, params: SearchParams) -> SearchResponse:
        precision = map_precision(params)
        selections = self._selections(params)
        candidates, _matcher = self._candidates(params)
        matches = [c for c in candidates if not self._failing(c, selections)]
        if len(matches) <= POINTS_THRESHOLD:
            docs = self._documents([m.offer_id for m in matches])
            ordered = [docs[m.offer_id] for m in sorted(matches, key=lambda m: m.offer_id)]
            return map_response(
                self.name,
                len(matches),
                precision,
                params,
                type="points",
                points=map_points(ordered, params),
            )
        tiles: dict[str, list[tuple[float, float]]] = {}
        tile_docs: Counter = Counter()
        for match in matches:
            keys: dict[str, list[tuple[float, float]]] = {}
            for lat, lon in match.points:
                if in_bbox(lat, lon, params.bbox):
                    keys.setdefault(tile_key(lat, lon, precision), []).append((lat, lon))
            for key, points in keys.items():
                tile_docs[key] += 1
                tiles.setdefault(key, []).extend(points)
        clusters = [
            {
                "key": key,
                "count": tile_docs[key],
                "latitude": sum(p[0] for p in points) / len(points),
                "longitude": sum(p[1] for p in points) / len(points),
            }
            for key, points in tiles.items()
        ]
        clusters.sort(key=lambda c: (-c["count"], c["key"]))
        return map_response(
            self.name, len(matches), precision, params, type="clusters", clusters=clusters
        )

    def suggest(
        self, q: str, limit: int = MAX_SUGGESTIONS, place: Place | None = None
    ) -> list[dict[str, Any]]:
        prefix = analysis.query_prefix(q)
        if len(prefix) < 2:
            return []
        earlier = analysis.analyze_query(q)[:-1][:MAX_QUERY_WORDS]
        rows = list(
            self._entries(SearchParams())
            .filter(title_prefixes__contains=f" {prefix[:20]} ")
            .values_list("offer_id", "title", "url", "terms", "title_terms", "point_text")
        )
        term_sets = [set(row[3].split()) for row in rows]
        matcher = _TextMatcher(earlier, term_sets) if earlier else None
        found = [
            row
            for row, terms in zip(rows, term_sets, strict=True)
            if matcher is None or matcher.score(terms, set(row[4].split())) > 0
        ]
        found.sort(key=lambda row: (row[1].lower(), row[0]))
        if place is not None:
            # Nearest first, offers without a location last (as Elasticsearch's sort).
            def distance(row: tuple[Any, ...]) -> tuple[bool, float]:
                points = unpack_points(row[5])
                return (
                    not points,
                    min(
                        (geo.haversine_km(place.latitude, place.longitude, *p) for p in points),
                        default=0.0,
                    ),
                )

            found.sort(key=distance)
        return [{"id": row[0], "title": row[1], "url": row[2]} for row in found[:limit]]


def answer_search(params: SearchParams) -> SearchResponse:
    """A visitor's search: the engine's answer, then `search_answered`. A receiver's failure
    is logged and never fails the search."""
    response = get_engine().search(params)
    for receiver, result in search_answered.send_robust(
        sender=SearchParams, params=params, response=response
    ):
        if isinstance(result, Exception):
            logger.error("search_answered receiver %r failed", receiver, exc_info=result)
    return response


def get_engine() -> OfferEngine:
    """Elasticsearch (with the database as fallback) when ELASTICSEARCH_URL is set,
    otherwise the database."""
    return choose(ElasticsearchEngine(), DatabaseEngine(), "offers")
