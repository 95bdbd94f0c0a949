"""The offer search's API operations (mounted by search/api.py at /api/v1/): django-ninja
validates the query with the typed schemas (schemas.py); bad input answers 400 before the
view runs. The views answer with prebuilt JSON (no second validation of what the engines
built); tests/search/test_openapi.py checks real answers against the documented schemas."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils import translation

from ninja import Query, Router

from ..params import preferred_place
from ..responses import json_response, search_operation
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


@search_operation(router, "/offers/", "offers", "Angebote suchen", OfferSearchOut)
def offers(request: HttpRequest, query: Query[OfferQuery]) -> HttpResponse:
    # The answer's own words (distance labels, facet labels) in `lang` too, not only the
    # titles: an app for families shows them as they come.
    with translation.override(query.lang):
        return json_response(answer_search(from_query(query)))


@search_operation(router, "/offers/map", "offers_map", "Angebote auf der Karte", OfferMapOut)
def offers_map(request: HttpRequest, query: Query[MapQuery]) -> HttpResponse:
    with translation.override(query.lang):
        return json_response(get_engine().map(from_query(query)))


@search_operation(
    router,
    "/offers/suggest",
    "offers_suggest",
    "Angebotstitel vervollständigen",
    OfferSuggestionsOut,
)
def offers_suggest(request: HttpRequest, query: Query[SuggestQuery]) -> HttpResponse:
    place = preferred_place(query)
    return json_response({"results": get_engine().suggest(query.q[:100], place=place)})
