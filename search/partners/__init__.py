"""The referral-partner directory's search: documents.py (partner → document), index.py (the
index over search/index.py), schemas.py and params.py (parameters), engines.py (Elasticsearch
and the database), labels.py (facet labels), api.py (`GET /api/v1/partners/`).

The names below are the package's interface for the professionals app and the tests."""

from __future__ import annotations

from typing import Any

from .engines import DatabasePartnerEngine, ElasticsearchPartnerEngine, get_partner_engine
from .index import partner_index
from .params import PartnerParams, parse_partner_params


def rebuild() -> Any:
    """A new partner index with every public partner, behind the alias (atomic swap)."""
    return partner_index.rebuild()


def alias_name() -> str:
    return partner_index.alias()


def all_documents() -> list[dict[str, Any]]:
    """Every document of the partner index (for checks and tests)."""
    return partner_index.all_documents()


__all__ = [
    "DatabasePartnerEngine",
    "ElasticsearchPartnerEngine",
    "PartnerParams",
    "alias_name",
    "all_documents",
    "get_partner_engine",
    "parse_partner_params",
    "partner_index",
    "rebuild",
]
