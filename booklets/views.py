"""The booklets' public pages (HTML print view, PDF) and the editors' admin view that
regenerates the stored PDF editions. The language is the URL's (/en/familienbegleitbuch/…)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from home.models import RegionPage
from offers_directory.printing import LANGUAGES, language

from . import booklet as engine
from .models import OfferCatalogue
from .sources import (
    Source,
    catalogue_source,
    edition,
    may_regenerate,
    municipalities,
    region_source,
    source_for_key,
)
from .tasks import enqueue_regeneration


def _lang() -> str:
    return language(translation.get_language())


def _html(request: HttpRequest, source: Source) -> HttpResponse:
    lang = _lang()
    booklet = source.build(request, lang)
    here = request.build_absolute_uri()
    context: dict[str, Any] = {
        "booklet": booklet,
        "labels": engine.labels(),
        "offer_count": engine.offer_count(len(booklet.offers)),
        "pdf_url": source.pdf_url(),
        "languages": [(code, translate_url(here, code)) for code in LANGUAGES],
        "edition": edition(source, lang),
        "places": [
            (spellings[0], reverse("booklets:municipality", args=[source.region.slug, slug]))
            for slug, spellings in municipalities(source.region).items()
        ]
        if source.region is not None and source.catalogue is None and not source.municipality
        else [],
    }
    return render(request, "booklets/booklet.html", context)


def _pdf(request: HttpRequest, source: Source) -> HttpResponse:
    """The stored edition (as an editor last generated it), else a fresh one."""
    lang = _lang()
    stored = edition(source, lang)
    content = bytes(stored.pdf) if stored else engine.render_pdf(source.build(request, lang))
    response = HttpResponse(content, content_type="application/pdf")
    name = source.key.replace("/", "-")
    response["Content-Disposition"] = f'inline; filename="{name}-{lang}.pdf"'
    return response


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Every region's Familienbegleitbuch with its municipalities' editions, and the
    working groups' catalogues: where families and professionals find the printed guides."""
    regions = [
        (
            region,
            [
                (spellings[0], reverse("booklets:municipality", args=[region.slug, slug]))
                for slug, spellings in municipalities(region).items()
            ],
        )
        for region in RegionPage.objects.live().public().order_by("title")
    ]
    catalogues = OfferCatalogue.objects.order_by("title")
    return render(request, "booklets/index.html", {"regions": regions, "catalogues": catalogues})


@require_GET
def region_booklet(
    request: HttpRequest, region: str, place: str = "", *, pdf: bool = False
) -> HttpResponse:
    """A region's booklet, or one municipality's (`place`), as HTML or PDF."""
    return (_pdf if pdf else _html)(request, region_source(region, place))


@require_GET
def catalogue(request: HttpRequest, slug: str, *, pdf: bool = False) -> HttpResponse:
    return (_pdf if pdf else _html)(request, catalogue_source(slug))


# --- admin --------------------------------------------------------------------------------


def admin_sources(user: Any) -> list[Source]:
    """The booklets this user may regenerate: their regions' (and municipalities')
    booklets and, with the permission, the catalogues."""
    sources: list[Source] = []
    for region in RegionPage.objects.live().public().order_by("title"):
        source = region_source(region.slug)
        if not may_regenerate(user, source):
            continue
        sources.append(source)
        sources += [region_source(region.slug, slug) for slug in municipalities(region)]
    for catalogue in OfferCatalogue.objects.select_related("region"):
        source = catalogue_source(catalogue.slug)
        if may_regenerate(user, source):
            sources.append(source)
    return sources


def admin_index(request: HttpRequest) -> HttpResponse:
    rows = []
    for source in admin_sources(request.user):
        editions = []
        for lang in LANGUAGES:
            with translation.override(lang):
                editions.append((lang, edition(source, lang), source.pdf_url()))
        rows.append({"source": source, "editions": editions, "german": editions[0][1]})
    if not rows:
        raise PermissionDenied
    return render(
        request,
        "booklets/admin/index.html",
        {"rows": rows, "languages": LANGUAGES, "header_icon": "doc-full"},
    )


@require_POST
def admin_regenerate(request: HttpRequest) -> HttpResponse:
    source = source_for_key(request.POST.get("key", ""))
    if not may_regenerate(request.user, source):
        raise PermissionDenied
    enqueue_regeneration(source.key, request.user.pk)
    messages.success(
        request,
        _(
            "%(title)s: the PDFs are being regenerated in all languages. Reload this page in "
            "a minute to see the new date."
        )
        % {"title": source.place},
    )
    return redirect("booklets_admin:index")
