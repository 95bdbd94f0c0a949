"""The public search API (django-ninja), mounted at /api/v1/; OpenAPI at /api/v1/openapi.json.

One NinjaAPI for every search: the offer search (search/offers/api.py), the partner directory
(search/partners/api.py) and place suggestions. Query parameters are validated by typed
schemas before a view runs; every parameter error, whichever the operation, answers 400 with
the same body (`code`, `message`, `field`, `errors`, `suggestions`) and a German message."""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest, HttpResponse

from ninja import NinjaAPI, Query
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import BeforeValidator, Field

from params import parse_integer

from .offers.api import router as offers_router
from .offers.labels import offer_labels
from .params import (
    INVALID_PARAMETERS,
    MAX_DIGITS,
    InvalidSearchParams,
    NearQuery,
    clipped_text,
    invalid,
    preferred_place,
    text,
)
from .partners.api import router as partners_router
from .responses import json_response, search_operation
from .schemas import PlacesOut

api = NinjaAPI(
    title="Netzwerk Frühe Hilfen – Suche",
    version="1",
    description="Öffentliche Suche nach Angeboten für Familien (Text, Ort und Umkreis, "
    "Kartenausschnitt, Filter mit Trefferzahlen), nach Orten und nach Partnern im "
    "Netzwerk der Fachkräfte. Ungültige Parameter beantwortet jede Operation mit 400, einem "
    "Fehlercode und einer deutschen Meldung.",
    urls_namespace="api_v1",
    docs_url="/docs",
)
api.add_router("", offers_router)
api.add_router("/partners", partners_router)


@api.exception_handler(InvalidSearchParams)
def on_invalid_params(request: HttpRequest, exc: InvalidSearchParams) -> HttpResponse:
    return json_response(exc.as_dict(), status=400)


@api.exception_handler(NinjaValidationError)
def on_validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    return json_response(InvalidSearchParams.from_pydantic(exc.errors).as_dict(), status=400)


MAX_PLACES = 20


def _limit(value: object) -> int:
    # Out of range is clamped, not refused (as the operation always did); only a
    # non-number is an error.
    number = parse_integer(text(value), max_digits=MAX_DIGITS)
    if number is None:
        raise invalid("invalid_parameters", INVALID_PARAMETERS)
    return max(1, min(number, MAX_PLACES))


class PlaceQuery(NearQuery):
    """A prefix to complete; the places near `near` (or `lat`+`lon`), else near the page's
    `region`, come first."""

    q: clipped_text(100, "Anfang einer Postleitzahl oder eines Ortsnamens") = ""
    limit: Annotated[int, BeforeValidator(_limit)] = Field(
        10, ge=1, le=MAX_PLACES, description=f"höchstens so viele Orte (1 bis {MAX_PLACES})"
    )
    region: clipped_text(100, "die Region der Seite (Slug): Orte in ihrer Nähe zuerst") = ""


def _preferred_point(query: PlaceQuery) -> tuple[float, float] | None:
    from offers_directory.geocoding import region_centre

    place = preferred_place(query)
    if place is not None:
        return place.latitude, place.longitude
    if query.region:
        # The region's title names its county ("Landkreis Harburg"); the labels' cache
        # knows the titles without a query.
        title = offer_labels.get()["region"].get(query.region)
        return region_centre(title) if title else None
    return None


@search_operation(
    api, "/places/suggest", "places_suggest", "Orte vervollständigen", PlacesOut, tags=["Orte"]
)
def places_suggest(request: HttpRequest, query: Query[PlaceQuery]) -> HttpResponse:
    from offers_directory.geocoding import suggest_places

    found = suggest_places(query.q, query.limit, _preferred_point(query)) if query.q else []
    return json_response(
        {
            "results": [
                {
                    "label": place.label,
                    "postal_code": place.postal_code,
                    "city": place.city,
                    "latitude": place.latitude,
                    "longitude": place.longitude,
                    "precision": place.precision,
                }
                for place in found
            ]
        }
    )
