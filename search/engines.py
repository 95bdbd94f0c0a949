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
from typing import Any, Protocol

from django.conf import settings

from elasticsearch import ApiError, NotFoundError, TransportError
from elasticsearch import ConnectionError as ESConnectionError
from elasticsearch.dsl import Search

from offers_directory import geo
from offers_directory.models import Language, OfferPage, OrganizationPage, TaxonomyTerm

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
        from offers_directory.models import region_page_model

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


class DatabaseEngine:
    """The same search over the database: SQL narrows the candidates (a bounding box on the
    locations' coordinates), Python does the exact distance, matching and counting."""

    name = "database"

    def _candidates(self, params: SearchParams) -> list[tuple[OfferPage, dict[str, Any]]]:
        queryset = indexing.public_offers()
        if params.place is not None:
            lat, lon, radius = params.place.latitude, params.place.longitude, params.radius_km
            dlat = radius / 110.5
            dlon = radius / (111.3 * max(0.01, math.cos(math.radians(lat))))
            near = OfferPage.objects.filter(
                locations__latitude__range=(lat - dlat, lat + dlat),
                locations__longitude__range=(lon - dlon, lon + dlon),
            ) | OfferPage.objects.filter(service_areas__isnull=False)
            queryset = queryset.filter(pk__in=near.values("pk"))
        if params.bbox is not None:
            west, south, east, north = params.bbox
            inside = OfferPage.objects.filter(locations__latitude__range=(south, north))
            if west <= east:
                inside = inside.filter(locations__longitude__range=(west, east))
            queryset = queryset.filter(pk__in=inside.values("pk"))
        if params.age_months is not None:
            queryset = queryset.exclude(min_age_months__gt=params.age_months).exclude(
                max_age_months__lt=params.age_months
            )
        if params.pregnant is not None:
            queryset = queryset.filter(during_pregnancy=params.pregnant)
        pages = indexing.with_relations(queryset.order_by("pk"))
        regions = indexing.RegionLookup()
        return [(page, indexing.build_document(page, regions, area_cells=False)) for page in pages]

    def _geo_match(self, page: OfferPage, doc: dict[str, Any], params: SearchParams) -> bool:
        if params.place is None:
            return True
        lat, lon = params.place.latitude, params.place.longitude
        for loc in doc["locations"]:
            if geo.haversine_km(lat, lon, loc["latitude"], loc["longitude"]) <= params.radius_km:
                return True
        return any(area.covers(lat, lon) for area in page.service_areas.all())

    def _base_matches(self, params: SearchParams) -> list[tuple[dict[str, Any], float]]:
        """(document, score) of the offers matching text and non-facet filters."""
        groups = params.query_groups()
        found = []
        for page, doc in self._candidates(params):
            if params.bbox is not None and not any(
                in_bbox(loc["latitude"], loc["longitude"], params.bbox) for loc in doc["locations"]
            ):
                continue
            if not self._geo_match(page, doc, params):
                continue
            score = 0.0
            if groups:
                score = self._score(groups, doc)
                if score <= 0:
                    continue
            found.append((doc, score))
        return found

    @staticmethod
    def _score(groups: list[frozenset[str]], doc: dict[str, Any]) -> float:
        terms = set(doc["terms"].split())
        title_terms = set(doc["title_terms"].split())
        score = 0.0
        for group in groups:
            matched, exact = snippets.group_matches(group, terms)
            if not matched:
                return 0.0
            score += (2.0 if exact else 1.0) + (3.0 if group & title_terms else 0.0)
        return score

    @staticmethod
    def _facet_ok(doc: dict[str, Any], facet: str, values: list[str]) -> bool:
        if not values:
            return True
        field_value = doc.get(FACETS[facet])
        if facet in ("free", "accessible"):
            return ("true" if field_value else "false") in values
        if isinstance(field_value, list):
            return any(v in values for v in field_value)
        return field_value in values

    def _facets_pass(self, doc: dict[str, Any], params: SearchParams, skip: str | None) -> bool:
        return all(
            self._facet_ok(doc, facet, params.facet_selection(facet))
            for facet in FACETS
            if facet != skip
        )

    def search(self, params: SearchParams) -> SearchResponse:
        matches = self._base_matches(params)
        counts: dict[str, Counter] = {facet: Counter() for facet in FACETS}
        for doc, _score in matches:
            for facet, field_name in FACETS.items():
                if not self._facets_pass(doc, params, skip=facet):
                    continue
                value = doc.get(field_name)
                if facet in ("free", "accessible"):
                    counts[facet]["true" if value else "false"] += 1
                elif isinstance(value, list):
                    counts[facet].update(set(value))
                elif value is not None:
                    counts[facet][value] += 1
        selected = [(d, s) for d, s in matches if self._facets_pass(d, params, skip=None)]
        if params.sort == "distance" and params.place is not None:
            distances = {d["offer_id"]: nearest(d, params.place)[1] for d, _ in selected}
            selected.sort(
                key=lambda item: (
                    distances[item[0]["offer_id"]] is None,
                    distances[item[0]["offer_id"]] or 0.0,
                    item[0]["offer_id"],
                )
            )
        else:
            selected.sort(key=lambda item: (-item[1], item[0]["offer_id"]))
        start = (params.page - 1) * params.page_size
        page = selected[start : start + params.page_size]
        return {
            "count": len(selected),
            "engine": self.name,
            "location": location_payload(params),
            "page": params.page,
            "page_size": params.page_size,
            "results": [format_result(doc, params) for doc, _ in page],
            "facets": format_facets(counts, params),
        }

    def map(self, params: SearchParams) -> SearchResponse:
        precision = map_precision(params)
        docs = [d for d, _ in self._base_matches(params) if self._facets_pass(d, params, None)]
        response: dict[str, Any] = {
            "engine": self.name,
            "count": len(docs),
            "precision": precision,
            "location": location_payload(params),
        }
        if len(docs) <= POINTS_THRESHOLD:
            response.update(type="points", points=map_points(docs, params), clusters=[])
            return response
        tiles: dict[str, list[tuple[float, float]]] = {}
        tile_docs: Counter = Counter()
        for doc in docs:
            keys: dict[str, list[tuple[float, float]]] = {}
            for loc in doc["locations"]:
                if in_bbox(loc["latitude"], loc["longitude"], params.bbox):
                    key = tile_key(loc["latitude"], loc["longitude"], precision)
                    keys.setdefault(key, []).append((loc["latitude"], loc["longitude"]))
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
        earlier = analysis.analyze_query(q)[:-1]
        found = []
        for _page, doc in self._candidates(SearchParams()):
            if prefix[:20] not in doc["title_prefixes"]:
                continue
            if earlier and self._score(earlier, doc) <= 0:
                continue
            found.append(doc)
        found.sort(key=lambda d: (d["title"].lower(), d["offer_id"]))
        return [{"id": d["offer_id"], "title": d["title"], "url": d["url"]} for d in found[:limit]]


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
