"""The offer search's parameters and answers as typed schemas (pydantic, through django-ninja):
the API validates its query with them and documents every field of its answers in
/api/v1/openapi.json; the finder page validates its query with the same classes
(search.offers.params.parse_search_params)."""

from __future__ import annotations

import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, Field, WithJsonSchema, model_validator

from offers_directory.models.translations import CONTENT_LANGUAGE, TranslationLanguage

from ..index import MAX_RESULT_WINDOW
from ..params import (
    LocatedQuery,
    NearQuery,
    Text,
    boolean,
    boolean_list,
    bounded_int,
    choice,
    invalid,
    optional,
    parse_float,
    text,
    value_list,
)
from ..schemas import Engine, FacetValueOut, SearchLocationOut
from .documents import AGE_GROUP_LABELS

ANSWER_LANGUAGES = (CONTENT_LANGUAGE, *TranslationLanguage.values)

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
MAX_ZOOM = 29
MAX_AGE_MONTHS = 1200
WINDOW_MESSAGE = (
    f"Es können nur die ersten {MAX_RESULT_WINDOW:,} Ergebnisse abgerufen werden. Bitte "
    "grenzen Sie die Suche weiter ein.".replace(",", ".")
)
BBOX_MESSAGE = (
    "Der Kartenausschnitt (bbox) muss aus vier Zahlen bestehen: West, Süd, Ost, Nord (Länge "
    "-180 bis 180, Breite -90 bis 90, West < Ost, Süd < Nord)."
)


def _bbox(value: Any) -> tuple[float, float, float, float] | None:
    raw = text(value)
    if not raw:
        return None
    parts = [parse_float(part) for part in raw.split(",")]
    if len(parts) == 4 and all(p is not None for p in parts):
        west, south, east, north = parts  # type: ignore[misc]
        if -180 <= west < east <= 180 and -90 <= south < north <= 90:  # type: ignore[operator]
            return (west, south, east, north)  # type: ignore[return-value]
    raise invalid("invalid_bbox", BBOX_MESSAGE)


BBox = Annotated[
    tuple[float, float, float, float] | None,
    BeforeValidator(_bbox),
    WithJsonSchema(
        {
            "type": "string",
            "description": "Kartenausschnitt „West,Süd,Ost,Nord“ (Länge, Breite)",
            "example": "9.7,53.2,10.5,53.7",
        }
    ),
]


class OfferFilters(LocatedQuery):
    """What narrows the offers, for the list and the map alike."""

    q: Text = ""
    bbox: BBox = None
    category: value_list("category", description="Angebotsarten (Codes)") = []
    language: value_list("language", description="Sprachen (ISO 639-1)") = []
    age_group: value_list(
        "age_group",
        allowed=AGE_GROUP_LABELS,
        invalid_value=(
            "invalid_age_group",
            "Unbekannte Altersgruppe. Erlaubt sind: " + ", ".join(AGE_GROUP_LABELS) + ".",
        ),
        description="Altersgruppen",
    ) = []
    age_months: optional(
        bounded_int(
            ge=0,
            le=MAX_AGE_MONTHS,
            code="invalid_age",
            message="Das Alter des Kindes muss eine ganze Zahl von Monaten zwischen 0 und "
            f"{MAX_AGE_MONTHS} sein.",
            description="Alter des Kindes in Monaten",
        )
    ) = None
    pregnant: optional(boolean("pregnant", "nur Angebote in der Schwangerschaft")) = None
    free: boolean_list("free", "kostenlos (true) oder kostenpflichtig (false)") = []
    accessible: boolean_list("accessible", "barrierefrei (true) oder nicht (false)") = []
    region: value_list("region", description="Regionen (Slugs)") = []
    provider: value_list("provider", description="Träger (IDs)") = []
    lang: choice(
        ANSWER_LANGUAGES,
        "invalid_lang",
        "Die Sprache (lang) muss eine von " + ", ".join(ANSWER_LANGUAGES) + " sein.",
        "Sprache der Antwort: Titel und Kurzbeschreibung in dieser Sprache, wo die Redaktion "
        "sie übersetzt hat, sonst deutsch (text_language sagt, welche es ist); distance_label "
        "und die Bezeichnungen der Filter immer in dieser Sprache, Fehlermeldungen deutsch",
        blank=CONTENT_LANGUAGE,
    ) = CONTENT_LANGUAGE


class OfferQuery(OfferFilters):
    """GET /api/v1/offers/ (and the finder page)."""

    sort: choice(
        ("best", "relevance", "distance"),
        "invalid_sort",
        "Sortierung muss „best“, „relevance“ oder „distance“ sein.",
        "best (Standard: mit Suchwörtern und Ort Relevanz mit Abnahme über die Entfernung, nur "
        "mit Ort nach Entfernung), relevance (nur Relevanz) oder distance (nur mit einem Ort; "
        "Angebote, die zu Ihnen kommen, zuerst)",
        blank="best",
    ) = "best"
    page: bounded_int(
        ge=1,
        le=MAX_RESULT_WINDOW,
        code="invalid_page",
        message="Die Seite muss eine ganze Zahl ab 1 sein.",
        too_large=("page_out_of_range", WINDOW_MESSAGE),
        description="Seite (ab 1)",
    ) = 1
    page_size: bounded_int(
        ge=1,
        le=MAX_PAGE_SIZE,
        code="invalid_page_size",
        message="Die Seitengröße muss eine ganze Zahl ab 1 sein.",
        too_large=(
            "page_size_too_large",
            f"Es können höchstens {MAX_PAGE_SIZE} Ergebnisse pro Seite abgerufen werden.",
        ),
        description=f"Ergebnisse pro Seite (höchstens {MAX_PAGE_SIZE})",
    ) = DEFAULT_PAGE_SIZE

    @model_validator(mode="after")
    def _inside_the_result_window(self) -> OfferQuery:
        if self.page * self.page_size > MAX_RESULT_WINDOW:
            raise invalid("page_out_of_range", WINDOW_MESSAGE, "page")
        return self


class MapQuery(OfferFilters):
    """GET /api/v1/offers/map."""

    zoom: optional(
        bounded_int(
            ge=0,
            le=MAX_ZOOM,
            code="invalid_zoom",
            message=f"Die Zoomstufe muss zwischen 0 und {MAX_ZOOM} liegen.",
            description="Zoomstufe der Karte (bestimmt die Größe der Cluster)",
        )
    ) = None


class SuggestQuery(NearQuery):
    """Title completions; with the family's place (`near` or `lat`+`lon`, as the search
    takes it) the offers nearest to it come first."""

    q: Text = ""


# --- answers -------------------------------------------------------------------------------


class LocationOut(BaseModel):
    latitude: float
    longitude: float
    name: str
    address: str
    postal_code: str
    city: str
    address_withheld: bool = Field(
        False,
        description="ein geschützter Standort: ohne Straße, der Punkt ist die Ortsmitte",
    )


class HighlightsOut(BaseModel):
    """The fields the search words occur in, HTML-escaped, the words in <mark>."""

    title: str | None = None
    summary: str | None = None
    description: str | None = Field(None, description="ein Ausschnitt um die erste Fundstelle")


class OfferOut(BaseModel):
    id: int
    source_id: str | None = Field(description="die ID im Quellsystem (HSDS-Import)")
    title: str = Field(description="in der Sprache `lang`, wo übersetzt, sonst deutsch")
    url: str | None = Field(description="die Angebotsseite in der Sprache `lang` (/ar/…)")
    summary: str = Field(description="in derselben Sprache wie title")
    text_language: str = Field(
        description="die Sprache von title und summary (ISO 639-1): `lang`, wo die Redaktion "
        "das Angebot übersetzt hat, sonst „de“ (nur auf Deutsch verfügbar)"
    )
    distance_km: float | None = Field(description="Entfernung zum nächsten Standort")
    distance_label: str | None = Field(
        description="die Entfernung zum Lesen („2,4 km entfernt“, unter 100 m „am Ort“)"
    )
    reaches_you: bool = Field(
        description="das Angebot kommt zu Ihnen: ein Einzugsgebiet des Angebots umfasst den "
        "gesuchten Ort (es zählt beim Sortieren als 0 km entfernt; distance_km bleibt die "
        "Entfernung zum Standort)"
    )
    nearest_location: LocationOut | None
    locations: list[LocationOut]
    categories: list[str]
    languages: list[str]
    free: bool
    accessible: bool
    region: str | None
    provider: str | None
    highlights: HighlightsOut
    verified_on: datetime.date | None = Field(
        description="wann die Angaben zuletzt geprüft wurden (HSDS assured_date; sonst der Tag "
        "der ersten Veröffentlichung)"
    )
    stale: bool = Field(
        description="die Angaben sind länger als OFFERS_DIRECTORY['REVIEW_WINDOW_DAYS'] nicht "
        "geprüft (das Angebot steht weiter hinten)"
    )


class FacetsOut(BaseModel):
    category: list[FacetValueOut]
    language: list[FacetValueOut]
    age_group: list[FacetValueOut]
    free: list[FacetValueOut]
    accessible: list[FacetValueOut]
    region: list[FacetValueOut]
    provider: list[FacetValueOut]


class OfferSearchOut(BaseModel):
    count: int
    engine: Engine = Field(description="welche Suche geantwortet hat")
    location: SearchLocationOut | None
    page: int
    page_size: int
    results: list[OfferOut]
    facets: FacetsOut


class MapPointOut(BaseModel):
    id: int
    title: str = Field(description="in der Sprache `lang`, wo übersetzt, sonst deutsch")
    url: str | None = Field(description="die Angebotsseite in der Sprache `lang` (/ar/…)")
    latitude: float
    longitude: float
    address: str


class MapClusterOut(BaseModel):
    key: str = Field(description="Kachel „Zoom/x/y“")
    count: int
    latitude: float | None
    longitude: float | None


class OfferMapOut(BaseModel):
    engine: Engine
    count: int
    precision: int
    location: SearchLocationOut | None
    type: Literal["points", "clusters"] = Field(
        description="points: einzelne Standorte (wenige Treffer), clusters: Kacheln mit Anzahl"
    )
    points: list[MapPointOut]
    clusters: list[MapClusterOut]


class OfferSuggestionOut(BaseModel):
    id: int
    title: str
    url: str | None


class OfferSuggestionsOut(BaseModel):
    results: list[OfferSuggestionOut]
