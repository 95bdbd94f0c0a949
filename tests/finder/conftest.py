"""Offers for the finder's tests: a few real places around Winsen (Luhe), categories,
languages, costs and opening hours."""

from __future__ import annotations

from typing import Any

from django.utils import translation

from home.factories import RegionPageFactory
from offers_directory.factories import (
    BUCHHOLZ,
    HAMBURG,
    LUENEBURG,
    MUENCHEN,
    WINSEN,
    OfferIndexPageFactory,
    OfferPageFactory,
)
from tests.shared_data import shared_fixtures


def de(msgid: str, context: str | None = None) -> str:
    """The German text of one of the finder's msgids, as the page shows it."""
    with translation.override("de"):
        if context:
            return translation.pgettext(context, msgid)
        return translation.gettext(msgid)


def build_finder_offers() -> dict[str, Any]:
    region = RegionPageFactory(title="Landkreis Test", slug="landkreis-test")
    index = OfferIndexPageFactory(parent=region)
    hebamme = OfferPageFactory(
        parent=index,
        title="Familienhebammen im Landkreis",
        summary="Hebammenhilfe für Familien.",
        locations=[WINSEN, HAMBURG],
        categories=["hebamme"],
        languages=["de", "ar"],
        is_free=True,
        schedules=[("TU", "09:00", "12:00")],
    )
    kita = OfferPageFactory(
        parent=index,
        title="Kindertagesstätte Sonnenschein",
        locations=[LUENEBURG],
        categories=["kita"],
        languages=["de"],
        is_free=False,
        fee_note="Elternbeitrag nach Einkommen",
    )
    cafe = OfferPageFactory(
        parent=index,
        title="Elterncafé Buchholz",
        locations=[BUCHHOLZ],
        categories=["elterncafe"],
        languages=["de", "tr"],
        is_free=True,
    )
    far = OfferPageFactory(
        parent=index,
        title="Elternberatung München",
        locations=[MUENCHEN],
        categories=["beratung"],
        languages=["de"],
        is_free=True,
    )
    return {"index": index, "hebamme": hebamme, "kita": kita, "cafe": cafe, "far": far}


shared_finder_offers, finder_offers = shared_fixtures(
    "finder_offers", build_finder_offers, doc="Built once per module."
)


# title: (min months, max months, during pregnancy, town)
AgeWindows = dict[str, tuple[int | None, int | None, bool, Any]]


def age_window_offers(index: Any, offers: AgeWindows) -> dict[str, Any]:
    """Offers below `index` for the timeline („Was passt jetzt?“), each with its age window."""
    return {
        title: OfferPageFactory(
            parent=index,
            title=title,
            min_age_months=low,
            max_age_months=high,
            during_pregnancy=pregnancy,
            locations=[town],
        )
        for title, (low, high, pregnancy, town) in offers.items()
    }
