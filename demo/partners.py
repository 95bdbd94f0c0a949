"""The demo's professionals' network: referral partners (the demo offers' providers plus
institutions without offers), the working groups "AG Nord" and "AG Süd" with their meetings,
the Kooperationsvereinbarung in two versions, and the demo professional's account (content in
demo.data.partners). Idempotent: everything is looked up by a stable key first."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from events.factories import EventPageFactory
from events.models import EventIndexPage, EventPage
from home.models import RegionPage
from offers_directory.models import OrganizationPage
from professionals.factories import (
    DocumentFactory,
    NetworkDocumentFactory,
    ProfessionalFactory,
    ReferralPartnerFactory,
    WorkingGroupFactory,
)
from professionals.models import NetworkDocument, ReferralPartner, WorkingGroup, WorkingGroupMeeting
from professionals.vocabularies import ensure_fields
from publishing.page_creation import create_pages

from .data import partners as data
from .data.regions import REGIONS, DemoRegion

Say = Callable[[str], None]


@transaction.atomic
def load_demo_partners(say: Say = lambda message: None) -> int:
    """Create what is missing (after the demo offers, whose providers become partners);
    returns the number of partners."""
    fields = ensure_fields()
    groups = {}
    for slug, name, description in data.WORKING_GROUPS:
        groups[slug] = WorkingGroup.objects.filter(slug=slug).first()
        if groups[slug] is None:
            groups[slug] = WorkingGroupFactory(slug=slug, name=name, description=description)
            say(f"Created working group {name}.")
    created = 0
    for number, region in enumerate(REGIONS):
        page = RegionPage.objects.filter(slug=region.slug).first()
        for index, (slug, values, codes) in enumerate(_candidates(region)):
            if ReferralPartner.objects.filter(slug=slug).exists():
                continue
            organization = values.get("organization")
            if organization is not None and hasattr(organization, "referral_partner"):
                continue
            ReferralPartnerFactory(
                slug=slug,
                region=page,
                internal_notes=data.INTERNAL_NOTES,
                fields=[fields[code] for code in codes if code in fields],
                # Every third partner works in both groups.
                working_groups=[groups[region.working_group]]
                if index % 3 != 2
                else list(groups.values()),
                contacts=[
                    {
                        "name": f"Frau Demo {number}{index}",
                        "role": "Koordination",
                        "phone": f"{region.phone_prefix}-{100 + index}",
                        "email": f"koordination{index}@{region.slug}.example.org",
                    }
                ],
                **values,
            )
            created += 1
    _meetings(groups)
    _documents(groups)
    _professional(say)
    total = ReferralPartner.objects.count()
    say(f"Demo partners ready: {total} partners ({created} new).")
    return total


def _candidates(region: DemoRegion) -> list[tuple[str, dict[str, Any], list[str]]]:
    """(slug, field values, fields of work) of the region's partners: its demo providers,
    then the institutions without offers."""
    candidates = []
    for kind, codes in data.PROVIDER_FIELDS.items():
        organization = OrganizationPage.objects.filter(
            source_id=f"demo:provider:{region.slug}:{kind}"
        ).first()
        if organization is None:
            continue
        town = next(
            (t for t in region.towns if t.postal_code == organization.postal_code),
            region.towns[0],
        )
        values = {
            "name": organization.title,
            "organization": organization,
            "description": organization.description,
            "street": organization.street,
            "postal_code": organization.postal_code,
            "city": organization.city,
            "latitude": town.latitude,
            "longitude": town.longitude,
            "phone": organization.phone,
            "email": organization.email,
            "website": organization.website,
        }
        candidates.append((f"demo-{region.slug}-{kind}", values, codes))
    for extra, (pattern, codes, description) in enumerate(data.EXTRA_PARTNERS):
        town = region.towns[extra % len(region.towns)]
        values = {
            "name": pattern.format(town=town.city, short=region.short),
            "description": description,
            "street": f"Hauptstraße {10 + extra}",
            "postal_code": town.postal_code,
            "city": town.city,
            "latitude": town.latitude + 0.004 * extra,
            "longitude": town.longitude + 0.003 * extra,
            "phone": "",
            "email": "",
        }
        candidates.append((f"demo-{region.slug}-extra-{extra}", values, codes))
    return candidates


def _meetings(groups: dict[str, WorkingGroup]) -> None:
    """Three meetings per group in the network-wide calendar: one past, two ahead."""
    calendar = EventIndexPage.objects.filter(slug="termine", depth=3).first()
    calendar = calendar or EventIndexPage.objects.first()
    if calendar is None:
        return
    today = timezone.localtime().replace(hour=14, minute=0, second=0, microsecond=0)
    wanted: list[tuple[WorkingGroup, str]] = []
    new = []
    for offset, (slug, group) in enumerate(groups.items()):
        for number, days in enumerate(data.MEETING_DAYS):
            title = f"Treffen {group.name} ({number + 1})"
            wanted.append((group, title))
            if EventPage.objects.filter(title=title).exists():
                continue
            start = today + datetime.timedelta(days=days + (offset * 7 if days > 0 else 0))
            new.append(
                EventPageFactory.build(
                    parent=None,
                    title=title,
                    slug=f"treffen-{slug}-{number + 1}",
                    start=start,
                    end=start + datetime.timedelta(hours=2),
                    teaser=f"Sitzung der {group.name} des Netzwerks Frühe Hilfen.",
                    organiser="Koordinierungsstelle Frühe Hilfen",
                    audience="Fachkräfte",
                    venue_name="",
                    street="",
                    postal_code="",
                    city="",
                    latitude=None,
                    longitude=None,
                )
            )
    create_pages(calendar, new)
    events = {event.title: event for event in EventPage.objects.filter(title__startswith="Treffen")}
    for group, title in wanted:
        WorkingGroupMeeting.objects.get_or_create(group=group, event=events[title])


def _documents(groups: dict[str, WorkingGroup]) -> None:
    if not NetworkDocument.objects.filter(slug=data.AGREEMENT["slug"]).exists():
        NetworkDocumentFactory(
            **data.AGREEMENT,
            versions=[
                {
                    "version": version,
                    "valid_from": valid_from,
                    "change_note": note,
                    "document": _document(
                        f"{data.AGREEMENT['title']} {version}", data.AGREEMENT["slug"], version
                    ),
                }
                for version, valid_from, note in data.AGREEMENT_VERSIONS
            ],
        )
    rules = data.RULES_OF_PROCEDURE
    if not NetworkDocument.objects.filter(slug=rules["slug"]).exists():
        NetworkDocumentFactory(
            slug=rules["slug"],
            title=rules["title"],
            description="",
            working_group=groups[rules["working_group"]],
            versions=[
                {
                    "version": "1.0",
                    "valid_from": rules["valid_from"],
                    "document": _document(rules["title"], rules["slug"], "1.0"),
                }
            ],
        )


def _document(title: str, slug: str, version: str) -> Any:
    """A Wagtail document: a one-page PDF that names the title and version."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", "B", 16)
    heading = f"{title} - Version {version}".encode("latin-1", "replace").decode("latin-1")
    pdf.cell(0, 10, heading)
    return DocumentFactory(
        title=title, file__filename=f"{slug}-{version}.pdf", file__data=bytes(pdf.output())
    )


def _professional(say: Say) -> None:
    username, email, password = data.DEMO_PROFESSIONAL
    if not get_user_model().objects.filter(username=username).exists():
        say(f"Created the demo professional {username!r} (password {password!r}).")
    ProfessionalFactory(username=username, email=email, password=password, first_name="Demo")
