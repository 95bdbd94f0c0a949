"""A small referral network: a region with offers and a provider, referral partners with
protected contact persons and internal notes (tests/professionals/protected.py), working
groups with a meeting."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

import pytest

from events.factories import EventIndexPageFactory, EventPageFactory
from events.models import EventIndexPage
from home.factories import RegionPageFactory, default_home
from home.models import RegionPage
from offers_directory.factories import (
    BUCHHOLZ,
    HAMBURG,
    LUENEBURG,
    MUENCHEN,
    WINSEN,
    OfferIndexPageFactory,
    OfferPageFactory,
    OrganizationPageFactory,
)
from offers_directory.models import OfferIndexPage
from professionals.factories import (
    ProfessionalFactory,
    ReferralPartnerFactory,
    WorkingGroupFactory,
)
from professionals.models import ReferralPartner, WorkingGroup
from tests.professionals.protected import (
    NOTES,
    OFFER_CONTACT,
    OFFER_CONTACT_PHONE,
    ORG_CONTACT,
    PARTNER_CONTACT,
    PARTNER_MAIL,
    PARTNER_PHONE,
    PUBLIC_CONTACT,
)
from tests.shared_data import shared_fixtures

PASSWORD = "sicheres-Passwort-1"


@dataclass
class Network:
    region: Any
    provider: Any
    offers: list[Any]
    partners: dict[str, ReferralPartner]
    groups: dict[str, WorkingGroup]
    meetings: list[Any] = field(default_factory=list)


def build_network() -> Network:
    """The network in Harburg (the demo site's region when the demo is loaded)."""
    region = RegionPage.objects.filter(slug="landkreis-harburg").first() or RegionPageFactory(
        title="Landkreis Harburg", slug="landkreis-harburg"
    )
    # The demo's regions come with their offer listing.
    index = OfferIndexPage.objects.child_of(region).first() or OfferIndexPageFactory(parent=region)
    provider = OrganizationPageFactory(
        title="Familienzentrum Winsen",
        contacts=[{"name": ORG_CONTACT, "role": "Leitung", "is_public": False}],
    )
    offers = [
        OfferPageFactory(
            parent=index,
            title=title,
            summary=f"Angebot {number + 1} für Familien.",
            locations=[{"town": town, "street": f"Hauptstraße {number + 1}"}],
            provider=provider,
            phone=f"04171 555-{number}",
            opening_hours_note="und nach Vereinbarung",
            contacts=[
                {
                    "name": OFFER_CONTACT,
                    "phone": OFFER_CONTACT_PHONE,
                    "role": "Hebamme",
                    "is_public": False,
                },
                {"name": PUBLIC_CONTACT, "role": "Koordination", "is_public": True},
            ],
            schedules=[("MO", "09:00", "12:00"), ("TH", "14:00", "17:30")],
        )
        for number, (title, town) in enumerate(
            [
                ("Familienhebammen Winsen", WINSEN),
                ("Elterncafé Buchholz", BUCHHOLZ),
                ("Schwangerschaftsberatung Lüneburg", LUENEBURG),
                ("Babylotsin Hamburg", HAMBURG),
            ]
        )
    ]
    home = default_home()
    calendar = EventIndexPage.objects.child_of(home).filter(slug="termine").first()
    start = timezone.now() + datetime.timedelta(days=10)
    meeting = EventPageFactory(
        parent=calendar or EventIndexPageFactory(parent=home, title="Termine"),
        title="Treffen AG Nord Frühjahr",
        slug="treffen-ag-nord",
        start=start,
        end=start + datetime.timedelta(hours=2),
    )
    nord = WorkingGroupFactory(name="AG Nord", slug="ag-nord", meetings=[meeting])
    sued = WorkingGroupFactory(name="AG Süd", slug="ag-sued")

    def partner(name: str, town: Any, **fields: Any) -> ReferralPartner:
        return ReferralPartnerFactory(
            name=name,
            town=town,
            street="Schlossplatz 1",
            phone="04171 000-0",
            email="info@partner.example",
            **fields,
        )

    partners = {
        "familienzentrum": partner(
            "Familienzentrum Winsen",
            WINSEN,
            fields=["jugendhilfe", "beratung"],
            working_groups=[nord],
            region=region,
            organization=provider,
            contacts=[
                {
                    "name": PARTNER_CONTACT,
                    "role": "Koordinatorin",
                    "phone": PARTNER_PHONE,
                    "email": PARTNER_MAIL,
                },
                {"name": PUBLIC_CONTACT, "role": "Empfang", "is_public": True},
            ],
            internal_notes=NOTES,
        ),
        "hebammen": partner(
            "Hebammenpraxis Buchholz",
            BUCHHOLZ,
            fields=["hebammenwesen", "gesundheitswesen"],
            working_groups=[nord],
            region=region,
        ),
        "gericht": partner(
            "Familiengericht Lüneburg",
            LUENEBURG,
            fields=["justiz"],
            working_groups=[nord, sued],
            region=region,
        ),
        "muenchen": partner(
            "Hebammenpraxis München", MUENCHEN, fields=["hebammenwesen"], working_groups=[sued]
        ),
    }
    return Network(region, provider, offers, partners, {"nord": nord, "sued": sued}, [meeting])


shared_network, network = shared_fixtures("network", build_network, doc="Built once per module.")


@pytest.fixture
def professional(db: Any) -> User:
    return ProfessionalFactory(
        username="fachkraft", email="fachkraft@example.org", password=PASSWORD
    )


@pytest.fixture
def pro_client(client: Any, professional: User) -> Any:
    client.force_login(professional)
    return client
