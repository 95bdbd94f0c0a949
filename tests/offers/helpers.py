"""Shared helpers of the offer directory tests: a small page tree (faster than the full demo
content) and offers with locations, areas, schedules and contact persons."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from wagtail.models import Locale, Page, Site

from bs4 import BeautifulSoup

from home.models import HomePage, RegionIndexPage, RegionPage
from offers_directory.models import (
    ContactPerson,
    GeocodeStatus,
    Language,
    OfferIndexPage,
    OfferLocation,
    OfferPage,
    OfferSchedule,
    OfferServiceArea,
    OrganizationIndexPage,
    OrganizationPage,
    Taxonomy,
    TaxonomyTerm,
)
from offers_directory.vocabularies import install_vocabularies

HARBURG_OUTLINE = [
    [9.62, 53.30],
    [9.80, 53.47],
    [10.05, 53.46],
    [10.33, 53.42],
    [10.32, 53.28],
    [10.15, 53.16],
    [9.85, 53.17],
    [9.62, 53.30],
]


@dataclass
class Tree:
    home: HomePage
    region: RegionPage
    offers: OfferIndexPage
    providers: OrganizationIndexPage
    provider: OrganizationPage
    site: Site


def publish(page: Page) -> Page:
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def build_tree() -> Tree:
    # Transactional tests flush what the migrations created: the root page, the default
    # locale and the vocabularies.
    Locale.objects.get_or_create(language_code="de")
    install_vocabularies(Taxonomy, TaxonomyTerm, Language)
    root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
    home = HomePage(title="Netzwerk Frühe Hilfen", slug="nfh-home")
    root.add_child(instance=home)
    # One site only, so page URLs are relative paths.
    Site.objects.all().delete()
    site = Site.objects.create(hostname="testserver", port=80, root_page=home, is_default_site=True)
    regions = RegionIndexPage(title="Über das Netzwerk", slug="netzwerk")
    home.add_child(instance=regions)
    region = RegionPage(title="Landkreis Harburg", slug="landkreis-harburg", state="Niedersachsen")
    regions.add_child(instance=region)
    offers = OfferIndexPage(title="Angebote", slug="angebote")
    region.add_child(instance=offers)
    providers = OrganizationIndexPage(title="Träger", slug="traeger")
    home.add_child(instance=providers)
    provider = OrganizationPage(
        title="Familienzentrum Winsen",
        slug="familienzentrum-winsen",
        description="Träger der Frühen Hilfen in Winsen.",
        email="info@fz-winsen.example",
        phone="040 66969-100",
        street="Rathausplatz 1",
        postal_code="21423",
        city="Winsen (Luhe)",
    )
    providers.add_child(instance=provider)
    for page in (home, regions, region, offers, providers, provider):
        publish(page)
    return Tree(home, region, offers, providers, provider, site)


def term(code: str) -> TaxonomyTerm:
    return TaxonomyTerm.objects.get(code=code)


def make_offer(
    parent: Page,
    title: str = "Elterncafé Winsen",
    *,
    publish_it: bool = True,
    locations: list[dict[str, Any]] | None = None,
    areas: list[dict[str, Any]] | None = None,
    contacts: list[dict[str, Any]] | None = None,
    schedules: list[tuple[str, str, str]] | None = None,
    categories: tuple[str, ...] = ("elterncafe",),
    languages: tuple[str, ...] = ("de", "tr"),
    **fields: Any,
) -> OfferPage:
    defaults: dict[str, Any] = {
        "summary": "Treffpunkt für Eltern mit Babys.",
        "description": "Austausch, Frühstück und Beratung.",
        "last_reviewed": datetime.date.today(),
    }
    defaults.update(fields)
    offer = OfferPage(title=title, live=publish_it, **defaults)
    offer.categories = [term(code) for code in categories]
    offer.target_groups = [term("eltern-saeuglinge")]
    offer.languages = [Language.objects.get(code=code) for code in languages]
    offer.locations = [
        OfferLocation(sort_order=index, **data) for index, data in enumerate(locations or [])
    ]
    offer.service_areas = [
        OfferServiceArea(sort_order=index, **data) for index, data in enumerate(areas or [])
    ]
    offer.contacts = [
        ContactPerson(sort_order=index, **data) for index, data in enumerate(contacts or [])
    ]
    offer.schedules = [
        OfferSchedule(
            sort_order=index,
            weekday=day,
            opens_at=datetime.time.fromisoformat(opens),
            closes_at=datetime.time.fromisoformat(closes),
        )
        for index, (day, opens, closes) in enumerate(schedules or [])
    ]
    parent.add_child(instance=offer)
    revision = offer.save_revision()
    if publish_it:
        revision.publish()
    offer.refresh_from_db()
    return offer


def located(**overrides: Any) -> dict[str, Any]:
    """A location with coordinates already set (no geocoding needed)."""
    data = {
        "name": "Familienzentrum Winsen",
        "street": "Rathausplatz 1",
        "postal_code": "21423",
        "city": "Winsen (Luhe)",
        "latitude": 53.3575,
        "longitude": 10.212,
        "geocode_status": GeocodeStatus.EXACT,
    }
    data.update(overrides)
    location = OfferLocation(**{k: v for k, v in data.items() if k != "geocoded_address"})
    data["geocoded_address"] = location.address_key
    return data


def user_with_groups(name: str, *groups: Group, **fields: Any):
    user = get_user_model().objects.create_user(
        name, password=f"pw-{name}", email=f"{name}@x.example", **fields
    )
    user.groups.add(*groups)
    return user


def professionals_group() -> Group:
    group, _ = Group.objects.get_or_create(name="Fachkräfte")
    return group


def admin_access_group(name: str = "Redaktion") -> Group:
    group, _ = Group.objects.get_or_create(name=name)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    return group


def json_ld(html: str) -> list[dict[str, Any]]:
    soup = BeautifulSoup(html, "html.parser")
    return [json.loads(tag.string) for tag in soup.find_all("script", type="application/ld+json")]
