"""Database ↔ index comparison for `search_index --check/--fix`."""

from __future__ import annotations

from dataclasses import dataclass, field

from elasticsearch import helpers

from .client import get_client
from .index_manager import alias_name, ensure_index
from .indexing import iter_documents
from .tasks import OutboxResult, reindex_now


@dataclass
class Report:
    missing: set[int] = field(default_factory=set)
    stale: set[int] = field(default_factory=set)
    orphaned: set[int] = field(default_factory=set)
    indexed: int = 0

    @property
    def problems(self) -> int:
        return len(self.missing) + len(self.stale) + len(self.orphaned)


def indexed_fingerprints() -> dict[int, str]:
    ensure_index()
    found: dict[int, str] = {}
    for hit in helpers.scan(
        get_client(),
        index=alias_name(),
        query={"query": {"match_all": {}}},
        _source=["fingerprint"],
    ):
        found[int(hit["_id"])] = hit["_source"].get("fingerprint") or ""
    return found


def compare() -> Report:
    """Missing: public offers without a document; stale: documents whose content differs
    from what the offer gives today; orphaned: documents of offers that are gone,
    unpublished, restricted, inactive or expired."""
    indexed = indexed_fingerprints()
    report = Report(indexed=len(indexed))
    expected: set[int] = set()
    for doc in iter_documents():
        offer_id = doc["offer_id"]
        expected.add(offer_id)
        if offer_id not in indexed:
            report.missing.add(offer_id)
        elif indexed[offer_id] != doc["fingerprint"]:
            report.stale.add(offer_id)
    report.orphaned = set(indexed) - expected
    return report


def fix(report: Report) -> OutboxResult:
    """Rewrite missing and stale documents and delete orphans, through the outbox (so each
    write gets a fresh external version)."""
    return reindex_now(report.missing | report.stale | report.orphaned, reason="fix")
