"""The partner directory's API operation, `GET /api/v1/partners/` (mounted by search/api.py):
public partner data only, validated like the directory page (/fachkraefte/)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from ninja import Query, Router

from ..responses import json_response, search_operation
from .engines import get_partner_engine
from .params import from_query
from .schemas import PartnerQuery, PartnerSearchOut

router = Router(tags=["Partner"])


@search_operation(router, "/", "partners", "Partner im Netzwerk suchen", PartnerSearchOut)
def partners(request: HttpRequest, query: Query[PartnerQuery]) -> HttpResponse:
    return json_response(get_partner_engine().search(from_query(query)))
