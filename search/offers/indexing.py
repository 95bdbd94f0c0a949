"""Offer pages → search documents (plain dicts), shared by both engines.

Only what the public may see becomes a document: live pages without view restrictions,
status active, inside their validity period. Contact persons never do; a protected location
only as the public sees it (offers_directory.privacy: its town's centre, no street), so
distances to it are distances to that centre."""

from __future__ import annotations

import datetime
import functools
import hashlib
import json
import multiprocessing
import os
import signal
from collections.abc import Iterable, Iterator, Sequence
from importlib import import_module
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from django.conf import settings
from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.module_loading import import_string

from modelcluster.queryset import FakeQuerySet

import orjson

from offers_directory import freshness, geo
from offers_directory.models import OfferPage, OfferServiceArea, OfferStatus
from offers_directory.models.translations import translation_map
from offers_directory.privacy import visible_locations
from offers_directory.regions import region_page_model

from .. import analysis, geocells
from ..models import AreaCells
from .documents import NO_AGE_LIMIT, age_groups

# Offers read per batch: the pages and their five prefetched relations (the service areas
# with their stored cells) are six queries, whatever the batch holds; `search_index
# --rebuild` adds three per batch writing the database engine's entries.
BATCH_SIZE = 1000
# From this many offers on, iter_documents computes the service areas' geohash cells that
# are not stored yet (the largest part of a document's cost, pure Python on plain data) in
# worker processes.
POOL_MIN_OFFERS = 200


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


# The relations a document reads, prefetched: a constant number of queries per batch,
# whatever the batch size.
RELATIONS = ("categories", "languages", "locations", "service_areas", "translations")


def with_relations(queryset: QuerySet[OfferPage]) -> list[OfferPage]:
    """The pages with their provider and RELATIONS, which `page.<relation>.all()` answers
    from memory. Django's own prefetch builds a filtered queryset per page and relation
    just to hold the rows (half of the time a batch of 1,000 documents took); here the
    same rows, in the same order, go into a list-backed queryset (modelcluster's, as for a
    page's unsaved relations)."""
    held = {name: f"_indexing_{name}" for name in RELATIONS}
    # The areas come with their stored cells (StoredCells), in the same query.
    areas = _areas_with_stored_cells()
    pages = list(
        queryset.select_related("provider").prefetch_related(
            *(
                Prefetch(name, queryset=areas if name == "service_areas" else None, to_attr=attr)
                for name, attr in held.items()
            )
        )
    )
    models = {name: OfferPage._meta.get_field(name).related_model for name in RELATIONS}
    for page in pages:
        cache = page.__dict__.setdefault("_prefetched_objects_cache", {})
        for name, attr in held.items():
            cache[name] = FakeQuerySet(models[name], page.__dict__.pop(attr))
    return pages


def _areas_with_stored_cells() -> QuerySet[OfferServiceArea]:
    stored = AreaCells.objects.filter(area_id=OuterRef("pk"))
    return OfferServiceArea.objects.annotate(
        stored_shape=Subquery(stored.values("shape")[:1]),
        stored_cells=Subquery(stored.values("cells")[:1]),
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
    area_cells: bool | Sequence[str] = True,
    hints: dict[int, str] | None = None,
) -> dict[str, Any]:
    """The search document of one offer (relations should be prefetched). The database
    engine skips the service areas' geohash cells (`area_cells=False`): it tests the exact
    geometry instead. A list is the cells computed already (iter_documents: StoredCells).
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
        "url": page.get_url() or page.url_path,
        "translations": translations,
        "terms": " ".join(
            analysis.unique(analysis.analyze(searchable) + analysis.analyze_translation(translated))
        ),
        "title_terms": " ".join(title_terms),
        "title_prefixes": analysis.unique(analysis.prefixes(page.title)),
        "geo": [{"lat": loc.latitude, "lon": loc.longitude} for loc in locations],
        "locations": [_location_data(loc) for loc in locations],
        "area_cells": _cells(areas, area_cells),
        "has_areas": bool(areas),
        "category": sorted(term.code for term in categories),
        "language": sorted(lang.code for lang in languages),
        "age_group": age_groups(page.min_age_months, page.max_age_months, page.during_pregnancy),
        "region": regions.slug_for(page),
        "verified_on": verified.isoformat() if (verified := page.verified_on) else None,
        **own_fields(page),
    }
    if hint:
        # Only when there are hints: the other documents (and their fingerprints) stay as
        # they were.
        doc["hint_terms"] = " ".join(analysis.unique(analysis.analyze(hint)))
    doc["fingerprint"] = fingerprint(doc)
    return doc


# The offer's columns that a document holds as they are (own_fields).
OWN_COLUMNS = (
    "source_id",
    "title",
    "summary",
    "description",
    "min_age_months",
    "max_age_months",
    "during_pregnancy",
    "is_free",
    "wheelchair_accessible",
    "provider_id",
    "valid_to",
    "last_published_at",
)


def own_fields(page: Any) -> dict[str, Any]:
    """The document's fields taken from the offer's own row (OWN_COLUMNS): a rebuild that
    sends a stored document compares them with the row, so that a change made to it behind
    the site's back (an SQL update) is not sent as it was."""
    return {
        "source_id": page.source_id or "",
        "title": page.title,
        "summary": page.summary,
        "description": page.description,
        "min_age_months": page.min_age_months or 0,
        "max_age_months": NO_AGE_LIMIT if page.max_age_months is None else page.max_age_months,
        "during_pregnancy": page.during_pregnancy,
        "free": page.is_free,
        "accessible": page.wheelchair_accessible,
        "provider": str(page.provider_id) if page.provider_id else None,
        "valid_to": page.valid_to.isoformat() if page.valid_to else None,
        "published_at": page.last_published_at.isoformat() if page.last_published_at else None,
    }


def fingerprint(doc: dict[str, Any]) -> str:
    """A hash of the document's content, so `search_index --check` can spot stale ones."""
    return _json_hash({k: v for k, v in doc.items() if k not in ("fingerprint", "version")})


def _json_hash(value: Any) -> str:
    # orjson: a rebuild from stored documents hashes every offer's own fields and every
    # document with service areas again; the standard library's encoder took 0.7 s of 9 s
    # at 10,000 offers.
    raw = orjson.dumps(value, default=str, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS)
    return hashlib.sha1(raw).hexdigest()


def _cells(areas: list[Any], given: bool | Sequence[str]) -> list[str]:
    if isinstance(given, bool):
        return geocells.area_cells(areas) if given else []
    return list(given)


def _id_batches(ids: Iterable[int] | None, batch_size: int) -> list[list[int]]:
    base = public_offers()
    if ids is not None:
        base = base.filter(pk__in=list(ids))
    all_ids = list(base.order_by("pk").values_list("pk", flat=True))
    return [all_ids[start : start + batch_size] for start in range(0, len(all_ids), batch_size)]


def _pages(ids: list[int]) -> list[OfferPage]:
    return with_relations(OfferPage.objects.filter(pk__in=ids).order_by("pk"))


def iter_pages(
    ids: Iterable[int] | None = None, batch_size: int = BATCH_SIZE
) -> Iterator[OfferPage]:
    """The public offers (optionally only these ids) with their relations, batch by batch
    (a constant number of queries per batch)."""
    for chunk in _id_batches(ids, batch_size):
        yield from _pages(chunk)


def iter_documents(
    ids: Iterable[int] | None = None,
    batch_size: int = BATCH_SIZE,
    processes: int | None = None,
) -> Iterator[dict[str, Any]]:
    """Documents of the public offers (optionally only these ids), batch by batch. The
    service areas' cells come from their stored copies (search.models.AreaCells, read with
    the areas); those not stored yet are computed, in `processes` worker processes (by
    default, from POOL_MIN_OFFERS offers on, every core but one when there are more than
    two), and stored: the same documents as computed serially."""
    for _page, doc in iter_built(ids, batch_size, processes):
        yield doc


def iter_built(
    ids: Iterable[int] | None = None,
    batch_size: int = BATCH_SIZE,
    processes: int | None = None,
) -> Iterator[tuple[OfferPage, dict[str, Any]]]:
    """iter_documents' documents with their pages (relations prefetched), for a pass that
    writes both stores from one build (search.offers.entries)."""
    chunks = _id_batches(ids, batch_size)
    with Builder(sum(len(chunk) for chunk in chunks), processes, prune=ids is None) as builder:
        for chunk in chunks:
            yield from builder.build(chunk)


class Builder:
    """Documents of batches of offers, with what the batches share: the regions, the hints,
    the stored cells and the worker processes that compute missing ones (by default from
    POOL_MIN_OFFERS `offers` on). Used as a context manager (StoredCells')."""

    def __init__(self, offers: int, processes: int | None = None, *, prune: bool) -> None:
        if processes is None:
            processes = _pool_size() if offers >= POOL_MIN_OFFERS else 0
        self.regions, self.hints = RegionLookup(), hint_terms()
        self.stored = StoredCells(processes, prune=prune)

    def __enter__(self) -> Builder:
        self.stored.__enter__()
        return self

    def __exit__(self, kind: Any, error: Any, trace: Any) -> None:
        self.stored.__exit__(kind, error, trace)

    def build(self, ids: list[int]) -> list[tuple[OfferPage, dict[str, Any]]]:
        """(page, document) of these offers, in id order."""
        pages = _pages(ids)
        cells = self.stored.of(pages)
        return [
            (page, build_document(page, self.regions, area_cells=cells[page.pk], hints=self.hints))
            for page in pages
        ]


def public_id_batches(batch_size: int = BATCH_SIZE) -> list[list[int]]:
    """The ids of every public offer, in order, batch by batch."""
    return _id_batches(None, batch_size)


def own_fields_hash(page: Any) -> str:
    """A hash of the page's own_fields, stored with the document built from them."""
    return _json_hash(own_fields(page))


def own_fields_hashes_of(ids: list[int]) -> dict[int, str]:
    """Offer id → own_fields_hash of its row, for these offers (sorted ids; one query over
    their range, cheaper than a list of a thousand ids)."""
    wanted = set(ids)
    # The range on both tables of the page model, so that both are read by their index.
    rows = OfferPage.objects.filter(
        pk__gte=ids[0], pk__lte=ids[-1], id__gte=ids[0], id__lte=ids[-1]
    ).values("pk", *OWN_COLUMNS)
    return {
        row["pk"]: own_fields_hash(SimpleNamespace(**row)) for row in rows if row["pk"] in wanted
    }


# The code and settings a document is built from. A change to them (a new release) makes
# every stored document one to build again (search.offers.entries.rebuild_documents).
_BUILDER_MODULES = (
    "search.offers.indexing",
    "search.offers.documents",
    "search.offers.entries",
    "search.analysis",
    "offers_directory.privacy",
    "offers_directory.models.translations",
)


@functools.cache
def builder_version() -> str:
    """A hash of what builds an offer's document: the source of the modules that do it,
    the analysis' word lists (search/data/) and the settings they read (the hints' hook,
    the languages)."""
    digest = hashlib.sha1()
    for name in _BUILDER_MODULES:
        digest.update(Path(import_module(name).__file__ or "").read_bytes())
    for path in sorted(analysis.DATA_DIR.glob("*.txt")):
        digest.update(path.name.encode() + path.read_bytes())
    hints = (getattr(settings, "SEARCH", None) or {}).get("OFFER_HINTS")
    # The codes only: the names are translated into whatever language is active.
    languages = [code for code, _name in settings.LANGUAGES]
    digest.update(json.dumps([hints, languages]).encode())
    return digest.hexdigest()


class StoredCells:
    """The service areas' cells of batches of pages, read from search.models.AreaCells
    (prefetched with the areas, with_relations) and computed, then stored, only for areas
    whose shape is new. With `prune` (a pass over every public offer) the rows of areas
    that are gone are deleted at the end."""

    def __init__(self, processes: int = 0, *, prune: bool = False) -> None:
        self.processes = processes
        self.prune = prune
        self._pool: Any = None

    def __enter__(self) -> StoredCells:
        return self

    def __exit__(self, kind: Any, error: Any, trace: Any) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool.join()
            self._pool = None
        if kind is None and self.prune:
            areas = OfferServiceArea.objects.values("pk")
            AreaCells.objects.exclude(area_id__in=areas).delete()

    def of(self, pages: Sequence[OfferPage]) -> dict[int, list[str]]:
        """Page id → its areas' cells, sorted (relations prefetched by with_relations)."""
        cells: dict[int, list[str]] = {}
        missing: dict[int, tuple[Any, str]] = {}
        for area in (area for page in pages for area in page.service_areas.all()):
            shape = _shape_key(area)
            if getattr(area, "stored_shape", None) == shape:
                cells[id(area)] = area.stored_cells.split()
            else:
                missing[id(area)] = (area, shape)
        if missing:
            specs = [[geocells.area_spec(area)] for area, _shape in missing.values()]
            cells.update(zip(missing, self._compute(specs), strict=True))
            stored = [
                AreaCells(area_id=area.pk, shape=shape, cells=" ".join(cells[key]))
                for key, (area, shape) in missing.items()
                if area.pk is not None
            ]
            if stored:
                AreaCells.objects.filter(area_id__in=[row.area_id for row in stored]).delete()
                # ignore_conflicts: another process may have stored the same area meanwhile.
                AreaCells.objects.bulk_create(stored, ignore_conflicts=True)
        return {
            page.pk: sorted({cell for area in page.service_areas.all() for cell in cells[id(area)]})
            for page in pages
        }

    def _compute(self, specs: list[list[geocells.AreaSpec | None]]) -> list[list[str]]:
        if self.processes < 1 or len(specs) < 2:
            return [geocells.spec_cells(spec) for spec in specs]
        if self._pool is None:
            # Forked workers get plain shapes and return cells; they never touch the
            # database connection they inherit.
            self._pool = multiprocessing.get_context("fork").Pool(self.processes, _start_worker)
        chunksize = max(1, len(specs) // (4 * self.processes))
        return self._pool.map(geocells.spec_cells, specs, chunksize=chunksize)


def stored_area_cells(page_ids: list[int]) -> dict[int, list[str]]:
    """Page id → its service areas' cells, sorted, as StoredCells.of gives them: for those
    of the pages whose every area has its cells stored for its current shape (one query)."""
    found: dict[int, list[list[str]]] = {}
    incomplete: set[int] = set()
    # Plain rows, not model instances: a rebuild reads the areas of every offer.
    rows = (
        _areas_with_stored_cells()
        .filter(page_id__in=page_ids)
        .values(*_SHAPE_FIELDS, "page_id", "stored_shape", "stored_cells")
    )
    for row in rows:
        area = SimpleNamespace(**row)
        if area.stored_shape == _shape_key(area):
            found.setdefault(area.page_id, []).append(area.stored_cells.split())
        else:
            incomplete.add(area.page_id)
    return {
        # One area's cells are stored sorted (geocells.spec_cells).
        page_id: cells[0] if len(cells) == 1 else sorted({c for area in cells for c in area})
        for page_id, cells in found.items()
        if page_id not in incomplete
    }


@functools.cache
def _cells_version() -> str:
    """Part of every stored shape's key: the source of the code that computes the cells
    (search/geocells.py and the geometry it uses), so that cells stored by another version
    of it are computed again rather than trusted."""
    digest = hashlib.sha1()
    for module in (geocells, geo):
        digest.update(Path(module.__file__ or "").read_bytes())
    return digest.hexdigest()


# The fields of a service area that its cells are computed from (see _shape_key).
_SHAPE_FIELDS = ("extent", "center_latitude", "center_longitude", "radius_km")


def _shape_key(area: Any) -> str:
    """The key of an area's shape as stored (not validated: an invalid one has no cells,
    and is stored as such): from its _SHAPE_FIELDS."""
    circle = (area.center_latitude, area.center_longitude, area.radius_km)
    raw = json.dumps([_cells_version(), area.extent, circle], sort_keys=True, separators=(",", ":"))
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()


def _pool_size() -> int:
    # Every core but one, which the database and Elasticsearch need meanwhile (on two cores
    # forking workers made the cells slower than computing them here).
    cores = os.cpu_count() or 1
    return cores - 1 if cores > 2 else 0


def _start_worker() -> None:
    # A worker forked from a server process (a gunicorn worker writing the outbox) inherits
    # its signal handlers; the pool stops its workers with SIGTERM and waits for them.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def count_public() -> int:
    """How many offers the public index should hold."""
    return public_offers().count()
