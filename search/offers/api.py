"""The offer search's API operations (mounted by search/api.py at /api/v1/): django-ninja
validates the query with the typed schemas (schemas.py); bad input answers 400 before the
view runs. The views answer with prebuilt JSON (no second validation of what the engines
built); tests/search/test_openapi.py checks real answers against the documented schemas."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from ninja import Query, Router

from ..params import preferred_place
from ..responses import json_response
from ..schemas import ErrorOut
from .engines import answer_search, get_engine
from .params import from_query
from .schemas import (
    MapQuery,
    OfferMapOut,
    OfferQuery,
    OfferSearchOut,
    OfferSuggestionsOut,
    SuggestQuery,
)

router = Router(tags=["Angebote"])


@router.get(
    "/offers/",
    url_name="offers",
    summary="Angebote suchen",
    response={200: OfferSearchOut, 400: ErrorOut},
)
def offers(request: HttpRequest, query: Query[OfferQuery]) -> HttpResponse:
    return json_response(answer_search(from_query(query)))


@router.get(
    "/offers/map",
    url_name="offers_map",
    summary="Angebote auf der Karte",
    response={200: OfferMapOut, 400: ErrorOut},
)
def offers_map(request: HttpRequest, query: Query[MapQuery]) -> HttpResponse:
    return json_response(get_engine().map(from_query(query)))


@router.get(
    "/offers/suggest",
    url_name="offers_suggest",
    summary="Angebotstitel vervollständigen",
    response={200: OfferSuggestionsOut, 400: ErrorOut},
)
def offers_suggest(request: HttpRequest, query: Query[SuggestQuery]) -> HttpResponse:
    place = preferred_place(query)
    return json_response({"results": get_engine().suggest(query.q[:100], place=place)})
