"""Database ↔ index comparison and repair for `search_index --check/--fix`: documents missing,
stale (their content differs from what the offer gives today) or orphaned in Elasticsearch,
and database entries missing or older than their offer's last publication."""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import outbox
from ..models import SearchEntry
from .entries import refresh_entries, stale_entries
from .index import offer_index
from .indexing import public_offers


@dataclass
class Report:
    missing: set[int] = field(default_factory=set)
    stale: set[int] = field(default_factory=set)
    orphaned: set[int] = field(default_factory=set)
    indexed: int = 0

    @property
    def problems(self) -> int:
        return len(self.missing) + len(self.stale) + len(self.orphaned)

    @property
    def ids(self) -> set[int]:
        return self.missing | self.stale | self.orphaned


def compare() -> Report:
    """Missing: public offers without a document; stale: documents whose fingerprint differs
    from the offer's document today; orphaned: documents of offers that are gone,
    unpublished, restricted, inactive or expired."""
    indexed = offer_index.fingerprints()
    report = Report(indexed=len(indexed))
    expected: set[int] = set()
    for doc in offer_index.documents():
        offer_id = doc["offer_id"]
        expected.add(offer_id)
        if offer_id not in indexed:
            report.missing.add(offer_id)
        elif indexed[offer_id] != doc["fingerprint"]:
            report.stale.add(offer_id)
    report.orphaned = set(indexed) - expected
    return report


def fix(report: Report) -> outbox.OutboxResult:
    """Rewrite the database entries of every offer the report names, and through the outbox
    (a fresh external version each) its missing and stale documents; orphans are deleted."""
    refresh_entries(report.ids)
    return outbox.reindex_now(offer_index, report.ids, reason="fix")


def fix_entries() -> int:
    """Rewrite the database entries that are missing or older than their offer's last
    publication, and drop those of offers no longer public; returns how many were written."""
    SearchEntry.objects.exclude(offer_id__in=public_offers().values("pk")).delete()
    ids = stale_entries()
    return refresh_entries(ids) if ids else 0
