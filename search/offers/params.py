"""What the offer engines search with: `SearchParams`, made from a validated query schema
(search/offers/schemas.py) once its place is resolved. The API builds it from django-ninja's
validated schema, the finder page from a QueryDict through `parse_search_params`; both raise
the same InvalidSearchParams for bad input."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from .. import analysis
from ..params import DEFAULT_RADIUS_KM, Place, resolve_place, validate_query
from . import ranking
from .schemas import DEFAULT_PAGE_SIZE, MapQuery, OfferFilters, OfferQuery

MAX_QUERY_WORDS = 12


@dataclass
class SearchParams:
    q: str = ""
    place: Place | None = None
    radius_km: float = DEFAULT_RADIUS_KM
    bbox: tuple[float, float, float, float] | None = None  # west, south, east, north
    category: list[str] = field(default_factory=list)
    language: list[str] = field(default_factory=list)
    age_group: list[str] = field(default_factory=list)
    free: list[str] = field(default_factory=list)  # "true"/"false"
    accessible: list[str] = field(default_factory=list)
    region: list[str] = field(default_factory=list)
    provider: list[str] = field(default_factory=list)
    age_months: int | None = None
    pregnant: bool | None = None
    sort: str = "best"
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE
    zoom: int | None = None
    lang: str = "de"  # the language titles and summaries are answered in, where translated

    def query_groups(self) -> tuple[frozenset[str], ...]:
        """One set of alternative terms per query word (search/analysis.py)."""
        return _query_groups(self.q)

    def order(self) -> str:
        """ "distance", "relevance" or "blend" (search/offers/ranking.py)."""
        return ranking.order(self.sort, bool(self.query_groups()), self.place is not None)

    def facet_selection(self, facet: str) -> list[str]:
        return list(getattr(self, facet))


@functools.lru_cache(maxsize=1024)
def _query_groups(q: str) -> tuple[frozenset[str], ...]:
    return tuple(analysis.analyze_query(q)[:MAX_QUERY_WORDS])


def from_query(query: OfferFilters) -> SearchParams:
    """SearchParams of a validated query, its place resolved (InvalidSearchParams for an
    unknown place)."""
    values: dict[str, Any] = {
        "q": query.q,
        "place": resolve_place(query),
        "radius_km": query.radius(),
        "bbox": query.bbox,
        "category": query.category,
        "language": query.language,
        "age_group": query.age_group,
        "free": query.free,
        "accessible": query.accessible,
        "region": query.region,
        "provider": query.provider,
        "age_months": query.age_months,
        # pregnant=false means "no matter", not "not during pregnancy".
        "pregnant": True if query.pregnant else None,
        "lang": query.lang,
    }
    if isinstance(query, OfferQuery):
        values.update(sort=query.sort, page=query.page, page_size=query.page_size)
    if isinstance(query, MapQuery):
        values["zoom"] = query.zoom
    return SearchParams(**values)


def parse_search_params(data: Any, *, for_map: bool = False) -> SearchParams:
    """A QueryDict (or a dict of lists) → SearchParams, or InvalidSearchParams: the API's
    validation, for the pages."""
    return from_query(validate_query(MapQuery if for_map else OfferQuery, data))
