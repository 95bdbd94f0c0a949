"""The database engine's copy of the offer documents (search.models.SearchEntry and its
SearchPoints): the same documents as in Elasticsearch, plus what the engine's SQL prefilter
needs (points, service-area bounds, ages) and what its one pass in Python reads fast (facets
and points as packed text).

Written inside the transaction that changes an offer (search.outbox.enqueue), and by
`search_index --rebuild` and `--fix`; never by a query."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q

from offers_directory import geo
from offers_directory.models import OfferPage

from ..models import SearchEntry, SearchPoint
from .documents import FACETS
from .indexing import (
    BATCH_SIZE,
    RegionLookup,
    build_document,
    hint_terms,
    iter_pages,
    public_offers,
)


def _area_data(area: Any) -> dict[str, Any] | None:
    try:
        geometry = area.geometry()
    except ValidationError:
        return None
    if geometry is not None:
        return {"geometry": geometry, "circle": None}
    if area.has_circle:
        return {
            "geometry": None,
            "circle": [area.center_latitude, area.center_longitude, area.radius_km],
        }
    return None


def _area_bounds(area: dict[str, Any]) -> tuple[float, float, float, float]:
    if area["geometry"] is not None:
        return geo.geometry_bounds(area["geometry"])
    lat, lon, km = area["circle"]
    dlat = km / 110.5
    dlon = km / (111.3 * max(0.01, math.cos(math.radians(lat))))
    return lat - dlat, lon - dlon, lat + dlat, lon + dlon


def facet_values(doc: dict[str, Any]) -> dict[str, list[str]]:
    """Facet name → the document's values as strings (booleans as "true"/"false")."""
    values: dict[str, list[str]] = {}
    for facet, field_name in FACETS.items():
        value = doc.get(field_name)
        if facet in ("free", "accessible"):
            values[facet] = ["true" if value else "false"]
        elif isinstance(value, list):
            values[facet] = [str(v) for v in value]
        else:
            values[facet] = [] if value is None else [str(value)]
    return values


def pack_facets(values: dict[str, list[str]]) -> str:
    return "|".join(f"{facet}={value}" for facet, items in values.items() for value in items)


def unpack_facets(text: str) -> dict[str, list[str]]:
    values: dict[str, list[str]] = {}
    for token in text.split("|") if text else ():
        facet, _, value = token.partition("=")
        values.setdefault(facet, []).append(value)
    return values


def unpack_points(text: str) -> list[tuple[float, float]]:
    points = []
    for pair in text.split(";") if text else ():
        lat, _, lon = pair.partition(",")
        points.append((float(lat), float(lon)))
    return points


def build_entry(
    page: OfferPage, regions: RegionLookup, hints: dict[int, str] | None = None
) -> tuple[SearchEntry, list[SearchPoint]]:
    """(SearchEntry, its SearchPoints) of one public offer (relations prefetched)."""
    doc = build_document(page, regions, area_cells=False, hints=hints)
    areas = [a for a in (_area_data(area) for area in page.service_areas.all()) if a]
    bounds = [_area_bounds(a) for a in areas]
    entry = SearchEntry(
        offer_id=page.pk,
        published_at=page.last_published_at,
        title=doc["title"][:255],
        url=(doc["url"] or "")[:500],
        terms=doc["terms"],
        title_terms=doc["title_terms"],
        title_prefixes=" " + " ".join(p for p in doc["title_prefixes"]) + " ",
        facets=facet_values(doc),
        points=[[loc["latitude"], loc["longitude"]] for loc in doc["locations"]],
        facet_text=pack_facets(facet_values(doc)),
        point_text=";".join(
            f"{loc['latitude']!r},{loc['longitude']!r}" for loc in doc["locations"]
        ),
        areas=areas,
        has_areas=bool(areas),
        area_south=min((b[0] for b in bounds), default=None),
        area_west=min((b[1] for b in bounds), default=None),
        area_north=max((b[2] for b in bounds), default=None),
        area_east=max((b[3] for b in bounds), default=None),
        min_age_months=doc["min_age_months"],
        max_age_months=doc["max_age_months"],
        during_pregnancy=bool(doc["during_pregnancy"]),
        verified_on=page.verified_on,
        document={k: v for k, v in doc.items() if k not in ("title_prefixes", "area_cells")},
    )
    points = [
        SearchPoint(entry_id=page.pk, latitude=lat, longitude=lon) for lat, lon in entry.points
    ]
    return entry, points


def refresh_entries(ids: Iterable[int] | None = None, batch_size: int = BATCH_SIZE) -> int:
    """Rewrite the database engine's entries of these offers (all when ids is None):
    public ones are rebuilt, the others removed. Returns the number written."""
    wanted = None if ids is None else sorted({int(i) for i in ids})
    regions, hints = RegionLookup(), hint_terms()
    written = 0
    entries: list[Any] = []
    points: list[Any] = []

    def flush() -> None:
        nonlocal entries, points
        if not entries:
            return
        with transaction.atomic():
            SearchEntry.objects.filter(offer_id__in=[e.offer_id for e in entries]).delete()
            # ignore_conflicts: a concurrent save may have written the same offer.
            SearchEntry.objects.bulk_create(entries, ignore_conflicts=True)
            SearchPoint.objects.bulk_create(points)
        entries, points = [], []

    public_ids: set[int] = set()
    for page in iter_pages(wanted, batch_size):
        public_ids.add(page.pk)
        entry, entry_points = build_entry(page, regions, hints)
        entries.append(entry)
        points.extend(entry_points)
        written += 1
        if len(entries) >= batch_size:
            flush()
    flush()
    gone = SearchEntry.objects.exclude(offer_id__in=public_ids)
    if wanted is not None:
        gone = gone.filter(offer_id__in=wanted)
    gone.delete()
    return written


def stale_entries() -> list[int]:
    """Public offers without an entry, or with one older than their last publication
    (published without any event, e.g. a bulk load or a database restore): what
    `search_index --fix` rewrites."""
    current = SearchEntry.objects.filter(offer_id=OuterRef("pk")).filter(
        Q(published_at=OuterRef("last_published_at")) | Q(published_at__isnull=True)
    )
    return list(public_offers().filter(~Exists(current)).values_list("pk", flat=True))
