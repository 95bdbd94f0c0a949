"""Pages of the professionals' network: the referral-partner directory at /fachkraefte/, partner
profiles, working groups, the document library, and the Merkliste handout. The directory's JSON
search is the API's (search/partners/api.py, `GET /api/v1/partners/`)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import translation
from django.views.decorators.http import require_GET

from wagtail.models import Site

from offers_directory.maps import tile_context
from offers_directory.privacy import can_see_protected_contacts
from search.params import InvalidSearchParams
from search.partners import get_partner_engine, parse_partner_params

from . import handout
from .models import NetworkDocument, PartnerField, ReferralPartner, WorkingGroup


def _intro_page(request: HttpRequest) -> Any:
    """The editors' "Für Fachkräfte" page (slug fachkraefte below the home page): its title
    and intro head the directory, so editors keep control of the wording."""
    from home.models import StandardPage

    site = Site.find_for_request(request)
    if site is None:
        return None
    return (
        StandardPage.objects.live()
        .public()
        .child_of(site.root_page)
        .filter(slug="fachkraefte")
        .first()
    )


def _map_context(request: HttpRequest, map_data: dict[str, Any]) -> dict[str, Any]:
    return {"map_data": map_data, **tile_context(request)}


def _base_context(request: HttpRequest) -> dict[str, Any]:
    return {"is_professional": can_see_protected_contacts(request.user)}


def _with_near(request: HttpRequest, near: str) -> str:
    query = request.GET.copy()
    query["near"] = near
    query.pop("page", None)
    return query.urlencode()


@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    from home.models import RegionPage

    context = _base_context(request)
    try:
        params = parse_partner_params(request.GET)
        results = get_partner_engine().search(params)
        context.update(params=params, results=results, error=None)
    except InvalidSearchParams as error:
        answer = error.as_dict()
        context.update(params=None, results=None, error=answer["message"])
        # An ambiguous place: links that search around each of the places it names.
        context["place_candidates"] = [
            {**candidate, "url": f"?{_with_near(request, candidate['near'])}"}
            for candidate in answer.get("candidates") or []
        ]
    located = [r for r in (context["results"] or {}).get("results", []) if r["latitude"]]
    context.update(
        _map_context(
            request,
            {
                "locations": [
                    {
                        "name": r["name"],
                        "address": r["address"],
                        "lat": r["latitude"],
                        "lon": r["longitude"],
                    }
                    for r in located
                ],
                "areas": [],
            },
        )
    )
    context.update(
        intro_page=_intro_page(request),
        fields=PartnerField.objects.all(),
        working_groups=WorkingGroup.objects.all(),
        regions=RegionPage.objects.live().order_by("title"),
        query=request.GET,
        selected_fields=request.GET.getlist("field"),
        selected_groups=request.GET.getlist("working_group"),
        selected_regions=request.GET.getlist("region"),
    )
    status = 400 if context["error"] else 200
    return render(request, "professionals/directory.html", context, status=status)


@require_GET
def partner_detail(request: HttpRequest, slug: str) -> HttpResponse:
    partner = get_object_or_404(
        ReferralPartner.objects.select_related("organization", "region"), slug=slug, live=True
    )
    context = _base_context(request)
    context.update(
        partner=partner,
        contacts=partner.contacts_for(request.user),
        offers=partner.live_offers(),
        **_map_context(request, partner.map_data()),
    )
    return render(request, "professionals/partner.html", context)


@require_GET
def working_groups(request: HttpRequest) -> HttpResponse:
    context = _base_context(request)
    context["groups"] = WorkingGroup.objects.prefetch_related("members")
    context["documents"] = NetworkDocument.objects.prefetch_related("versions__document")
    return render(request, "professionals/network.html", context)


@require_GET
def working_group_detail(request: HttpRequest, slug: str) -> HttpResponse:
    group = get_object_or_404(WorkingGroup, slug=slug)
    context = _base_context(request)
    context.update(
        group=group,
        members=group.members.filter(live=True),
        upcoming=group.meeting_events(upcoming=True),
        past=group.meeting_events(upcoming=False),
        documents=group.documents.prefetch_related("versions__document"),
    )
    return render(request, "professionals/working_group.html", context)


@require_GET
def documents(request: HttpRequest) -> HttpResponse:
    context = _base_context(request)
    context["documents"] = NetworkDocument.objects.prefetch_related("versions__document")
    return render(request, "professionals/documents.html", context)


# --- Merkliste ----------------------------------------------------------------------------


@require_GET
def merkliste(request: HttpRequest) -> HttpResponse:
    """Without ids: the list kept in the visitor's browser (filled by merkliste.js). With
    ?ids=1,2,3&lang=de: the printable handout of those offers, rendered by the server."""
    ids = handout.IDS.read(request.GET)
    lang = handout.language(request.GET.get("lang"), translation.get_language() or "de")
    if not ids:
        return render(request, "professionals/merkliste.html", {"languages": handout.LANGUAGES})
    offers = handout.collect(ids, request, lang)
    return render(request, "professionals/handout.html", handout.context(offers, lang))


@require_GET
def merkliste_pdf(request: HttpRequest) -> HttpResponse:
    ids = handout.IDS.read(request.GET)
    lang = handout.language(request.GET.get("lang"), translation.get_language() or "de")
    offers = handout.collect(ids, request, lang)
    response = HttpResponse(handout.render_pdf(offers, lang), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="merkliste-{lang}.pdf"'
    return response
