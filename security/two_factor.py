"""Two-factor authentication for the Wagtail admin with django-otp (TOTP, RFC 6238).

Administrators (superusers) must use it; every other editor may switch it on (Admin → account
→ "Zwei-Faktor-Anmeldung"), and once an account has a device its code is asked for at every
login. After the password, `TwoFactorMiddleware` sends a user who still owes the second step
to it: the code form when the account has a device, the setup when a superuser has none. Until
then the user reaches nothing but that step and the logout, on the admin and on the public
site alike (an editor is also a professional and sees protected contact details).

Why not a Wagtail 2FA package: wagtail-2fa does not run on Wagtail 8 (it imports
wagtail.users.widgets.UserListingButton, removed in 8.0) and draws its QR code with another
library; django-otp is the maintained base those packages build on, and segno (already used
for the handout) draws the QR code on the site itself."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

VERIFY = "security_two_factor_verify"
SETUP = "security_two_factor_setup"
# What a user who owes the second step may still open, besides that step itself.
_ALWAYS_ALLOWED = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
    "professionals:logout",
}


def confirmed_device(user: AbstractBaseUser) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def two_factor_required(user: Any) -> bool:
    """Whether this account must use a second step (settings.TWO_FACTOR_REQUIRED_FOR_SUPERUSERS
    is off only in the test suite's settings)."""
    return bool(user.is_superuser and settings.TWO_FACTOR_REQUIRED_FOR_SUPERUSERS)


def required_step(user: Any) -> str | None:
    """The URL name of the step this user still owes, or None."""
    if not user.is_authenticated or not user.has_perm("wagtailadmin.access_admin"):
        return None
    if user.is_verified():
        return None
    if user_has_device(user, confirmed=True):
        return VERIFY
    if two_factor_required(user):
        return SETUP
    return None


class TwoFactorMiddleware:
    """After django_otp.middleware.OTPMiddleware, which gives request.user `is_verified()`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable, view_args: tuple, view_kwargs: dict
    ) -> HttpResponse | None:
        step = required_step(request.user)
        if step is None:
            return None
        view_name = request.resolver_match.view_name if request.resolver_match else ""
        if view_name == step or view_name in _ALWAYS_ALLOWED:
            return None
        return redirect_to_login(request.get_full_path(), reverse(step))
