"""The providers' verification pages (verification.py): no login, the signed link is the
credential. Opening the link changes nothing (mail scanners open links too); the buttons
post. German, as the mail that carries the link (the path has no language prefix, so the
browser's Accept-Language would otherwise choose)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from . import verification
from .models import OfferPage, VerificationRequest

TEMPLATES = "offers_directory/verification/"


def _form_field(field: Any, **options: Any) -> forms.Field | None:
    # A web address typed without a scheme ("www.…") is taken as https, as Django 6 will take
    # it by default (Django 5 still assumes http, and says so with a warning).
    if isinstance(field, models.URLField):
        options.setdefault("assume_scheme", "https")
    return field.formfield(**options)


class ChangeForm(forms.ModelForm):
    note = forms.CharField(
        label=_("What has changed? (message to the coordination)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )

    class Meta:
        model = OfferPage
        fields = verification.CHANGEABLE_FIELDS
        formfield_callback = _form_field


def _refused(request: HttpRequest, error: verification.LinkError) -> HttpResponse:
    context = {
        "expired": isinstance(error, verification.ExpiredLink),
        "used": isinstance(error, verification.UsedLink),
    }
    return render(request, TEMPLATES + "refused.html", context, status=error.status)


LinkView = Callable[[HttpRequest, VerificationRequest, str], HttpResponse]


def link_page(view: LinkView) -> Callable[[HttpRequest, str], HttpResponse]:
    """A page the signed link opens: never cached, shown on GET, acting on POST, in German.
    `view(request, found, token)` gets the open request the token names; a tampered, expired
    or used link (found so here or in the view) gets the refusal page instead."""

    @never_cache
    @require_http_methods(["GET", "POST"])
    @wraps(view)
    def wrapped(request: HttpRequest, token: str) -> HttpResponse:
        with translation.override("de"):
            try:
                response = view(request, verification.read_token(token), token)
            except verification.LinkError as error:
                response = _refused(request, error)
            response["Content-Language"] = "de"
            return response

    return wrapped


def _page(request: HttpRequest, name: str, context: dict[str, Any]) -> HttpResponse:
    response = render(request, TEMPLATES + name, context)
    # The link is a credential: no referrer carries it to another site ("no-referrer" would
    # make the browser send `Origin: null` with the form, which the CSRF check refuses).
    response["Referrer-Policy"] = "same-origin"
    return response


@link_page
def verify(request: HttpRequest, found: VerificationRequest, token: str) -> HttpResponse:
    if request.method == "POST":
        verification.confirm(found)
        return _page(request, "done.html", {"offer": found.offer, "confirmed": True})
    return _page(request, "verify.html", {"offer": found.offer.specific, "token": token})


@link_page
def report_change(request: HttpRequest, found: VerificationRequest, token: str) -> HttpResponse:
    offer = found.offer.specific
    draft = offer.get_latest_revision_as_object()
    form = ChangeForm(request.POST or None, instance=draft)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in verification.CHANGEABLE_FIELDS}
        verification.report_change(found, changes, form.cleaned_data["note"])
        return _page(request, "done.html", {"offer": offer, "confirmed": False})
    return _page(request, "change.html", {"offer": offer, "form": form, "token": token})
