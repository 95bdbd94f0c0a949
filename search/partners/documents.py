"""The referral-partner document: what the partner directory's search may know of a partner.

Only public partner data becomes a document: name, fields of work, working groups, region,
address and coordinates. Contact persons and internal notes never do, so the public index
cannot leak them. Text is analysed in Python (search/analysis.py), as for offers, so both
engines match alike."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import QuerySet

from elasticsearch.dsl import Document, GeoPoint, Integer, Keyword, Object, Text

from .. import analysis

PARTNERS = "partners"
FACETS = {"field": "field", "working_group": "working_group", "region": "region"}


class PartnerDocument(Document):
    partner_id = Integer()
    slug = Keyword()
    name = Text(analyzer="standard")
    name_sort = Keyword()
    terms = Text(analyzer="whitespace")
    field = Keyword(multi=True)
    working_group = Keyword(multi=True)
    region = Keyword()
    geo = GeoPoint()
    # What a result shows (not searchable).
    display = Object(enabled=False)


def public_partners() -> QuerySet[Any]:
    from professionals.models import ReferralPartner

    return (
        ReferralPartner.objects.filter(live=True)
        .select_related("region")
        .prefetch_related("fields", "working_groups")
    )


def build_document(partner: Any) -> dict[str, Any]:
    """The public search document of one partner. Deliberately no contact persons and no
    internal notes (see the module docstring)."""
    fields = list(partner.fields.all())
    groups = list(partner.working_groups.all())
    text = " ".join(
        [partner.name, partner.description, partner.city]
        + [f.name for f in fields]
        + [g.name for g in groups]
    )
    doc: dict[str, Any] = {
        "partner_id": partner.pk,
        "slug": partner.slug,
        "name": partner.name,
        "name_sort": analysis.fold(partner.name),
        "terms": " ".join(analysis.unique(analysis.analyze(text))),
        "field": [f.code for f in fields],
        "working_group": [g.slug for g in groups],
        "region": partner.region.slug if partner.region_id else None,
        "display": {
            "url": partner.get_absolute_url(),
            "address": partner.address_line,
            "city": partner.city,
            "fields": [f.name for f in fields],
            "working_groups": [g.name for g in groups],
            "region": partner.region.title if partner.region_id else "",
            "latitude": partner.latitude,
            "longitude": partner.longitude,
        },
    }
    if partner.has_coordinates:
        doc["geo"] = {"lat": partner.latitude, "lon": partner.longitude}
    return doc


def iter_documents(ids: Iterable[int] | None = None) -> Iterator[dict[str, Any]]:
    partners = public_partners()
    if ids is not None:
        partners = partners.filter(pk__in=list(ids))
    for partner in partners:
        yield build_document(partner)
