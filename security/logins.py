"""Login throttling with django-axes: per account and per address, on every login that goes
through Django's `authenticate()` (the Wagtail admin's and the professionals' login)."""

from __future__ import annotations

import math
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from axes.backends import AxesStandaloneBackend

from .headers import is_admin_path


class ThrottledLoginBackend(AxesStandaloneBackend):
    """django-axes' backend, except for logins without a request (`manage.py shell`, the
    test client's `login()`): there is no address to throttle and no visitor to lock out,
    and axes would raise instead of letting the next backend decide."""

    def authenticate(self, request: HttpRequest | None, *args: Any, **kwargs: Any) -> None:
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)


def client_ip(request: HttpRequest) -> str:
    """The visitor's address. Behind TRUSTED_PROXY_COUNT reverse proxies, each appending to
    X-Forwarded-For, it is that many entries from the right: whatever the client wrote
    further left could be forged, and throttling by a forged address throttles nothing."""
    count = settings.TRUSTED_PROXY_COUNT
    remote = request.META.get("REMOTE_ADDR", "")
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    return forwarded[-count] if len(forwarded) >= count else remote


def cooloff_minutes() -> int:
    return max(1, math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60))


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """HTTP 429 with a German page in the look of the login that was refused."""
    template = (
        "security/admin_lockout.html"
        if is_admin_path(request.path_info)
        else "security/lockout.html"
    )
    response = render(request, template, {"cooloff_minutes": cooloff_minutes()}, status=429)
    response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    return response
