"""Offer pages → search documents (plain dicts), shared by both engines.

Only what the public may see becomes a document: live pages without view restrictions,
status active, inside their validity period. Contact persons never do; a protected location
only as the public sees it (offers_directory.privacy: its town's centre, no street), so
distances to it are distances to that centre."""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Iterable, Iterator
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.module_loading import import_string

from offers_directory import freshness
from offers_directory.models import OfferPage, OfferStatus
from offers_directory.models.translations import translation_map
from offers_directory.privacy import visible_locations
from offers_directory.regions import region_page_model

from .. import analysis, geocells
from .documents import NO_AGE_LIMIT, age_groups

# Offers read per batch: the pages and their four prefetched relations are five queries,
# whatever the batch holds, so a rebuild makes five per 1,000 offers.
BATCH_SIZE = 1000


def public_offers(today: datetime.date | None = None) -> QuerySet[OfferPage]:
    """The offers the public index holds (and every public surface shows): not hidden for
    want of verification either (offers_directory/freshness.py)."""
    today = today or timezone.localdate()
    return (
        OfferPage.objects.live()
        .public()
        .filter(status=OfferStatus.ACTIVE)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=today))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        .exclude(freshness.hidden_q(today))
    )


def with_relations(queryset: QuerySet[OfferPage]) -> QuerySet[OfferPage]:
    # A constant number of queries per batch, whatever the batch size.
    return queryset.select_related("provider").prefetch_related(
        "categories", "languages", "locations", "service_areas", "translations"
    )


class RegionLookup:
    """Nearest region ancestor by tree path, from one query for all regions."""

    def __init__(self) -> None:
        model = region_page_model()
        self.slugs: dict[str, str] = {}
        if model is not None:
            self.slugs = dict(model.objects.values_list("path", "slug"))

    def slug_for(self, page: OfferPage) -> str | None:
        # A page's ancestors' paths are its own path's prefixes, one tree step apart: a
        # lookup per level, nearest first, instead of a comparison with every region.
        path = page.path
        for end in range(len(path), 0, -page.steplen):
            slug = self.slugs.get(path[:end])
            if slug is not None:
                return slug
        return None


def hint_terms() -> dict[int, str]:
    """Offer id → the words a coordinator said the offer answers (a project's hook,
    SEARCH["OFFER_HINTS"]: a callable returning {offer id: words}; the zero-result log in
    insights/). Loaded once for all offers: hints are few and made by hand."""
    path = (getattr(settings, "SEARCH", None) or {}).get("OFFER_HINTS")
    return import_string(path)() if path else {}


def _location_data(location: Any) -> dict[str, Any]:
    return {
        "latitude": location.latitude,
        "longitude": location.longitude,
        "name": location.name,
        "address": location.address_line,
        "street": location.street,
        "postal_code": location.postal_code,
        "city": location.city,
        "address_withheld": location.address_withheld,
    }


def build_document(
    page: OfferPage,
    regions: RegionLookup,
    *,
    area_cells: bool = True,
    hints: dict[int, str] | None = None,
) -> dict[str, Any]:
    """The search document of one offer (relations should be prefetched). The database
    engine skips the service areas' geohash cells: it tests the exact geometry instead.
    `hints` (hint_terms()) are searched like the offer's own text, in both engines."""
    hint = (hints or {}).get(page.pk, "")
    categories = list(page.categories.all())
    languages = list(page.languages.all())
    locations = [loc for loc in visible_locations(page.locations, None) if loc.has_coordinates]
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
            hint,
        ]
        if part
    )
    # Editors' translations are searched too, analysed without the German rules.
    translations = translation_map(page.translations.all())
    translated_titles = " ".join(t["title"] for t in translations.values())
    translated = " ".join(f"{t['title']} {t['summary']}" for t in translations.values())
    title_terms = analysis.unique(
        analysis.analyze(f"{page.title} {page.alternate_name}")
        + analysis.analyze_translation(translated_titles)
    )
    doc: dict[str, Any] = {
        "offer_id": page.pk,
        "source_id": page.source_id or "",
        "title": page.title,
        "summary": page.summary,
        "description": page.description,
        "url": page.get_url() or page.url_path,
        "translations": translations,
        "terms": " ".join(
            analysis.unique(analysis.analyze(searchable) + analysis.analyze_translation(translated))
        ),
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
        "verified_on": verified.isoformat() if (verified := page.verified_on) else None,
        "published_at": page.last_published_at.isoformat() if page.last_published_at else None,
    }
    if hint:
        # Only when there are hints: the other documents (and their fingerprints) stay as
        # they were.
        doc["hint_terms"] = " ".join(analysis.unique(analysis.analyze(hint)))
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
    regions, hints = RegionLookup(), hint_terms()
    for page in iter_pages(ids, batch_size):
        yield build_document(page, regions, hints=hints)


def count_public() -> int:
    """How many offers the public index should hold."""
    return public_offers().count()
