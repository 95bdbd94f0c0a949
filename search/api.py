"""The public search API (django-ninja), mounted at /api/v1/; OpenAPI at /api/v1/openapi.json.

The parameters are declared for the OpenAPI description, but validated by
search.forms.parse_search_params from the raw query string, the same code the HTML pages use,
so both answer bad input alike (HTTP 400, a German message and a machine-readable code)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse

from ninja import NinjaAPI, Query, Schema
from ninja.errors import ValidationError as NinjaValidationError

from .engines import get_engine
from .forms import InvalidSearchParams, parse_search_params

api = NinjaAPI(
    title="Netzwerk Frühe Hilfen – Angebotssuche",
    version="1",
    description="Öffentliche Suche nach Angeboten für Familien: Text, Ort und Umkreis, "
    "Kartenausschnitt, Filter mit Trefferzahlen.",
    urls_namespace="api_v1",
    docs_url="/docs",
)


class OfferFilters(Schema):
    q: str | None = None
    near: str | None = None
    radius_km: str | None = None
    lat: str | None = None
    lon: str | None = None
    bbox: str | None = None
    category: list[str] = []
    language: list[str] = []
    age_group: list[str] = []
    age_months: str | None = None
    pregnant: str | None = None
    free: list[str] = []
    accessible: list[str] = []
    region: list[str] = []
    provider: list[str] = []


class OfferQuery(OfferFilters):
    sort: str | None = None
    page: str | None = None
    page_size: str | None = None


class MapQuery(OfferFilters):
    zoom: str | None = None


def _bad_request(error: InvalidSearchParams) -> JsonResponse:
    return JsonResponse(error.as_dict(), status=400, json_dumps_params={"ensure_ascii": False})


@api.exception_handler(InvalidSearchParams)
def on_invalid_params(request: HttpRequest, exc: InvalidSearchParams) -> HttpResponse:
    return _bad_request(exc)


@api.exception_handler(NinjaValidationError)
def on_validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    return JsonResponse(
        {
            "code": "invalid_parameters",
            "message": "Die Anfrage enthält ungültige Parameter.",
            "errors": exc.errors,
        },
        status=400,
        json_dumps_params={"ensure_ascii": False},
    )


def _json(data: Any) -> JsonResponse:
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


@api.get("/offers/", url_name="offers", summary="Angebote suchen")
def offers(request: HttpRequest, filters: Query[OfferQuery]) -> HttpResponse:
    params = parse_search_params(request.GET)
    return _json(get_engine().search(params))


@api.get("/offers/map", url_name="offers_map", summary="Angebote auf der Karte")
def offers_map(request: HttpRequest, filters: Query[MapQuery]) -> HttpResponse:
    params = parse_search_params(request.GET, for_map=True)
    return _json(get_engine().map(params))


@api.get("/offers/suggest", url_name="offers_suggest", summary="Angebotstitel vervollständigen")
def offers_suggest(request: HttpRequest, q: str = "") -> HttpResponse:
    return _json({"results": get_engine().suggest(q[:100])})


@api.get("/places/suggest", url_name="places_suggest", summary="Orte vervollständigen")
def places_suggest(request: HttpRequest, q: str = "", limit: int = 10) -> HttpResponse:
    from offers_directory.geocoding import suggest_places

    limit = max(1, min(limit, 20))
    text = q.strip()[:100]
    found = suggest_places(text, limit) if text else []
    return _json(
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
