"""The offer search behind one interface, answered by Elasticsearch or by the database.

Both engines use the same documents (search/indexing.py), the same Python analysis and the
same result formatting, so the API behaves alike whichever answered; the response says which
one did (`engine`)."""

from __future__ import annotations

import logging
import math
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from django.conf import settings
from django.db.models import Q as SQLQ

from elasticsearch import ApiError, NotFoundError, TransportError
from elasticsearch import ConnectionError as ESConnectionError
from elasticsearch.dsl import Search

from offers_directory import geo
from offers_directory.models import Language, OrganizationPage, TaxonomyTerm

from . import geocells, indexing, queries, snippets
from .client import get_client
from .documents import ACCESSIBLE_LABELS, AGE_GROUP_LABELS, FACETS, FREE_LABELS
from .index_manager import alias_name
from .queries import SearchParams

logger = logging.getLogger(__name__)

SearchResponse = dict[str, Any]
POINTS_THRESHOLD = 200
MAX_SUGGESTIONS = 10


class SearchEngine(Protocol):
    name: str

    def search(self, params: SearchParams) -> SearchResponse: ...

    def map(self, params: SearchParams) -> SearchResponse: ...

    def suggest(self, q: str, limit: int = MAX_SUGGESTIONS) -> list[dict[str, Any]]: ...


class EngineUnavailable(Exception):
    """Elasticsearch did not answer (or has no offer index yet)."""


# --- shared formatting --------------------------------------------------------------------


def _location(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "latitude": data["latitude"],
        "longitude": data["longitude"],
        "name": data.get("name") or "",
        "address": data.get("address") or "",
        "postal_code": data.get("postal_code") or "",
        "city": data.get("city") or "",
    }


def nearest(
    doc: dict[str, Any], place: queries.Place | None
) -> tuple[dict[str, Any] | None, float | None]:
    locations = doc.get("locations") or []
    if not locations:
        return None, None
    if place is None:
        return _location(locations[0]), None
    best = min(
        locations,
        key=lambda loc: geo.haversine_km(
            place.latitude, place.longitude, loc["latitude"], loc["longitude"]
        ),
    )
    distance = geo.haversine_km(
        place.latitude, place.longitude, best["latitude"], best["longitude"]
    )
    return _location(best), distance


def format_result(doc: dict[str, Any], params: SearchParams) -> dict[str, Any]:
    nearest_location, distance = nearest(doc, params.place)
    groups = params.query_groups()
    matched = snippets.matched_terms(groups, set((doc.get("terms") or "").split())) or set()
    return {
        "id": doc["offer_id"],
        "source_id": doc.get("source_id") or None,
        "title": doc["title"],
        "url": doc.get("url"),
        "summary": doc.get("summary") or "",
        "distance_km": round(distance, 3) if distance is not None else None,
        "nearest_location": nearest_location,
        "locations": [_location(loc) for loc in doc.get("locations") or []],
        "categories": list(doc.get("category") or []),
        "languages": list(doc.get("language") or []),
        "free": bool(doc.get("free")),
        "accessible": bool(doc.get("accessible")),
        "region": doc.get("region"),
        "provider": doc.get("provider"),
        "highlights": snippets.highlights(doc, matched),
    }


def facet_labels(facet: str, values: Iterable[str]) -> dict[str, str]:
    values = [v for v in values if v is not None]
    if facet == "category":
        return dict(TaxonomyTerm.objects.filter(code__in=values).values_list("code", "name"))
    if facet == "language":
        return {lang.code: str(lang) for lang in Language.objects.filter(code__in=values)}
    if facet == "region":
        from offers_directory.regions import region_page_model

        model = region_page_model()
        if model is None:
            return {}
        return dict(model.objects.filter(slug__in=values).values_list("slug", "title"))
    if facet == "provider":
        ids = [int(v) for v in values if str(v).isdigit()]
        rows = OrganizationPage.objects.filter(pk__in=ids).values_list("pk", "title")
        return {str(pk): title for pk, title in rows}
    if facet == "age_group":
        return AGE_GROUP_LABELS
    if facet == "free":
        return FREE_LABELS
    if facet == "accessible":
        return ACCESSIBLE_LABELS
    return {}


def format_facets(counts: dict[str, Counter], params: SearchParams) -> dict[str, list[dict]]:
    result: dict[str, list[dict]] = {}
    for facet in FACETS:
        counter = Counter(counts.get(facet) or {})
        for selected in params.facet_selection(facet):
            counter.setdefault(selected, 0)
        labels = facet_labels(facet, list(counter))
        items = [
            {
                "value": value,
                "label": labels.get(value, value),
                "count": count,
                "selected": value in params.facet_selection(facet),
            }
            for value, count in counter.items()
        ]
        if facet == "age_group":
            order = list(AGE_GROUP_LABELS)
            items.sort(
                key=lambda item: order.index(item["value"]) if item["value"] in order else 99
            )
        else:
            items.sort(key=lambda item: (-item["count"], str(item["label"]).lower()))
        result[facet] = items
    return result


def location_payload(params: SearchParams) -> dict[str, Any] | None:
    if params.place is None:
        return None
    return {
        "label": params.place.label,
        "latitude": params.place.latitude,
        "longitude": params.place.longitude,
        "radius_km": params.radius_km,
    }


def map_precision(params: SearchParams) -> int:
    if params.zoom is not None:
        zoom = params.zoom
    elif params.bbox is not None:
        width = max(1e-6, (params.bbox[2] - params.bbox[0]) % 360 or 360)
        zoom = int(math.log2(360 / width))
    else:
        zoom = 6
    return max(0, min(29, zoom + 2))


def tile_key(latitude: float, longitude: float, precision: int) -> str:
    """The geotile_grid key ("z/x/y", Web Mercator tiles) of a point, as Elasticsearch
    computes it."""
    tiles = 1 << precision
    x = int(math.floor((longitude + 180.0) / 360.0 * tiles))
    lat = max(min(latitude, 85.05112878), -85.05112878)
    sin = math.sin(math.radians(lat))
    y = int(math.floor((0.5 - math.log((1 + sin) / (1 - sin)) / (4 * math.pi)) * tiles))
    return f"{precision}/{min(max(x, 0), tiles - 1)}/{min(max(y, 0), tiles - 1)}"


def in_bbox(lat: float, lon: float, bbox: tuple[float, float, float, float] | None) -> bool:
    if bbox is None:
        return True
    west, south, east, north = bbox
    if not south <= lat <= north:
        return False
    if west <= east:
        return west <= lon <= east
    return lon >= west or lon <= east  # across the antimeridian


def map_points(docs: Iterable[dict[str, Any]], params: SearchParams) -> list[dict[str, Any]]:
    points = []
    for doc in docs:
        for loc in doc.get("locations") or []:
            if in_bbox(loc["latitude"], loc["longitude"], params.bbox):
                points.append(
                    {
                        "id": doc["offer_id"],
                        "title": doc["title"],
                        "url": doc.get("url"),
                        "latitude": loc["latitude"],
                        "longitude": loc["longitude"],
                        "address": loc.get("address") or "",
                    }
                )
    return points


# --- Elasticsearch ------------------------------------------------------------------------


def _bucket_value(facet: str, bucket: dict[str, Any]) -> str:
    if facet in ("free", "accessible"):
        return bucket.get("key_as_string") or ("true" if bucket["key"] else "false")
    return str(bucket["key"])


class ElasticsearchEngine:
    name = "elasticsearch"

    def _search(self) -> Search:
        return Search(using=get_client(), index=alias_name())

    def _execute(self, search: Search) -> dict[str, Any]:
        try:
            return get_client().search(index=alias_name(), body=search.to_dict()).body
        except NotFoundError as error:
            raise EngineUnavailable(f"no offer index: {error}") from error
        except (ESConnectionError, TransportError) as error:
            raise EngineUnavailable(repr(error)) from error
        except ApiError as error:
            if error.status_code >= 500:
                raise EngineUnavailable(repr(error)) from error
            raise

    def search(self, params: SearchParams) -> SearchResponse:
        body = self._execute(queries.build_search(self._search(), params))
        hits = body["hits"]["hits"]
        counts: dict[str, Counter] = {}
        for facet in FACETS:
            buckets = body["aggregations"][f"facet_{facet}"]["values"]["buckets"]
            counts[facet] = Counter({_bucket_value(facet, b): b["doc_count"] for b in buckets})
        return {
            "count": body["hits"]["total"]["value"],
            "engine": self.name,
            "location": location_payload(params),
            "page": params.page,
            "page_size": params.page_size,
            "results": [format_result(hit["_source"], params) for hit in hits],
            "facets": format_facets(counts, params),
        }

    def map(self, params: SearchParams) -> SearchResponse:
        precision = map_precision(params)
        body = self._execute(queries.build_map_search(self._search(), params, precision))
        count = body["hits"]["total"]["value"]
        response: dict[str, Any] = {
            "engine": self.name,
            "count": count,
            "precision": precision,
            "location": location_payload(params),
        }
        if count <= POINTS_THRESHOLD:
            search = queries.build_map_points_search(self._search(), params, POINTS_THRESHOLD)
            hits = self._execute(search)["hits"]["hits"]
            response.update(
                type="points",
                points=map_points((h["_source"] for h in hits), params),
                clusters=[],
            )
            return response
        clusters = []
        for bucket in body["aggregations"]["tiles"]["buckets"]:
            centroid = bucket["centroid"].get("location") or {}
            clusters.append(
                {
                    "key": bucket["key"],
                    "count": bucket["doc_count"],
                    "latitude": centroid.get("lat"),
                    "longitude": centroid.get("lon"),
                }
            )
        response.update(type="clusters", clusters=clusters, points=[])
        return response

    def suggest(self, q: str, limit: int = MAX_SUGGESTIONS) -> list[dict[str, Any]]:
        search = queries.build_suggest_search(self._search(), q, limit)
        if search is None:
            return []
        hits = self._execute(search)["hits"]["hits"]
        return [
            {
                "id": h["_source"]["offer_id"],
                "title": h["_source"]["title"],
                "url": h["_source"]["url"],
            }
            for h in hits
        ]


# --- database -----------------------------------------------------------------------------


@dataclass
class _Match:
    """One candidate of the database engine, with what filtering and counting need."""

    offer_id: int
    score: float
    distance: float | None
    facets: dict[str, list[str]]
    points: list[tuple[float, float]]


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

    def __init__(self, groups: list[frozenset[str]], vocabulary: Iterable[set[str]]) -> None:
        self.groups = groups
        words: set[str] = set()
        for terms in vocabulary:
            words |= terms
        self.fuzzy = [
            set().union(*(snippets.fuzzy_matches(t, words - group) for t in group))
            for group in groups
        ]

    def score(self, terms: set[str], title_terms: set[str]) -> float:
        total = 0.0
        for group, fuzzy in zip(self.groups, self.fuzzy, strict=True):
            if group & terms:
                total += 2.0
            elif fuzzy & terms:
                total += 1.0
            else:
                return 0.0
            if group & title_terms:
                total += 3.0
        return total


class DatabaseEngine:
    """The same search over the database, for when Elasticsearch is not configured or does
    not answer. It reads the denormalised entries (search.models.SearchEntry, written by the
    same hook as the outbox): SQL narrows the candidates — public offers only, a bounding
    box around the circle or the viewport on an indexed points table, service areas by
    their bounding box, age and pregnancy — and one pass in Python does the exact distance,
    the text match and every facet count; full documents are loaded for the result page
    only."""

    name = "database"

    def _entries(self, params: SearchParams):  # -> QuerySet[SearchEntry]
        from .models import SearchEntry, SearchPoint

        indexing.heal_entries()
        queryset = SearchEntry.objects.filter(offer_id__in=indexing.public_offers().values("pk"))
        if params.place is not None:
            lat, lon = params.place.latitude, params.place.longitude
            south, west, north, east = _km_box(lat, lon, params.radius_km)
            near = SearchPoint.objects.filter(
                latitude__range=(south, north), longitude__range=(west, east)
            ).values("entry_id")
            covering = SQLQ(
                has_areas=True,
                area_south__lte=lat,
                area_north__gte=lat,
                area_west__lte=lon,
                area_east__gte=lon,
            )
            queryset = queryset.filter(SQLQ(offer_id__in=near) | covering)
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

    def _base_matches(self, params: SearchParams) -> list[_Match]:
        """The offers matching text and non-facet filters (one SQL query)."""
        # Service areas are decoded only when a place asks for them.
        areas_field = "areas" if params.place is not None else "has_areas"
        rows = list(
            self._entries(params).values_list(
                "offer_id", "terms", "title_terms", "facet_text", "point_text", areas_field
            )
        )
        groups = params.query_groups()
        term_sets = [set(row[1].split()) for row in rows] if groups else []
        matcher = _TextMatcher(groups, term_sets) if groups else None
        place = params.place
        found: list[_Match] = []
        for index, (offer_id, _terms, title_terms, facet_text, point_text, areas) in enumerate(
            rows
        ):
            points = indexing.unpack_points(point_text)
            if params.bbox is not None and not any(
                in_bbox(lat, lon, params.bbox) for lat, lon in points
            ):
                continue
            distance = None
            if place is not None:
                if points:
                    distance = min(
                        geo.haversine_km(place.latitude, place.longitude, lat, lon)
                        for lat, lon in points
                    )
                if (distance is None or distance > params.radius_km) and not any(
                    _area_covers(area, place.latitude, place.longitude) for area in areas
                ):
                    continue
            score = 0.0
            if matcher is not None:
                score = matcher.score(term_sets[index], set(title_terms.split()))
                if score <= 0:
                    continue
            found.append(
                _Match(offer_id, score, distance, indexing.unpack_facets(facet_text), points)
            )
        return found

    @staticmethod
    def _documents(ids: list[int]) -> dict[int, dict[str, Any]]:
        from .models import SearchEntry

        rows = SearchEntry.objects.filter(offer_id__in=ids).values_list("offer_id", "document")
        return dict(rows)

    @staticmethod
    def _failing(match: _Match, selections: dict[str, set[str]]) -> list[str]:
        return [
            facet
            for facet, chosen in selections.items()
            if not chosen.intersection(match.facets.get(facet) or ())
        ]

    def search(self, params: SearchParams) -> SearchResponse:
        """Results, count and facet counts; one pass over the candidates: an offer that
        fails no facet selection counts in every facet, one that fails exactly one counts
        in that facet only (its own selection is ignored there), others in none."""
        matches = self._base_matches(params)
        selections = {
            facet: set(params.facet_selection(facet))
            for facet in FACETS
            if params.facet_selection(facet)
        }
        counts: dict[str, Counter] = {facet: Counter() for facet in FACETS}
        selected: list[_Match] = []
        for match in matches:
            failing = self._failing(match, selections)
            if len(failing) > 1:
                continue
            if failing:
                counts[failing[0]].update(match.facets.get(failing[0]) or ())
                continue
            selected.append(match)
            for facet in FACETS:
                counts[facet].update(match.facets.get(facet) or ())
        if params.sort == "distance" and params.place is not None:
            selected.sort(key=lambda m: (m.distance is None, m.distance or 0.0, m.offer_id))
        else:
            selected.sort(key=lambda m: (-m.score, m.offer_id))
        start = (params.page - 1) * params.page_size
        page = selected[start : start + params.page_size]
        docs = self._documents([m.offer_id for m in page])
        return {
            "count": len(selected),
            "engine": self.name,
            "location": location_payload(params),
            "page": params.page,
            "page_size": params.page_size,
            "results": [format_result(docs[m.offer_id], params) for m in page],
            "facets": format_facets(counts, params),
        }

    def map(self, params: SearchParams) -> SearchResponse:
        precision = map_precision(params)
        selections = {
            facet: set(params.facet_selection(facet))
            for facet in FACETS
            if params.facet_selection(facet)
        }
        matches = [m for m in self._base_matches(params) if not self._failing(m, selections)]
        response: dict[str, Any] = {
            "engine": self.name,
            "count": len(matches),
            "precision": precision,
            "location": location_payload(params),
        }
        if len(matches) <= POINTS_THRESHOLD:
            docs = self._documents([m.offer_id for m in matches])
            ordered = [docs[m.offer_id] for m in sorted(matches, key=lambda m: m.offer_id)]
            response.update(type="points", points=map_points(ordered, params), clusters=[])
            return response
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
        response.update(type="clusters", clusters=clusters, points=[])
        return response

    def suggest(self, q: str, limit: int = MAX_SUGGESTIONS) -> list[dict[str, Any]]:
        from . import analysis

        prefix = analysis.query_prefix(q)
        if len(prefix) < 2:
            return []
        earlier = analysis.analyze_query(q)[:-1][: queries.MAX_QUERY_WORDS]
        rows = list(
            self._entries(SearchParams())
            .filter(title_prefixes__contains=f" {prefix[:20]} ")
            .values_list("offer_id", "title", "url", "terms", "title_terms")
        )
        term_sets = [set(row[3].split()) for row in rows]
        matcher = _TextMatcher(earlier, term_sets) if earlier else None
        found = [
            row
            for row, terms in zip(rows, term_sets, strict=True)
            if matcher is None or matcher.score(terms, set(row[4].split())) > 0
        ]
        found.sort(key=lambda row: (row[1].lower(), row[0]))
        return [{"id": row[0], "title": row[1], "url": row[2]} for row in found[:limit]]


# --- choosing ------------------------------------------------------------------------------

_down: dict[str, Any] = {"client": None, "until": 0.0}


def reset_health() -> None:
    _down.update(client=None, until=0.0)


class FallbackEngine:
    """Elasticsearch first; the database when it does not answer (logged). After a failure
    the database answers alone for SEARCH["RETRY_AFTER_SECONDS"] so visitors do not wait for
    a timeout on every request."""

    def __init__(self) -> None:
        self.primary = ElasticsearchEngine()
        self.fallback = DatabaseEngine()
        self.name = self.primary.name

    def _call(self, method: str, *args: Any) -> Any:
        client = get_client()
        if _down["client"] is client and time.monotonic() < _down["until"]:
            return getattr(self.fallback, method)(*args)
        try:
            return getattr(self.primary, method)(*args)
        except EngineUnavailable as error:
            logger.warning("Elasticsearch did not answer, the database answers: %s", error)
            retry = (getattr(settings, "SEARCH", {}) or {}).get("RETRY_AFTER_SECONDS", 10)
            _down.update(client=client, until=time.monotonic() + retry)
            return getattr(self.fallback, method)(*args)

    def search(self, params: SearchParams) -> SearchResponse:
        return self._call("search", params)

    def map(self, params: SearchParams) -> SearchResponse:
        return self._call("map", params)

    def suggest(self, q: str, limit: int = MAX_SUGGESTIONS) -> list[dict[str, Any]]:
        return self._call("suggest", q, limit)


def get_engine() -> SearchEngine:
    """Elasticsearch (with the database as fallback) when ELASTICSEARCH_URL is set,
    otherwise the database."""
    if (getattr(settings, "SEARCH", {}) or {}).get("ELASTICSEARCH_URLS"):
        return FallbackEngine()
    return DatabaseEngine()


__all__ = ["DatabaseEngine", "ElasticsearchEngine", "SearchEngine", "get_engine", "geocells"]
