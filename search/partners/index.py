"""The partner index: the partner document class over the shared index lifecycle
(search/index.py)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from ..index import SearchIndex
from ..outbox import register
from .documents import PARTNERS, PartnerDocument, iter_documents, public_partners


class PartnerIndex(SearchIndex):
    name = PARTNERS
    document = PartnerDocument
    id_field = "partner_id"

    def documents(self, ids: Iterable[int] | None = None) -> Iterator[dict[str, Any]]:
        return iter_documents(ids)

    def count(self) -> int:
        return public_partners().count()


partner_index = register(PartnerIndex())
