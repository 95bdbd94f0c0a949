"""Importing offers: HSDS 3.0 or 3.1 JSON (`hsds`), the flat CSV/XLSX template (`tabular`), both
turned into `records.OfferData` and stored by `writer.OfferWriter`. `run_import` is what
`manage.py import_offers` calls."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext
from pathlib import Path
from typing import TextIO

from django.db import transaction

from ..models import GeocodeStatus, OfferLocation, OfferPage
from . import records
from .hsds import UnusableInput, iter_offers, load_document
from .records import ImportReport, Progress
from .tabular import parse_rows, read_csv, read_xlsx
from .writer import IMPORTED_COORDINATES, OfferWriter

FORMATS = ("hsds", "csv", "xlsx")
# Offers per transaction. Each batch's new pages are created together, with fixed costs per
# batch and listing (the page tree, both page indexes, the commit, the offer search's write
# after it): 1,000 generated offers took 10.7 s in batches of 500 and 11.5 s in batches of
# 200 (three alternating pairs in one process). The admin's progress moves per batch, every
# few seconds.
BATCH_SIZE = 500

__all__ = ["FORMATS", "ImportReport", "UnusableInput", "detect_format", "run_import"]


class _DryRunRollback(Exception):
    pass


def detect_format(path: Path, raw: bytes) -> str:
    suffix = path.suffix.lower()
    if suffix == ".json":
        return "hsds"
    if suffix in (".xlsx", ".xlsm"):
        return "xlsx"
    if suffix in (".csv", ".txt", ".tsv"):
        return "csv"
    if raw[:2] == b"PK":
        return "xlsx"
    if raw.lstrip(b"\xef\xbb\xbf \r\n\t")[:1] in (b"[", b"{"):
        return "hsds"
    return "csv"


def parse(raw: bytes, fmt: str, report: ImportReport, *, hold_incomplete: bool = True) -> list:
    """(label, OfferData or None) per offer; raises UnusableInput for unreadable files.
    With `hold_incomplete`, offers without a place and a description stay drafts."""
    if fmt == "hsds":
        document = load_document(raw)
        report.source_version = f"HSDS {document.version}"
        report.note(
            f"Gelesen als HSDS {document.version} ({document.reason}); geprüft gegen das "
            f"Schema HSDS {document.version}."
        )
        offers = list(iter_offers(document.services, report, document.version))
    else:
        offers = parse_rows(read_xlsx(raw) if fmt == "xlsx" else read_csv(raw), report)
    if hold_incomplete:
        for _label, offer in offers:
            if offer is not None:
                records.hold_incomplete(offer, report)
    return offers


def run_import(
    path: Path,
    *,
    fmt: str | None = None,
    region: object | None = None,
    dry_run: bool = False,
    draft: bool = False,
    publish_incomplete: bool = False,
    stream: TextIO,
    progress: bool = True,
    on_batch: Callable[[ImportReport, int, int], None] | None = None,
    may_change: Callable[[OfferPage], bool] | None = None,
) -> ImportReport:
    """Import one file. `on_batch(report, done, total)` is called after each committed batch
    (the admin's progress); `may_change(offer)` decides whether an offer already stored may
    be updated (the admin asks the importing user's page permissions), else its row is
    rejected."""
    raw = path.read_bytes()
    fmt = fmt or detect_format(path, raw)
    report = ImportReport(stream)
    report.note(f"Importiere {path} (Format: {fmt}{', Probelauf' if dry_run else ''}).")
    offers = parse(raw, fmt, report, hold_incomplete=not (draft or publish_incomplete))
    writer = OfferWriter(
        report, region=region, draft=draft, source_system=fmt, may_change=may_change
    )
    bar = Progress(len(offers), stream, enabled=progress)
    try:
        with transaction.atomic() if dry_run else nullcontext():
            for start in range(0, len(offers), BATCH_SIZE):
                # One transaction per batch (each offer in its own savepoint, so a bad row
                # still loses nothing else): far fewer commits, the batch's new pages are
                # written together, and the work scheduled after commit (geocoding, the
                # offer search) runs batch by batch.
                with transaction.atomic():
                    batch = offers[start : start + BATCH_SIZE]
                    writer.look_up([offer for _label, offer in batch if offer is not None])
                    for _label, offer in batch:
                        if offer is not None:
                            report.titles[offer.label] = offer.title
                            outcome = writer.write(offer)
                            if outcome:
                                report.count(outcome, offer.label)
                        bar.advance()
                    writer.flush()  # the batch's new offers, created together
                if on_batch is not None:
                    on_batch(report, bar.done, len(offers))
            if dry_run:
                raise _DryRunRollback
    except _DryRunRollback:
        pass
    if not dry_run and report.to_geocode:
        _geocoding_note(report)
    return report


def _geocoding_note(report: ImportReport) -> None:
    # With the immediate task backend geocoding has already run; with a worker it is queued.
    rows = OfferLocation.objects.filter(page_id__in=report.to_geocode).exclude(
        geocode_message=IMPORTED_COORDINATES
    )
    found = rows.filter(geocode_status__in=[GeocodeStatus.EXACT, GeocodeStatus.APPROXIMATE]).count()
    failed = rows.filter(geocode_status=GeocodeStatus.FAILED).count()
    pending = rows.filter(geocode_status=GeocodeStatus.PENDING).count()
    report.note(
        f"Geokodierung: {found} Standorte gefunden, {failed} nicht gefunden, {pending} "
        "ausstehend (werden im Hintergrund bzw. mit `manage.py geocode_locations` geokodiert)."
    )
