"""JSON answers of the search API, encoded once, as they are (the views build plain dicts),
with orjson: a page of results with its facets is tens of kilobytes, and the standard
library's encoder took a millisecond of every request."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse

import orjson
from ninja import NinjaAPI, Router

from .schemas import ErrorOut

# What orjson does not encode itself (lazy translations, decimals), and datetimes, which it
# would write in another form than Django's JsonResponse, go through Django's encoder.
_django_default = DjangoJSONEncoder().default


def json_response(data: Any, status: int = 200) -> HttpResponse:
    body = orjson.dumps(data, default=_django_default, option=orjson.OPT_PASSTHROUGH_DATETIME)
    return HttpResponse(body, status=status, content_type="application/json")


def search_operation(
    router: Router | NinjaAPI, path: str, name: str, summary: str, answer: type, **options: Any
) -> Callable[[Callable], Callable]:
    """Registers a GET operation of the search API: `answer` is its 200 schema; invalid
    parameters answer 400 with the error body every operation shares."""
    return router.get(
        path, url_name=name, summary=summary, response={200: answer, 400: ErrorOut}, **options
    )
