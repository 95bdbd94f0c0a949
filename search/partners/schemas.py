"""The partner directory's parameters and answers as typed schemas: the API
(`GET /api/v1/partners/`) and the directory page (/fachkraefte/) validate with the same class."""

from __future__ import annotations

from pydantic import BaseModel, Field, model_validator

from ..params import LocatedQuery, Text, bounded_int, choice, invalid, optional, value_list
from ..schemas import Engine, FacetValueOut, SearchLocationOut

PAGE_SIZE = 20
MAX_PAGE = 500
SORT_MESSAGE = "Sortierung: name oder distance (distance nur mit einem Ort)."


class PartnerQuery(LocatedQuery):
    q: Text = ""
    field: value_list("field", description="Arbeitsfelder (Codes)") = []
    working_group: value_list("working_group", description="Arbeitskreise (Slugs)") = []
    region: value_list("region", description="Regionen (Slugs)") = []
    sort: optional(
        choice(
            ("name", "distance"),
            "invalid_sort",
            SORT_MESSAGE,
            "name oder distance (nur mit einem Ort; mit einem Ort der Standard)",
        )
    ) = None
    page: bounded_int(
        ge=1,
        le=MAX_PAGE,
        code="invalid_page",
        message="Die Seite muss eine Zahl ab 1 sein.",
        description="Seite (ab 1)",
    ) = 1

    @model_validator(mode="after")
    def _distance_needs_a_place(self) -> PartnerQuery:
        if self.sort == "distance" and self.lat is None and not self.near:
            raise invalid("invalid_sort", SORT_MESSAGE, "sort")
        return self


class PartnerOut(BaseModel):
    id: int
    slug: str
    name: str
    url: str | None
    address: str
    city: str
    fields: list[str] = Field(description="Arbeitsfelder (Codes)")
    field_names: list[str]
    working_groups: list[str] = Field(description="Arbeitskreise (Slugs)")
    working_group_names: list[str]
    region: str | None
    region_name: str
    latitude: float | None
    longitude: float | None
    distance_km: float | None


class PartnerFacetsOut(BaseModel):
    field: list[FacetValueOut]
    working_group: list[FacetValueOut]
    region: list[FacetValueOut]


class PartnerSearchOut(BaseModel):
    count: int
    engine: Engine
    location: SearchLocationOut | None
    page: int
    page_size: int
    results: list[PartnerOut]
    facets: PartnerFacetsOut
