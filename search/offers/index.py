"""The offer index: the offer document class over the shared index lifecycle (search/index.py),
the public offers as its documents, and the database engine's entries as its database copy."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from ..index import SearchIndex
from ..outbox import register
from . import entries, indexing
from .documents import OFFERS, OfferDocument


class OfferIndex(SearchIndex):
    name = OFFERS
    document = OfferDocument
    id_field = "offer_id"

    def documents(self, ids: Iterable[int] | None = None) -> Iterator[dict[str, Any]]:
        return indexing.iter_documents(ids)

    def documents_for_rebuild(self) -> Iterator[dict[str, Any]]:
        # Current entries' documents as stored, the others built (entries rewritten).
        return entries.rebuild_documents([])

    def count(self) -> int:
        return indexing.count_public()

    def refresh_database_copy(
        self, ids: list[int], *, keep_documents: bool = False
    ) -> dict[int, Any]:
        if keep_documents:
            return entries.refresh_entries_keeping_documents(ids)
        entries.refresh_entries(ids)
        return {}

    def distrust_database_copy(self, ids: list[int]) -> None:
        entries.distrust(ids)

    def committed_documents(self, kept: dict[int, Any]) -> dict[int, dict[str, Any]]:
        return entries.committed_documents(kept)


offer_index = register(OfferIndex())
