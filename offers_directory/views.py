"""The providers' verification pages (verification.py): no login, the signed link is the
credential. Opening the link changes nothing (mail scanners open links too); the buttons
post. German, as the mail that carries the link (the path has no language prefix, so the
browser's Accept-Language would otherwise choose)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from . import verification
from .models import OfferPage

TEMPLATES = "offers_directory/verification/"


class ChangeForm(forms.ModelForm):
    note = forms.CharField(
        label=_("What has changed? (message to the coordination)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )

    class Meta:
        model = OfferPage
        fields = verification.CHANGEABLE_FIELDS


def in_german(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        with translation.override("de"):
            response = view(request, *args, **kwargs)
            response["Content-Language"] = "de"
            return response

    return wrapped


def _refused(request: HttpRequest, error: verification.LinkError) -> HttpResponse:
    context = {
        "expired": isinstance(error, verification.ExpiredLink),
        "used": isinstance(error, verification.UsedLink),
    }
    return render(request, TEMPLATES + "refused.html", context, status=error.status)


def _page(request: HttpRequest, name: str, context: dict[str, Any]) -> HttpResponse:
    response = render(request, TEMPLATES + name, context)
    # The link is a credential: no referrer carries it to another site ("no-referrer" would
    # make the browser send `Origin: null` with the form, which the CSRF check refuses).
    response["Referrer-Policy"] = "same-origin"
    return response


@never_cache
@require_http_methods(["GET", "POST"])
@in_german
def verify(request: HttpRequest, token: str) -> HttpResponse:
    try:
        found = verification.read_token(token)
        if request.method == "POST":
            verification.confirm(found)
            return _page(request, "done.html", {"offer": found.offer, "confirmed": True})
    except verification.LinkError as error:
        return _refused(request, error)
    return _page(request, "verify.html", {"offer": found.offer.specific, "token": token})


@never_cache
@require_http_methods(["GET", "POST"])
@in_german
def report_change(request: HttpRequest, token: str) -> HttpResponse:
    try:
        found = verification.read_token(token)
        offer = found.offer.specific
        draft = offer.get_latest_revision_as_object()
        form = ChangeForm(request.POST or None, instance=draft)
        if request.method == "POST" and form.is_valid():
            changes = {name: form.cleaned_data[name] for name in verification.CHANGEABLE_FIELDS}
            verification.report_change(found, changes, form.cleaned_data["note"])
            return _page(request, "done.html", {"offer": offer, "confirmed": False})
    except verification.LinkError as error:
        return _refused(request, error)
    return _page(request, "change.html", {"offer": offer, "form": form, "token": token})
