"""Demo data for the professionals' network: referral partners (the demo offers' providers plus
institutions without offers), working groups "AG Nord" and "AG Süd" with meetings, the
Kooperationsvereinbarung in two versions, and a demo professional account. Idempotent: every
object is looked up by a stable key first."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import Group, User
from django.core.files.base import ContentFile
from django.utils import timezone

from wagtail.documents import get_document_model

from offers_directory.conf import get_setting
from offers_directory.demo import REGIONS

from .models import (
    DocumentVersion,
    NetworkDocument,
    PartnerContact,
    PartnerField,
    ReferralPartner,
    WorkingGroup,
    WorkingGroupMeeting,
)

# Provider kind (offers_directory.demo.PROVIDERS) → fields of work.
PROVIDER_FIELDS = {
    "jugendamt": ["jugendhilfe"],
    "gesundheitsamt": ["gesundheitswesen"],
    "diakonie": ["beratung", "jugendhilfe"],
    "awo": ["beratung", "migration"],
    "drk": ["beratung", "kita"],
    "beratungsstelle": ["beratung"],
    "hebammen": ["hebammenwesen", "gesundheitswesen"],
}
# Institutions that run no family offer but belong in a referral network.
EXTRA_PARTNERS = [
    ("Familiengericht am Amtsgericht {town}", ["justiz"], "Familiensachen und Kindschaftssachen."),
    ("Grundschule am Park {town}", ["schule"], "Grundschule mit Schulsozialarbeit."),
    ("Migrationsberatung für Erwachsene {short}", ["migration", "beratung"], ""),
    ("Sozialpsychiatrischer Dienst {short}", ["sozialpsychiatrie", "gesundheitswesen"], ""),
    ("Kita Regenbogen {town}", ["kita"], "Kindertagesstätte mit Krippe."),
]
NORTH = {"landkreis-harburg", "heidekreis", "wittenberg-dessau-rosslau"}
DEMO_PROFESSIONAL = ("fachkraft", "fachkraft@example.org", "Fruehe-Hilfen-2026")


def ensure_fields() -> dict[str, PartnerField]:
    """The fields of work the data migration creates (again after a test flush)."""
    from importlib import import_module

    initial = import_module("professionals.migrations.0002_group_and_fields")
    for order, (code, name) in enumerate(initial.FIELDS):
        PartnerField.objects.get_or_create(code=code, defaults={"name": name, "sort_order": order})
    return {f.code: f for f in PartnerField.objects.all()}


def _say(stdout: Any, message: str) -> None:
    if stdout is not None:
        stdout.write(message)


def _groups(stdout: Any) -> dict[str, WorkingGroup]:
    groups = {}
    for slug, name, text in [
        ("ag-nord", "AG Nord", "Arbeitsgemeinschaft der Netzwerkpartner im Norden."),
        ("ag-sued", "AG Süd", "Arbeitsgemeinschaft der Netzwerkpartner im Süden."),
    ]:
        group, created = WorkingGroup.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": text}
        )
        if created:
            _say(stdout, f"Created working group {name}.")
        groups[slug] = group
    return groups


def _meetings(groups: dict[str, WorkingGroup]) -> None:
    from events.models import EventIndexPage, EventPage

    calendar = EventIndexPage.objects.filter(slug="termine", depth=3).first()
    if calendar is None:
        calendar = EventIndexPage.objects.first()
    if calendar is None:
        return
    today = timezone.localtime().replace(hour=14, minute=0, second=0, microsecond=0)
    for offset, (slug, group) in enumerate(groups.items()):
        for number, days in enumerate((-40, 21 + offset * 7, 110 + offset * 7)):
            title = f"Treffen {group.name} ({number + 1})"
            event = EventPage.objects.filter(title=title).first()
            if event is None:
                start = today + datetime.timedelta(days=days)
                event = EventPage(
                    title=title,
                    slug=f"treffen-{slug}-{number + 1}",
                    start=start,
                    end=start + datetime.timedelta(hours=2),
                    teaser=f"Sitzung der {group.name} des Netzwerks Frühe Hilfen.",
                    organiser="Koordinierungsstelle Frühe Hilfen",
                    audience="Fachkräfte",
                )
                calendar.add_child(instance=event)
                event.save_revision().publish()
            if not group.meetings.filter(event=event).exists():
                WorkingGroupMeeting.objects.create(group=group, event=event)


def _pdf(title: str, version: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", "B", 16)
    pdf.cell(0, 10, f"{title} - Version {version}".encode("latin-1", "replace").decode("latin-1"))
    return bytes(pdf.output())


def _documents(groups: dict[str, WorkingGroup]) -> None:
    Document = get_document_model()
    entry, _ = NetworkDocument.objects.get_or_create(
        slug="kooperationsvereinbarung",
        defaults={
            "title": "Kooperationsvereinbarung",
            "description": "Die Vereinbarung der Partner im Netzwerk Frühe Hilfen.",
        },
    )
    for version, valid_from, note in [
        ("1.0", datetime.date(2023, 3, 1), "Erste Fassung"),
        ("2.0", datetime.date(2025, 9, 1), "Datenschutz und Fallübergaben ergänzt"),
    ]:
        if entry.versions.filter(version=version).exists():
            continue
        document = Document(title=f"Kooperationsvereinbarung {version}")
        document.file.save(
            f"kooperationsvereinbarung-{version}.pdf",
            ContentFile(_pdf("Kooperationsvereinbarung", version)),
            save=False,
        )
        document.save()
        DocumentVersion.objects.create(
            entry=entry, document=document, version=version, valid_from=valid_from, change_note=note
        )
    minutes, _ = NetworkDocument.objects.get_or_create(
        slug="geschaeftsordnung-ag-nord",
        defaults={"title": "Geschäftsordnung AG Nord", "working_group": groups["ag-nord"]},
    )
    if not minutes.versions.exists():
        document = Document(title="Geschäftsordnung AG Nord")
        document.file.save(
            "geschaeftsordnung-ag-nord.pdf",
            ContentFile(_pdf("Geschaeftsordnung AG Nord", "1.0")),
            save=False,
        )
        document.save()
        DocumentVersion.objects.create(
            entry=minutes, document=document, version="1.0", valid_from=datetime.date(2024, 1, 15)
        )


def _professional(stdout: Any) -> None:
    group, _ = Group.objects.get_or_create(name=get_setting("PROFESSIONALS_GROUP"))
    username, email, password = DEMO_PROFESSIONAL
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(username, email, password, first_name="Demo")
        _say(stdout, f"Created the demo professional {username!r} (password {password!r}).")
    user.groups.add(group)


def load_demo_partners(stdout: Any = None) -> int:
    """Creates what is missing; returns the number of partners."""
    from home.models import RegionPage
    from offers_directory.models import OrganizationPage

    fields = ensure_fields()
    groups = _groups(stdout)
    created = 0
    for number, region in enumerate(REGIONS):
        region_page = RegionPage.objects.filter(slug=region.slug).first()
        group = groups["ag-nord" if region.slug in NORTH else "ag-sued"]
        candidates: list[tuple[str, dict[str, Any], list[str], Any]] = []
        for kind, codes in PROVIDER_FIELDS.items():
            organization = OrganizationPage.objects.filter(
                source_id=f"demo:provider:{region.slug}:{kind}"
            ).first()
            if organization is None:
                continue
            candidates.append(
                (
                    f"demo-{region.slug}-{kind}",
                    {
                        "name": organization.title,
                        "organization": organization,
                        "description": organization.description,
                        "street": organization.street,
                        "postal_code": organization.postal_code,
                        "city": organization.city,
                        "phone": organization.phone,
                        "email": organization.email,
                        "website": organization.website,
                    },
                    codes,
                    organization,
                )
            )
        for extra, (pattern, codes, text) in enumerate(EXTRA_PARTNERS):
            town = region.towns[extra % len(region.towns)]
            name = pattern.format(town=town.name, short=region.short)
            candidates.append(
                (
                    f"demo-{region.slug}-extra-{extra}",
                    {
                        "name": name,
                        "description": text,
                        "street": f"Hauptstraße {10 + extra}",
                        "postal_code": town.postal_code,
                        "city": town.name,
                        "latitude": town.latitude + 0.004 * extra,
                        "longitude": town.longitude + 0.003 * extra,
                    },
                    codes,
                    None,
                )
            )
        for index, (slug, values, codes, organization) in enumerate(candidates):
            if ReferralPartner.objects.filter(slug=slug).exists():
                continue
            if organization is not None and hasattr(organization, "referral_partner"):
                continue
            if "latitude" not in values:
                town = next(
                    (t for t in region.towns if t.postal_code == values["postal_code"]),
                    region.towns[0],
                )
                values.update(latitude=town.latitude, longitude=town.longitude)
            partner = ReferralPartner(
                slug=slug,
                region=region_page,
                internal_notes=(
                    "Rückrufe am besten vormittags; Fallübergaben nur mit Einwilligung der Familie."
                ),
                **values,
            )
            partner.save()
            partner.fields.set([fields[c] for c in codes if c in fields])
            partner.working_groups.set([group] if index % 3 != 2 else list(groups.values()))
            partner.save()
            PartnerContact.objects.create(
                partner=partner,
                name=f"Frau Demo {number}{index}",
                role="Koordination",
                phone=f"{region.phone_prefix}-{100 + index}",
                email=f"koordination{index}@{region.slug}.example.org",
            )
            created += 1
    _meetings(groups)
    _documents(groups)
    _professional(stdout)
    total = ReferralPartner.objects.count()
    _say(stdout, f"Demo partners ready: {total} partners ({created} new).")
    return total


__all__ = ["load_demo_partners"]
