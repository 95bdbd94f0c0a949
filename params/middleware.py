"""Requests with control characters are refused before any view sees them; an
InvalidParameter a view raises becomes the 400 answer (also with DEBUG on, where Django
would show its debug page instead of handler400)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext

from . import InvalidParameter, has_control_characters
from .views import bad_request_response


class InvalidInputMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        field = _field_with_control_characters(request)
        if field is not None:
            return bad_request_response(
                request,
                InvalidParameter(
                    "invalid_characters",
                    field,
                    gettext("The address contains characters that are not allowed."),
                ),
            )
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, InvalidParameter):
            return bad_request_response(request, exception)
        return None


def _field_with_control_characters(request: HttpRequest) -> str | None:
    """The parameter (or "path") that holds a control character, e.g. a NUL byte, which
    PostgreSQL can neither store nor compare."""
    if has_control_characters(request.path):
        return "path"
    for name, values in request.GET.lists():
        if has_control_characters(name) or any(has_control_characters(v) for v in values):
            return name[:50]
    return None
