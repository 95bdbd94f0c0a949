"""The coordinators' dashboard in the admin (Admin → „Versorgungslücken“,
/admin/versorgungsluecken/): per region the most frequent searches without a result (with
"answered by offer X"), those searches by postcode area and category, the offers per
municipality and category, the categories no offer reaches, a map and a chart; each table
as CSV."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from home.models import RegionPage
from offers_directory.maps import script_config
from offers_directory.models import OfferPage
from search.offers.indexing import public_offers
from search.offers.labels import offer_labels
from security.html import json_text

from . import hints, unmet
from .coverage import Coverage, coverage
from .models import SearchHint
from .permissions import may_answer_with, sees_all, visible_regions
from .recording import normalised_words
from .retention import retention_days
from .tables import (
    TABLES,
    Table,
    areas_table,
    density_table,
    gaps_table,
    unmet_table,
)

NO_REGION = "-"


def _choice(request: HttpRequest) -> tuple[list[RegionPage], RegionPage | None, bool]:
    """(visible regions, the chosen one, whether the searches of no region are chosen)."""
    regions = visible_regions(request.user)
    if not regions:
        raise PermissionDenied
    wanted = request.GET.get("region", "")
    if wanted == NO_REGION and sees_all(request.user):
        return regions, None, True
    chosen = next((r for r in regions if r.slug == wanted), None)
    if wanted and chosen is None:
        raise PermissionDenied
    return regions, chosen or regions[0], False


def _tables(
    region: RegionPage | None, cover: Coverage | None
) -> tuple[dict[str, Table], list[unmet.UnmetRow]]:
    labels = offer_labels.get()
    title = region.title if region is not None else _("no region")
    rows = unmet.top_unmet([region] if region else [], unassigned=region is None)
    tables = {"unmet": unmet_table(rows, title, labels)}
    if region is not None:
        tables["areas"] = areas_table(unmet.by_area_and_category(region), title, labels)
    if cover is not None:
        tables["density"] = density_table(cover)
        tables["gaps"] = gaps_table(cover)
    return tables, rows


def _chart(table: Table) -> list[dict[str, Any]]:
    """Bars of the unmet searches per postcode area (the last column is the total)."""
    top = max((row[-1] for row in table.rows), default=0)
    return [
        {"label": row[0], "value": row[-1], "percent": round(100 * row[-1] / top) if top else 0}
        for row in table.rows
    ]


def _map_data(cover: Coverage) -> dict[str, Any]:
    return {
        "reachKm": cover.reach_km,
        "places": [
            {
                "name": m.name,
                "lat": m.latitude,
                "lon": m.longitude,
                "offers": m.offer_total,
                "gaps": [c.name for c in m.gaps(cover.categories)],
            }
            for m in cover.municipalities
        ],
    }


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    regions, region, no_region = _choice(request)
    cover = coverage(region) if region is not None else None
    tables, rows = _tables(region, cover)
    context: dict[str, Any] = {
        "regions": regions,
        "region": region,
        "no_region": no_region,
        "NO_REGION": NO_REGION,
        "sees_all": sees_all(request.user),
        "min_searches_shown": unmet.min_searches_shown(),
        "retention_days": retention_days(),
        "tables": tables,
        "unmet_rows": list(zip(rows, tables["unmet"].rows, strict=True)),
        "offers": list(public_offers().descendant_of(region).order_by("title").only("pk", "title"))
        if region is not None
        else [],
        "hints": SearchHint.objects.filter(offer__path__startswith=region.path)
        .select_related("offer")
        .order_by("words")
        if region is not None
        else [],
        "chart": _chart(tables["areas"]) if "areas" in tables else [],
        "coverage": cover,
        "map_data": _map_data(cover) if cover else None,
        "map_config": json_text(script_config()),
        "export_query": f"?region={NO_REGION if no_region else region.slug}",
    }
    return render(request, "insights/admin/dashboard.html", context)


@require_GET
def export(request: HttpRequest, table: str) -> HttpResponse:
    if table not in TABLES:
        raise Http404
    _regions, region, _no_region = _choice(request)
    cover = coverage(region) if region is not None and table in ("density", "gaps") else None
    tables, _rows = _tables(region, cover)
    if table not in tables:
        raise Http404
    response = HttpResponse(tables[table].csv(), content_type="text/csv; charset=utf-8")
    name = region.slug if region is not None else "ohne-region"
    response["Content-Disposition"] = f'attachment; filename="{table}-{name}.csv"'
    return response


def _back(region_slug: str) -> HttpResponse:
    return redirect(f"{reverse('insights_admin:dashboard')}?region={region_slug}")


@require_POST
def answer(request: HttpRequest) -> HttpResponse:
    offer = get_object_or_404(OfferPage, pk=request.POST.get("offer") or 0)
    words = normalised_words(request.POST.get("words", ""))
    if not visible_regions(request.user) or not may_answer_with(request.user, offer):
        raise PermissionDenied
    region = request.POST.get("region", "")
    if not words:
        messages.error(request, _("A search without words cannot be answered by an offer."))
        return _back(region)
    hints.answer(offer, words)
    messages.success(
        request,
        _("“%(words)s” now finds “%(offer)s”.") % {"words": words, "offer": offer.title},
    )
    return _back(region)


@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    hint = get_object_or_404(SearchHint.objects.select_related("offer"), pk=pk)
    if not may_answer_with(request.user, hint.offer):
        raise PermissionDenied
    hints.withdraw(hint)
    messages.success(request, _("The hint “%(words)s” was removed.") % {"words": hint.words})
    return _back(request.POST.get("region", ""))
