"""Answer schemas every search shares (errors, places, facet values), documented in
/api/v1/openapi.json."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from .params import ERROR_CODES, MAX_RADIUS_KM

Engine = Literal["elasticsearch", "database"]
ErrorCode = Literal[ERROR_CODES]  # type: ignore[valid-type]


class PlaceSuggestionOut(BaseModel):
    label: str
    latitude: float
    longitude: float
    postal_code: str | None
    city: str | None


class PlaceOut(PlaceSuggestionOut):
    precision: Literal["exact", "approximate"] = Field(
        description="exact: die Koordinaten des Orts; approximate: die Mitte seines "
        "Postleitzahlgebiets"
    )


class PlacesOut(BaseModel):
    results: list[PlaceOut]


class ErrorItemOut(BaseModel):
    code: ErrorCode
    field: str
    message: str
    suggestions: list[PlaceSuggestionOut] | None = None


class ErrorOut(BaseModel):
    """A 400 answer: the first error's code, message and field, every error, and for an
    unknown place the places it may have meant."""

    code: ErrorCode
    message: str = Field(description="auf Deutsch, für Besucherinnen und Besucher")
    field: str = Field(description="der Parameter, den der erste Fehler betrifft")
    errors: list[ErrorItemOut]
    suggestions: list[PlaceSuggestionOut] | None = None


class SearchLocationOut(BaseModel):
    """The place searched around."""

    label: str
    latitude: float
    longitude: float
    radius_km: float = Field(gt=0, le=MAX_RADIUS_KM)


class FacetValueOut(BaseModel):
    value: str
    label: str
    count: int = Field(ge=0, description="Treffer mit diesem Wert (ohne die eigene Auswahl)")
    selected: bool
