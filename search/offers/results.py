"""The offer search's answers, formatted alike whichever engine found them: a result from a
document, the facet lists, the searched place, and the map's points and tiles."""

from __future__ import annotations

import datetime
import functools
import math
from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.urls import get_script_prefix

from home.i18n import path_in_language
from offers_directory import freshness, geo
from offers_directory.formatting import format_distance
from offers_directory.models.translations import OfferText, offer_text

from ..facets import facet_list
from ..params import Place
from . import ranking
from .documents import AGE_GROUP_LABELS, FACETS
from .highlighting import Match, highlights
from .labels import offer_labels
from .params import SearchParams

POINTS_THRESHOLD = 200
_AGE_ORDER = list(AGE_GROUP_LABELS)


def _location(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "latitude": data["latitude"],
        "longitude": data["longitude"],
        "name": data.get("name") or "",
        "address": data.get("address") or "",
        "postal_code": data.get("postal_code") or "",
        "city": data.get("city") or "",
        "address_withheld": bool(data.get("address_withheld")),
    }


def _closest(locations: list[dict[str, Any]], place: Place | None) -> tuple[int, float | None]:
    """The index of the location nearest `place` (the first without a place), and its
    distance."""
    if place is None:
        return 0, None
    distance, best = min(
        (geo.haversine_km(place.latitude, place.longitude, loc["latitude"], loc["longitude"]), i)
        for i, loc in enumerate(locations)
    )
    return best, distance


def text_of(doc: dict[str, Any], params: SearchParams) -> OfferText:
    """The document's title and summary in the answer's language where translated."""
    return offer_text(
        doc["title"], doc.get("summary") or "", doc.get("translations") or {}, params.lang
    )


def url_in_language(url: str | None, lang: str, script_prefix: str | None = None) -> str | None:
    """The offer page's path in the answer's language: the index holds the German path, and
    a family searching in Arabic should land on the Arabic page (the languages other than
    the default are path prefixes, config/urls.py). `script_prefix`: the request's, when the
    caller asked for it once for many paths."""
    if not url or not url.startswith("/"):
        return url
    return _path_in_language(url, lang, script_prefix or get_script_prefix())


@functools.lru_cache(maxsize=65_536)
def _path_in_language(url: str, lang: str, script_prefix: str) -> str:
    # The same offers come back answer after answer; `script_prefix` is part of the key
    # because path_in_language reads it (it is the same for every request of a process).
    return path_in_language(url, lang, settings.LANGUAGE_CODE)


class ResultFormatter:
    """Formats the hits of one answer; what is the same for all of them (the day before
    which an offer is stale) is worked out once, not per hit."""

    def __init__(self, params: SearchParams) -> None:
        self.params = params
        self.stale_before = freshness.limits().stale_before
        self.script_prefix = get_script_prefix()

    def __call__(
        self, doc: dict[str, Any], match: Match, *, reaches_you: bool = False
    ) -> dict[str, Any]:
        params = self.params
        found = doc.get("locations") or []
        # The nearest location is one of the answer's locations, formatted once.
        locations = [_location(loc) for loc in found]
        best, distance = _closest(found, params.place) if found else (0, None)
        text = text_of(doc, params)
        return {
            "id": doc["offer_id"],
            "source_id": doc.get("source_id") or None,
            "title": text.title,
            "url": url_in_language(doc.get("url"), params.lang, self.script_prefix),
            "summary": text.summary,
            "text_language": text.language,
            "distance_km": round(distance, 3) if distance is not None else None,
            "distance_label": format_distance(distance) if distance is not None else None,
            "reaches_you": reaches_you,
            "nearest_location": locations[best] if locations else None,
            "locations": locations,
            "categories": list(doc.get("category") or []),
            "languages": list(doc.get("language") or []),
            "free": bool(doc.get("free")),
            "accessible": bool(doc.get("accessible")),
            "region": doc.get("region"),
            "provider": doc.get("provider"),
            "highlights": highlights(
                match, text.title or "", text.summary or "", doc.get("description") or ""
            ),
            "verified_on": doc.get("verified_on"),
            "stale": ranking.freshness_factor(_date(doc.get("verified_on")), self.stale_before)
            < 1.0,
        }


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def format_facets(counts: dict[str, Counter], params: SearchParams) -> dict[str, list[dict]]:
    labels = offer_labels.get()
    return {
        facet: facet_list(
            counts.get(facet) or {},
            params.facet_selection(facet),
            labels.get(facet, {}),
            order=_AGE_ORDER if facet == "age_group" else None,
        )
        for facet in FACETS
    }


def location_payload(params: SearchParams) -> dict[str, Any] | None:
    if params.place is None:
        return None
    return {
        "label": params.place.label,
        "latitude": params.place.latitude,
        "longitude": params.place.longitude,
        "radius_km": params.radius_km,
    }


def search_response(
    engine: str,
    count: int,
    results: list[dict[str, Any]],
    counts: dict[str, Counter],
    params: SearchParams,
) -> dict[str, Any]:
    return {
        "count": count,
        "engine": engine,
        "location": location_payload(params),
        "page": params.page,
        "page_size": params.page_size,
        "results": results,
        "facets": format_facets(counts, params),
    }


# --- the map ---------------------------------------------------------------------------------


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
                        "title": text_of(doc, params).title,
                        "url": url_in_language(doc.get("url"), params.lang),
                        "latitude": loc["latitude"],
                        "longitude": loc["longitude"],
                        "address": loc.get("address") or "",
                    }
                )
    return points


def map_response(
    engine: str, count: int, precision: int, params: SearchParams, **shape: Any
) -> dict[str, Any]:
    """`shape`: type "points" with points, or type "clusters" with clusters."""
    return {
        "engine": engine,
        "count": count,
        "precision": precision,
        "location": location_payload(params),
        "points": [],
        "clusters": [],
        **shape,
    }
