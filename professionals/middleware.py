"""Responses rendered for a logged-in user are private: a shared cache (a proxy, a CDN,
Django's cache middleware) must never store a page with protected contact details and hand
it to the next anonymous visitor."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers, patch_vary_headers


class PrivateForLoggedInMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # no-cache, no-store, must-revalidate, private (and Expires in the past).
            add_never_cache_headers(response)
            patch_vary_headers(response, ["Cookie"])
        return response
