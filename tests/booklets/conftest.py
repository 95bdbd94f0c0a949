"""A region with offers for every life phase, a provider with protected and public contact
persons, a draft and an offer of another region; built once per module."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from home.factories import RegionPageFactory
from home.models import RegionPage
from offers_directory.factories import (
    BUCHHOLZ,
    LUENEBURG,
    WINSEN,
    OfferIndexPageFactory,
    OfferPageFactory,
    OrganizationPageFactory,
)
from offers_directory.models import OfferIndexPage, OfferPage
from tests.shared_data import shared_fixtures

PROTECTED_CONTACT = "Henrike Geheim-Kontakt"
PROTECTED_PHONE = "04171 999-111"
PUBLIC_CONTACT = "Paula Öffentlich"


@dataclass
class Guide:
    region: RegionPage
    other_region: RegionPage
    index: OfferIndexPage
    offers: dict[str, OfferPage]
    draft: OfferPage
    elsewhere: OfferPage


def build_guide() -> Guide:
    region = RegionPageFactory(title="Landkreis Harburg", slug="landkreis-harburg", group=True)
    other = RegionPageFactory(title="Landkreis Lüneburg", slug="landkreis-lueneburg", group=True)
    index = OfferIndexPageFactory(parent=region)
    fz = OrganizationPageFactory(title="Familienzentrum Winsen", town=WINSEN)
    drk = OrganizationPageFactory(title="DRK Kreisverband Harburg", town=BUCHHOLZ)

    def offer(title: str, **fields: Any) -> OfferPage:
        return OfferPageFactory(parent=index, title=title, summary=f"{title}: Angebot.", **fields)

    offers = {
        "beratung": offer(
            "Schwangerschaftsberatung Winsen",
            during_pregnancy=True,
            categories=["schwangerschaftsberatung"],
            locations=[{"town": WINSEN, "street": "Rathausstraße 4"}],
            provider=fz,
            phone="04171 555-10",
            languages=["de", "tr"],
            schedules=[("MO", "09:00", "12:00"), ("TH", "14:00", "17:30")],
            contacts=[
                {"name": PROTECTED_CONTACT, "phone": PROTECTED_PHONE, "is_public": False},
                {"name": PUBLIC_CONTACT, "role": "Beratung", "is_public": True},
            ],
        ),
        "hebammen": offer(
            "Familienhebammen Buchholz",
            during_pregnancy=True,
            max_age_months=12,
            categories=["familienhebamme"],
            locations=[{"town": BUCHHOLZ, "street": "Kirchenstraße 6"}],
            provider=drk,
        ),
        "willkommen": offer(
            "Willkommensbesuch im Landkreis",
            max_age_months=2,
            categories=["willkommensbesuch"],
            provider=drk,
        ),
        "krabbeln": offer(
            "Krabbelgruppe Winsen",
            min_age_months=6,
            max_age_months=36,
            categories=["krabbelgruppe"],
            locations=[{"town": WINSEN, "street": "Schlossplatz 2"}],
            provider=fz,
        ),
        "sozial": offer(
            "Sozialberatung Winsen",
            categories=["sozialberatung"],
            locations=[{"town": WINSEN, "street": "Marktstraße 1"}],
            provider=fz,
        ),
    }
    draft = OfferPageFactory(
        parent=index, title="Elterncafé im Entwurf", categories=["elterncafe"], publish=False
    )
    elsewhere = OfferPageFactory(
        parent=OfferIndexPageFactory(parent=other),
        title="Elterncafé Lüneburg",
        categories=["elterncafe"],
        max_age_months=24,
        locations=[LUENEBURG],
    )
    return Guide(region, other, index, offers, draft, elsewhere)


shared_guide, guide = shared_fixtures("guide", build_guide)
