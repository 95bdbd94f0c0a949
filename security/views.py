"""The two-factor steps in the Wagtail admin (security/two_factor.py explains the rules):
the code form after the password, the setup with a QR code, and the page where an editor
switches it on or off."""

from __future__ import annotations

import base64

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

import django_otp
import segno
from django_otp.plugins.otp_totp.models import TOTPDevice

from .forms import TokenForm
from .two_factor import VERIFY, confirmed_device, two_factor_required


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("wagtailadmin_home")


@never_cache
@sensitive_post_parameters("otp_token")
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    device = confirmed_device(request.user)
    if device is None:
        return redirect("security_two_factor_setup")
    form = TokenForm(device, request.POST or None)
    if request.method == "POST" and form.is_valid():
        django_otp.login(request, device)
        return redirect(_next_url(request))
    return render(
        request, "security/two_factor_verify.html", {"form": form, "next": _next_url(request)}
    )


@never_cache
@sensitive_post_parameters("otp_token")
@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest) -> HttpResponse:
    """A new key, shown as a QR code until the app's first code confirms it; the confirmed
    device then replaces any earlier one. A user whose account already has a device must have
    passed it in this session first (the middleware sends them to VERIFY otherwise)."""
    user = request.user
    if confirmed_device(user) is not None and not user.is_verified():
        return redirect(VERIFY)
    # The same key across reloads, so a code from the scanned QR code still fits.
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)
    form = TokenForm(device, request.POST or None)
    if request.method == "POST" and form.is_valid():
        TOTPDevice.objects.devices_for_user(user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        django_otp.login(request, device)
        messages.success(request, _("Two-factor authentication is now active for your account."))
        return redirect(_next_url(request))
    qr = segno.make(device.config_url, error="m")
    return render(
        request,
        "security/two_factor_setup.html",
        {
            "form": form,
            "next": _next_url(request),
            # segno escapes the title; the rest is its own markup. White behind the code, so the
            # admin's dark theme does not swallow it.
            "qr_svg": mark_safe(  # noqa: S308
                qr.svg_inline(scale=5, border=2, light="#fff", title=_("QR code for the app"))
            ),
            "secret": device_secret(device),
            "replacing": confirmed_device(user) is not None,
        },
    )


def device_secret(device: TOTPDevice) -> str:
    """The key in base32 and groups of four, for typing it into an app by hand."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@never_cache
@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest) -> HttpResponse:
    """Status, set up or replace, and switch off (not for superusers, who must keep it)."""
    user = request.user
    device = confirmed_device(user)
    required = two_factor_required(user)
    if request.method == "POST" and device is not None and not required:
        TOTPDevice.objects.devices_for_user(user).delete()
        messages.success(request, _("Two-factor authentication is switched off for your account."))
        return redirect("security_two_factor")
    return render(
        request,
        "security/two_factor_manage.html",
        {"device": device, "required": required},
    )
