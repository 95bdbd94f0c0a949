"""Response headers chosen on purpose: Content-Security-Policy (a nonce-based policy for the
public site, a looser one for the Wagtail admin), Permissions-Policy, and Cache-Control for
each kind of response."""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers

from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import default_config

from offers_directory.maps import tile_source


def is_admin_path(path: str) -> bool:
    return path.startswith(_admin_home(get_script_prefix(), get_urlconf()))


@functools.lru_cache(maxsize=16)
def _admin_home(script_prefix: str, urlconf: str | None) -> str:
    # Asked on every response (the CSP); reverse() depends on these two only, as the admin
    # is outside i18n_patterns.
    return reverse("wagtailadmin_home", urlconf=urlconf)


@receiver(setting_changed)
def _forget_admin_home(**kwargs: object) -> None:
    _admin_home.cache_clear()


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware (settings.CONTENT_SECURITY_POLICY, with `request.csp_nonce`
    for inline scripts), with settings.ADMIN_CONTENT_SECURITY_POLICY on the admin's paths,
    and the map tile server (OFFERS_DIRECTORY["TILE_URL"]) as an image source of both."""

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if report_only:
            return parts
        if parts.config is None and is_admin_path(request.path_info):
            parts.config = default_config(settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"])
        tiles = tile_source()
        if tiles:
            update = dict(parts.update or {})
            update["img-src"] = [*update.get("img-src", []), tiles]
            parts.update = update
        return parts


def permissions_policy(features: dict[str, list[str]]) -> str:
    """`geolocation=(self), camera=()` from {"geolocation": ["self"], "camera": []}."""
    return ", ".join(
        f"{feature}=({' '.join(origins)})" for feature, origins in sorted(features.items())
    )


class PermissionsPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.header = permissions_policy(settings.PERMISSIONS_POLICY)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.header)
        return response


class CachePolicyMiddleware:
    """Cache-Control by kind of response:

    - for a logged-in user: `private, no-store` always, so no shared cache (a proxy, a CDN)
      ever keeps a page with protected contact details for the next visitor;
    - for everyone else, a GET answered 200 that sets no cookie and has no Cache-Control of
      its own: `public, max-age=…` by path (settings.PUBLIC_CACHE_MAX_AGE: the API and pages
      briefly, feeds longer), with `Vary: Cookie` so a logged-in request never gets it;
    - anything else (forms with a CSRF token, errors, redirects, views that chose their own
      header such as the login pages' never_cache) is left alone.

    The page's CSP nonce is then shared by the visitors one cached copy serves; it still
    changes with every render, so a stored payload cannot learn the nonce it will be shown
    with."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # no-cache, no-store, must-revalidate, private (and Expires in the past).
            add_never_cache_headers(response)
            patch_vary_headers(response, ["Cookie"])
        elif self._shareable(request, response):
            patch_cache_control(response, public=True, max_age=self._max_age(request.path_info))
            patch_vary_headers(response, ["Cookie"])
        return response

    @staticmethod
    def _shareable(request: HttpRequest, response: HttpResponse) -> bool:
        return (
            request.method in ("GET", "HEAD")
            and response.status_code == 200
            and not response.has_header("Cache-Control")
            and not response.cookies
            # The page carries a CSRF token: it belongs to this visitor alone.
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        )

    @staticmethod
    def _max_age(path: str) -> int:
        for prefix, max_age in settings.PUBLIC_CACHE_MAX_AGE:
            if path.startswith(prefix):
                return max_age
        return 0
