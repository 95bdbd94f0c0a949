"""A small referral network: a region with offers and a provider, referral partners with
protected contact persons and internal notes, working groups with meetings. Protected fields
carry unique marker strings, so leak tests can look for them on every surface."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import Group, User
from django.utils import timezone

import pytest

from offers_directory.models import ContactPerson, OfferSchedule
from professionals.models import (
    PartnerContact,
    PartnerField,
    ReferralPartner,
    WorkingGroup,
    WorkingGroupMeeting,
)
from tests.search import factories as f

# Unique markers of protected data: none may reach an anonymous visitor.
PARTNER_CONTACT = "Zzgeheimkontakt Partnerin"
PARTNER_PHONE = "0170 7731-999"
PARTNER_MAIL = "geheim7731@partner.example"
NOTES = "Internenotiz7731 nur fuer Fachkraefte"
OFFER_CONTACT = "Zzangebotskontakt Hebamme"
OFFER_CONTACT_PHONE = "0170 7731-888"
ORG_CONTACT = "Zztraegerkontakt Leitung"
MARKERS = [
    PARTNER_CONTACT,
    PARTNER_PHONE,
    PARTNER_MAIL,
    NOTES,
    OFFER_CONTACT,
    OFFER_CONTACT_PHONE,
    ORG_CONTACT,
]
PUBLIC_CONTACT = "Petra Oeffentlich"


@dataclass
class Network:
    region: Any
    provider: Any
    offers: list[Any]
    partners: dict[str, ReferralPartner]
    groups: dict[str, WorkingGroup]
    meetings: list[Any] = field(default_factory=list)


def fields_by_code() -> dict[str, PartnerField]:
    return {pf.code: pf for pf in PartnerField.objects.all()}


def make_partner(
    name: str,
    *,
    codes: list[str],
    groups: list[WorkingGroup],
    region: Any,
    point: tuple[float, float] | None,
    organization: Any = None,
    contacts: list[dict[str, Any]] = (),
    notes: str = "",
    city: str = "Winsen (Luhe)",
) -> ReferralPartner:
    partner = ReferralPartner(
        name=name,
        region=region,
        organization=organization,
        street="Schlossplatz 1",
        postal_code="21423",
        city=city,
        latitude=point[0] if point else None,
        longitude=point[1] if point else None,
        phone="04171 000-0",
        email="info@partner.example",
        internal_notes=notes,
    )
    partner.save()
    by_code = fields_by_code()
    partner.fields.set([by_code[c] for c in codes])
    partner.working_groups.set(groups)
    # ParentalManyToMany relations are written on save.
    partner.save()
    for contact in contacts:
        PartnerContact.objects.create(partner=partner, **contact)
    return partner


@pytest.fixture
def network(db: Any) -> Network:
    return build_network()


def build_network() -> Network:
    from professionals.vocabularies import ensure_fields

    ensure_fields()
    region = f.region("landkreis-harburg", "Landkreis Harburg")
    index = f.offer_index(region)
    provider = f.provider("Familienzentrum Winsen")
    provider.contacts = [ContactPerson(name=ORG_CONTACT, role="Leitung", is_public=False)]
    provider.save_revision().publish()
    offers = []
    for number, (title, point) in enumerate(
        [
            ("Familienhebammen Winsen", f.WINSEN),
            ("Elterncafé Buchholz", f.BUCHHOLZ),
            ("Schwangerschaftsberatung Lüneburg", f.LUENEBURG),
            ("Babylotsin Hamburg", f.HAMBURG),
        ]
    ):
        offer = f.offer(
            index,
            title,
            summary=f"Angebot {number + 1} für Familien.",
            locations=[point],
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
        )
        offer.schedules = [
            OfferSchedule(
                weekday="MO", opens_at=datetime.time(9, 0), closes_at=datetime.time(12, 0)
            ),
            OfferSchedule(
                weekday="TH", opens_at=datetime.time(14, 0), closes_at=datetime.time(17, 30)
            ),
        ]
        offer.save_revision().publish()
        offer.refresh_from_db()
        offers.append(offer)
    nord, _ = WorkingGroup.objects.get_or_create(slug="ag-nord", defaults={"name": "AG Nord"})
    sued, _ = WorkingGroup.objects.get_or_create(slug="ag-sued", defaults={"name": "AG Süd"})
    partners = {
        "familienzentrum": make_partner(
            "Familienzentrum Winsen",
            codes=["jugendhilfe", "beratung"],
            groups=[nord],
            region=region,
            point=f.WINSEN,
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
            notes=NOTES,
        ),
        "hebammen": make_partner(
            "Hebammenpraxis Buchholz",
            codes=["hebammenwesen", "gesundheitswesen"],
            groups=[nord],
            region=region,
            point=f.BUCHHOLZ,
            city="Buchholz in der Nordheide",
        ),
        "gericht": make_partner(
            "Familiengericht Lüneburg",
            codes=["justiz"],
            groups=[nord, sued],
            region=region,
            point=f.LUENEBURG,
            city="Lüneburg",
        ),
        "muenchen": make_partner(
            "Hebammenpraxis München",
            codes=["hebammenwesen"],
            groups=[sued],
            region=None,
            point=f.MUENCHEN,
            city="München",
        ),
    }
    from events.models import EventIndexPage, EventPage

    calendar = EventIndexPage.objects.child_of(f.root()).filter(slug="termine").first()
    if calendar is None:
        calendar = EventIndexPage(title="Termine", slug="termine")
        f.root().add_child(instance=calendar)
        calendar.save_revision().publish()
    start = timezone.now() + datetime.timedelta(days=10)
    meeting = EventPage(
        title="Treffen AG Nord Frühjahr",
        slug="treffen-ag-nord",
        start=start,
        end=start + datetime.timedelta(hours=2),
    )
    calendar.add_child(instance=meeting)
    meeting.save_revision().publish()
    WorkingGroupMeeting.objects.create(group=nord, event=meeting)
    return Network(region, provider, offers, partners, {"nord": nord, "sued": sued}, [meeting])


@pytest.fixture
def professional(db: Any) -> User:
    group, _ = Group.objects.get_or_create(name="Fachkräfte")
    user = User.objects.create_user("fachkraft", "fachkraft@example.org", "sicheres-Passwort-1")
    user.groups.add(group)
    return user


@pytest.fixture
def pro_client(client: Any, professional: User) -> Any:
    client.force_login(professional)
    return client


def assert_no_markers(text: str, where: str) -> None:
    found = [marker for marker in MARKERS if marker in text]
    assert not found, f"protected data {found} leaked into {where}"
