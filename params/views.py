"""The answer to a request the site cannot use: HTTP 400 with a German message and a
machine-readable code, as JSON for the APIs (/api/…) and as a page for people."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext

from . import InvalidParameter


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def bad_request_response(request: HttpRequest, error: InvalidParameter) -> HttpResponse:
    if is_api(request):
        response = JsonResponse(
            # `errors`: the shape of the search API's answers (/api/v1/), which list every
            # bad parameter; `detail` and `status`: the HSDS API's before codes were added.
            {
                **error.as_dict(),
                "errors": [error.as_dict()],
                "detail": error.message,
                "status": 400,
            },
            status=400,
            json_dumps_params={"ensure_ascii": False},
        )
        response["Access-Control-Allow-Origin"] = "*"
        return response
    response = TemplateResponse(request, "400.html", {"error": error}, status=400)
    return response.render()


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler400: every BadRequest, ours or Django's (e.g. too many parameters)."""
    if not isinstance(exception, InvalidParameter):
        exception = InvalidParameter(
            "bad_request", "", gettext("The request cannot be processed as it was sent.")
        )
    return bad_request_response(request, exception)
