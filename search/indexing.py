"""Offer pages → search documents (plain dicts), shared by both engines.

Only what the public may see becomes a document: live pages without view restrictions,
status active, inside their validity period. Contact persons never do."""

from __future__ import annotations

import datetime
import hashlib
import json
import math
from collections.abc import Iterable, Iterator
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from offers_directory import geo
from offers_directory.models import OfferPage, OfferStatus
from offers_directory.regions import region_page_model

from . import analysis, geocells
from .documents import FACETS, NO_AGE_LIMIT, age_groups

BATCH_SIZE = 200


def public_offers(today: datetime.date | None = None) -> QuerySet[OfferPage]:
    """The offers the public index holds."""
    today = today or timezone.localdate()
    return (
        OfferPage.objects.live()
        .public()
        .filter(status=OfferStatus.ACTIVE)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=today))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
    )


def with_relations(queryset: QuerySet[OfferPage]) -> QuerySet[OfferPage]:
    # A constant number of queries per batch, whatever the batch size.
    return queryset.select_related("provider").prefetch_related(
        "categories", "languages", "locations", "service_areas"
    )


class RegionLookup:
    """Nearest region ancestor by tree path, from one query for all regions."""

    def __init__(self) -> None:
        model = region_page_model()
        self.regions: list[tuple[str, str]] = []
        if model is not None:
            rows = model.objects.values_list("path", "slug")
            # Longest path first: the nearest ancestor wins.
            self.regions = sorted(rows, key=lambda row: -len(row[0]))

    def slug_for(self, page: OfferPage) -> str | None:
        for path, slug in self.regions:
            if page.path.startswith(path):
                return slug
        return None


def _location_data(location: Any) -> dict[str, Any]:
    return {
        "latitude": location.latitude,
        "longitude": location.longitude,
        "name": location.name,
        "address": location.address_line,
        "street": location.street,
        "postal_code": location.postal_code,
        "city": location.city,
    }


def build_document(
    page: OfferPage, regions: RegionLookup, *, area_cells: bool = True
) -> dict[str, Any]:
    """The search document of one offer (relations should be prefetched). The database
    engine skips the service areas' geohash cells: it tests the exact geometry instead."""
    categories = list(page.categories.all())
    languages = list(page.languages.all())
    locations = [loc for loc in page.locations.all() if loc.has_coordinates]
    areas = list(page.service_areas.all())
    provider = page.provider
    searchable = " ".join(
        part
        for part in [
            page.title,
            page.alternate_name,
            page.summary,
            page.description,
            page.eligibility,
            " ".join(term.name for term in categories),
            provider.title if provider else "",
            " ".join(f"{loc.name} {loc.city}" for loc in locations),
        ]
        if part
    )
    title_terms = analysis.unique(analysis.analyze(f"{page.title} {page.alternate_name}"))
    doc: dict[str, Any] = {
        "offer_id": page.pk,
        "source_id": page.source_id or "",
        "title": page.title,
        "summary": page.summary,
        "description": page.description,
        "url": page.get_url() or page.url_path,
        "terms": " ".join(analysis.unique(analysis.analyze(searchable))),
        "title_terms": " ".join(title_terms),
        "title_prefixes": analysis.unique(analysis.prefixes(page.title)),
        "geo": [{"lat": loc.latitude, "lon": loc.longitude} for loc in locations],
        "locations": [_location_data(loc) for loc in locations],
        "area_cells": geocells.area_cells(areas) if area_cells else [],
        "has_areas": bool(areas),
        "category": sorted(term.code for term in categories),
        "language": sorted(lang.code for lang in languages),
        "age_group": age_groups(page.min_age_months, page.max_age_months, page.during_pregnancy),
        "min_age_months": page.min_age_months or 0,
        "max_age_months": NO_AGE_LIMIT if page.max_age_months is None else page.max_age_months,
        "during_pregnancy": page.during_pregnancy,
        "free": page.is_free,
        "accessible": page.wheelchair_accessible,
        "region": regions.slug_for(page),
        "provider": str(page.provider_id) if page.provider_id else None,
        "valid_to": page.valid_to.isoformat() if page.valid_to else None,
        "published_at": page.last_published_at.isoformat() if page.last_published_at else None,
    }
    doc["fingerprint"] = fingerprint(doc)
    return doc


def fingerprint(doc: dict[str, Any]) -> str:
    """A hash of the document's content, so `search_index --check` can spot stale ones."""
    content = {k: v for k, v in doc.items() if k not in ("fingerprint", "version")}
    raw = json.dumps(content, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()


def iter_pages(
    ids: Iterable[int] | None = None, batch_size: int = BATCH_SIZE
) -> Iterator[OfferPage]:
    """The public offers (optionally only these ids) with their relations, batch by batch
    (a constant number of queries per batch)."""
    base = public_offers()
    if ids is not None:
        base = base.filter(pk__in=list(ids))
    all_ids = list(base.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(all_ids), batch_size):
        chunk = all_ids[start : start + batch_size]
        yield from with_relations(OfferPage.objects.filter(pk__in=chunk).order_by("pk"))


def iter_documents(
    ids: Iterable[int] | None = None, batch_size: int = BATCH_SIZE
) -> Iterator[dict[str, Any]]:
    """Documents of the public offers (optionally only these ids), batch by batch."""
    regions = RegionLookup()
    for page in iter_pages(ids, batch_size):
        yield build_document(page, regions)


# --- the database engine's entries (search.models.SearchEntry) ----------------------------


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


def build_entry(page: OfferPage, regions: RegionLookup) -> tuple[Any, list[Any]]:
    """(SearchEntry, its SearchPoints) of one public offer (relations prefetched)."""
    from .models import SearchEntry, SearchPoint

    doc = build_document(page, regions, area_cells=False)
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
        document={k: v for k, v in doc.items() if k not in ("title_prefixes", "area_cells")},
    )
    points = [
        SearchPoint(entry_id=page.pk, latitude=lat, longitude=lon) for lat, lon in entry.points
    ]
    return entry, points


def refresh_entries(ids: Iterable[int] | None = None, batch_size: int = BATCH_SIZE) -> int:
    """Rewrite the database engine's entries of these offers (all when ids is None):
    public ones are rebuilt, the others removed. Returns the number written."""
    from .models import SearchEntry, SearchPoint

    wanted = None if ids is None else sorted({int(i) for i in ids})
    regions = RegionLookup()
    written = 0
    entries: list[Any] = []
    points: list[Any] = []

    def flush() -> None:
        nonlocal entries, points
        if not entries:
            return
        with transaction.atomic():
            SearchEntry.objects.filter(offer_id__in=[e.offer_id for e in entries]).delete()
            # ignore_conflicts: a concurrent request may have healed the same offer.
            SearchEntry.objects.bulk_create(entries, ignore_conflicts=True)
            SearchPoint.objects.bulk_create(points)
        entries, points = [], []

    public_ids: set[int] = set()
    for page in iter_pages(wanted, batch_size):
        public_ids.add(page.pk)
        entry, entry_points = build_entry(page, regions)
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


def heal_entries() -> int:
    """Build the entries of public offers that have none, or an older one than their last
    publication (published without an event, or before the table existed). One SQL query
    that returns nothing when every entry is current."""
    from .models import SearchEntry

    current = SearchEntry.objects.filter(offer_id=OuterRef("pk")).filter(
        Q(published_at=OuterRef("last_published_at")) | Q(published_at__isnull=True)
    )
    todo = list(public_offers().filter(~Exists(current)).values_list("pk", flat=True))
    if not todo:
        return 0
    return refresh_entries(todo)


def count_public() -> int:
    """How many offers the public index should hold."""
    return public_offers().count()
