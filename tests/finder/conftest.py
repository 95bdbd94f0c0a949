"""Offers for the finder's tests: a few real places around Winsen (Luhe), categories,
languages, costs and opening hours."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import translation

import pytest

from offers_directory.models import OfferSchedule
from tests.search import factories as f


def de(msgid: str, context: str | None = None) -> str:
    """The German text of one of the finder's msgids, as the page shows it."""
    with translation.override("de"):
        if context:
            return translation.pgettext(context, msgid)
        return translation.gettext(msgid)


@pytest.fixture
def finder_offers(db: Any) -> dict[str, Any]:
    region = f.region()
    index = f.offer_index(region)
    hebamme = f.offer(
        index,
        "Familienhebammen im Landkreis",
        summary="Hebammenhilfe für Familien.",
        locations=[f.WINSEN, f.HAMBURG],
        categories=["hebamme"],
        languages=["de", "ar"],
        is_free=True,
    )
    OfferSchedule.objects.create(
        page=hebamme, weekday="TU", opens_at=datetime.time(9), closes_at=datetime.time(12)
    )
    kita = f.offer(
        index,
        "Kindertagesstätte Sonnenschein",
        locations=[f.LUENEBURG],
        categories=["kita"],
        languages=["de"],
        is_free=False,
        fee_note="Elternbeitrag nach Einkommen",
    )
    cafe = f.offer(
        index,
        "Elterncafé Buchholz",
        locations=[f.BUCHHOLZ],
        categories=["elterncafe"],
        languages=["de", "tr"],
        is_free=True,
    )
    far = f.offer(
        index,
        "Elternberatung München",
        locations=[f.MUENCHEN],
        categories=["beratung"],
        languages=["de"],
        is_free=True,
    )
    return {"index": index, "hebamme": hebamme, "kita": kita, "cafe": cafe, "far": far}
