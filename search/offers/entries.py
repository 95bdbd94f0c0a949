"""The database engine's copy of the offer documents (search.models.SearchEntry and its
SearchPoints): the same documents as in Elasticsearch, plus what the engine's SQL prefilter
needs (points, service-area bounds, ages) and what its one pass in Python reads fast (facets
and points as packed text).

Written inside the transaction that changes an offer (search.outbox.enqueue), and by
`search_index --rebuild` and `--fix`; never by a query."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, TextField
from django.db.models.functions import Cast

import orjson

from offers_directory import geo
from offers_directory.models import OfferPage

from ..index import EncodedDocument
from ..models import SearchEntry, SearchPoint
from .documents import FACETS
from .indexing import (
    BATCH_SIZE,
    Builder,
    RegionLookup,
    build_document,
    builder_version,
    fingerprint,
    hint_terms,
    iter_built,
    iter_pages,
    own_fields_hash,
    own_fields_hashes_of,
    public_id_batches,
    public_offers,
    stored_area_cells,
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
    return entry_of(page, build_document(page, regions, area_cells=False, hints=hints))


def entry_of(page: OfferPage, doc: dict[str, Any]) -> tuple[SearchEntry, list[SearchPoint]]:
    """(SearchEntry, its SearchPoints) of one public offer from its search document (with
    or without the service areas' cells: the entry keeps the document as built without
    them, the engine tests the exact geometry)."""
    if doc["area_cells"]:
        doc = {**doc, "area_cells": []}
        doc["fingerprint"] = fingerprint(doc)
    areas = [a for a in (_area_data(area) for area in page.service_areas.all()) if a]
    bounds = [_area_bounds(a) for a in areas]
    facets = facet_values(doc)
    entry = SearchEntry(
        offer_id=page.pk,
        published_at=page.last_published_at,
        title=doc["title"][:255],
        url=(doc["url"] or "")[:500],
        terms=doc["terms"],
        title_terms=doc["title_terms"],
        title_prefixes=" " + " ".join(p for p in doc["title_prefixes"]) + " ",
        facets=facets,
        points=[[loc["latitude"], loc["longitude"]] for loc in doc["locations"]],
        facet_text=pack_facets(facets),
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
        document={
            k: v for k, v in doc.items() if k not in ("title_prefixes", "area_cells", "version")
        },
        builder=builder_version(),
        own_fields_hash=own_fields_hash(page),
    )
    points = [
        SearchPoint(entry_id=page.pk, latitude=lat, longitude=lon) for lat, lon in entry.points
    ]
    return entry, points


_ENTRY_FIELDS = [f.name for f in SearchEntry._meta.concrete_fields if not f.primary_key]


class EntryWriter:
    """Entries written batch by batch (each batch's old entries replaced in one
    transaction); `finish` removes the entries of offers it was not given (of `wanted`, or
    all) and returns how many were written."""

    def __init__(self, wanted: list[int] | None = None, batch_size: int = BATCH_SIZE) -> None:
        self.wanted = wanted
        self.batch_size = batch_size
        self.public_ids: set[int] = set()
        self.entries: list[SearchEntry] = []
        self.points: list[SearchPoint] = []

    def add(self, entry: SearchEntry, points: list[SearchPoint]) -> None:
        self.public_ids.add(entry.offer_id)
        self.entries.append(entry)
        self.points.extend(points)
        if len(self.entries) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        if not self.entries:
            return
        # Three statements a batch: the old points go, the entries are written over the old
        # ones (or a concurrent save's) in place, the new points are added.
        with transaction.atomic():
            ids = [e.offer_id for e in self.entries]
            SearchPoint.objects.filter(entry_id__in=ids).delete()
            SearchEntry.objects.bulk_create(
                self.entries,
                update_conflicts=True,
                unique_fields=["offer_id"],
                update_fields=_ENTRY_FIELDS,
            )
            SearchPoint.objects.bulk_create(self.points)
        self.entries, self.points = [], []

    def finish(self) -> int:
        self.flush()
        if self.wanted is None:
            # Worked out here: a NOT IN of every public offer's id costs the database more.
            gone = set(SearchEntry.objects.values_list("offer_id", flat=True)) - self.public_ids
        else:
            # Usually none: a save's offers are public (no query then).
            gone = set(self.wanted) - self.public_ids
        if gone:
            SearchEntry.objects.filter(offer_id__in=gone).delete()
        return len(self.public_ids)


def refresh_entries(ids: Iterable[int] | None = None, batch_size: int = BATCH_SIZE) -> int:
    """Rewrite the database engine's entries of these offers (all when ids is None):
    public ones are rebuilt, the others removed. Returns the number written."""
    wanted = None if ids is None else sorted({int(i) for i in ids})
    regions, hints = RegionLookup(), hint_terms()
    writer = EntryWriter(wanted, batch_size)
    for page in iter_pages(wanted, batch_size):
        writer.add(*build_entry(page, regions, hints))
    return writer.finish()


def rebuild_documents(
    written: list[int],
    *,
    reuse: bool = True,
    reused: list[int] | None = None,
    batch_size: int = BATCH_SIZE,
) -> Iterator[dict[str, Any] | EncodedDocument]:
    """Every public offer's search document, for a new Elasticsearch index, with the
    database engine's entries made current on the way (entries of offers no longer public
    removed at the end).

    An entry holds the document as built when it was written, and every change the site
    makes to an offer or to what its document shows (provider, region, vocabulary, hints,
    geocoding) rewrites it in the same transaction (search.outbox.enqueue). So an entry
    written by the code running now (builder_version()) from the offer's row as it is now
    (own_fields_hash: a row changed behind the site's back is not) is sent as it is, with
    its title prefixes and its service areas' stored cells put back: reading it is a small
    fraction of building it. Every other offer's document is built, and its entry
    rewritten. `reuse=False` builds every document (`search_index --rebuild --from-pages`).
    `written` gets the number of public offers when the documents are exhausted, `reused`
    the ids of the documents sent as stored."""
    batches = public_id_batches(batch_size)
    writer = EntryWriter(None, batch_size)
    offers = sum(len(batch) for batch in batches)
    with Builder(offers, prune=True) as builder:
        for batch in batches:
            current = _current_documents(batch) if reuse else {}
            writer.public_ids.update(current)
            if reused is not None:
                reused.extend(current)
            yield from current.values()
            for page, doc in builder.build([pk for pk in batch if pk not in current]):
                writer.add(*entry_of(page, doc))
                yield doc
    written.append(writer.finish())


def _current_documents(batch: list[int]) -> dict[int, dict[str, Any] | EncodedDocument]:
    """The Elasticsearch documents of those offers of the batch (public ones, in id order)
    whose entry is current (see rebuild_documents), from the entries: as JSON text where
    only the title prefixes are to be added, decoded where the service areas' cells are."""
    own = own_fields_hashes_of(batch)
    # The batch's id range (cheaper than a list of a thousand ids); the entries in it of
    # offers not in the batch (not public) are left out below. The documents as text: most
    # are sent without being decoded (EncodedDocument), the others decoded with orjson (the
    # JSON field's own decoding, the standard library's, is several times slower).
    rows = (
        SearchEntry.objects.filter(offer_id__range=(batch[0], batch[-1]), builder=builder_version())
        .annotate(document_text=Cast("document", TextField()))
        .values_list("offer_id", "document_text", "title_prefixes", "has_areas", "own_fields_hash")
    )
    found = {
        offer_id: (text, prefixes, has_areas)
        for offer_id, text, prefixes, has_areas, own_hash in rows
        if offer_id in own and own_hash == own[offer_id]
    }
    cells = stored_area_cells([pk for pk, (_t, _p, has_areas) in found.items() if has_areas])
    documents: dict[int, dict[str, Any] | EncodedDocument] = {}
    for offer_id, (text, prefixes, has_areas) in found.items():
        if not has_areas:
            encoded = _encoded(offer_id, text, prefixes)
            if encoded is not None:  # else built instead
                documents[offer_id] = encoded
            continue
        area_cells = cells.get(offer_id)
        if not area_cells:
            continue  # cells not stored for its current shapes: built instead
        doc = {**orjson.loads(text), "title_prefixes": prefixes.split(), "area_cells": area_cells}
        # The entry's fingerprint was taken without the cells.
        doc["fingerprint"] = fingerprint(doc)
        documents[offer_id] = doc
    return documents


def _encoded(offer_id: int, text: str, prefixes: str) -> EncodedDocument | None:
    """A stored document without service areas, its title prefixes and (empty) cells added
    to its JSON text (its fingerprint was taken with both); None if the text is not a
    non-empty JSON object (not written by this code)."""
    body = text.strip()
    if not (body.startswith("{") and body.endswith("}")) or not body[1:-1].strip():
        return None
    opening = body[:-1].rstrip()
    added = b', "title_prefixes": ' + orjson.dumps(prefixes.split()) + b', "area_cells": []'
    return EncodedDocument(offer_id, opening.encode() + added)


@dataclass(frozen=True)
class KeptDocument:
    """A search document built while its entry was written, with what the entry says of the
    state it was built from: the entry's fingerprint and its areas (the cells' source)."""

    document: dict[str, Any]
    entry_fingerprint: str
    areas: list[Any]


def refresh_entries_keeping_documents(ids: Iterable[int]) -> dict[int, KeptDocument]:
    """refresh_entries(ids), returning the documents built for it (those of public offers),
    for the write to Elasticsearch after the commit (search/outbox.py)."""
    wanted = sorted({int(i) for i in ids})
    return {
        doc["offer_id"]: KeptDocument(
            doc, entry.document["fingerprint"], json.loads(json.dumps(entry.areas))
        )
        for doc, entry in _refreshing(wanted, [])
    }


def committed_documents(kept: dict[int, KeptDocument]) -> dict[int, dict[str, Any]]:
    """The kept documents whose entry is still the one written with them, now that the
    transaction committed: they show the committed state (a savepoint rolled back after the
    entry was written restored an older entry)."""
    rows = SearchEntry.objects.filter(offer_id__in=list(kept)).values_list(
        "offer_id", "document__fingerprint", "areas"
    )
    return {
        offer_id: kept[offer_id].document
        for offer_id, entry_fingerprint, areas in rows
        if entry_fingerprint == kept[offer_id].entry_fingerprint and areas == kept[offer_id].areas
    }


def _refreshing(
    wanted: list[int] | None, written: list[int]
) -> Iterator[tuple[dict[str, Any], SearchEntry]]:
    writer = EntryWriter(wanted)
    for page, doc in iter_built(wanted):
        entry, points = entry_of(page, doc)
        writer.add(entry, points)
        yield doc, entry
    written.append(writer.finish())


def distrust(ids: list[int]) -> None:
    """Mark these offers' entries as built by no known code: their refresh failed, so they
    may show an older state (see stale_entries)."""
    SearchEntry.objects.filter(offer_id__in=ids).update(builder="")


def stale_entries() -> list[int]:
    """Public offers without an entry, with one older than their last publication
    (published without any event, e.g. a bulk load or a database restore), or with one built
    by other code than the running one (an earlier release, or a refresh that failed): what
    `search_index --fix` rewrites."""
    current = SearchEntry.objects.filter(offer_id=OuterRef("pk"), builder=builder_version())
    current = current.filter(
        Q(published_at=OuterRef("last_published_at")) | Q(published_at__isnull=True)
    )
    return list(public_offers().filter(~Exists(current)).values_list("pk", flat=True))
