"""What the partner engines search with: `PartnerParams`, made from the validated schema
(schemas.py) once its place is resolved."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from .. import analysis
from ..params import DEFAULT_RADIUS_KM, Place, resolve_place, validate_query
from .schemas import PartnerQuery


@dataclass
class PartnerParams:
    q: str = ""
    place: Place | None = None
    radius_km: float = DEFAULT_RADIUS_KM
    field: list[str] = dataclasses.field(default_factory=list)
    working_group: list[str] = dataclasses.field(default_factory=list)
    region: list[str] = dataclasses.field(default_factory=list)
    sort: str = "name"
    page: int = 1

    def query_groups(self) -> list[frozenset[str]]:
        return analysis.analyze_query(self.q)

    def selection(self, facet: str) -> list[str]:
        return list(getattr(self, facet))


def from_query(query: PartnerQuery) -> PartnerParams:
    """PartnerParams of a validated query, its place resolved (InvalidSearchParams for an
    unknown place). Near a place, the nearest partners come first unless asked otherwise."""
    place = resolve_place(query)
    return PartnerParams(
        q=query.q,
        place=place,
        radius_km=query.radius(),
        field=query.field,
        working_group=query.working_group,
        region=query.region,
        sort=query.sort or ("distance" if place else "name"),
        page=query.page,
    )


def parse_partner_params(data: Any) -> PartnerParams:
    """A QueryDict → PartnerParams, or InvalidSearchParams (the API's validation, for the
    directory page)."""
    return from_query(validate_query(PartnerQuery, data))
