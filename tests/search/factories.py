"""Small builders for offer-search tests: a region with an offer index, providers, terms,
languages and published offers with locations and service areas."""

from __future__ import annotations

import datetime
from typing import Any

from wagtail.models import Page, PageViewRestriction, Site

from home.models import RegionPage
from offers_directory.models import (
    ContactPerson,
    Language,
    OfferIndexPage,
    OfferLocation,
    OfferPage,
    OfferServiceArea,
    OrganizationIndexPage,
    OrganizationPage,
    Taxonomy,
    TaxonomyTerm,
)

# Real places (WGS84) the tests measure distances between.
WINSEN = (53.3575, 10.2100)
BUCHHOLZ = (53.3275, 9.8794)
LUENEBURG = (53.2464, 10.4115)
HAMBURG = (53.5511, 9.9937)
HANNOVER = (52.3759, 9.7320)
MUENCHEN = (48.1372, 11.5755)


def root() -> Page:
    """The default site's home page, so offers have URLs."""
    site = Site.objects.filter(is_default_site=True).first()
    return site.root_page if site else Page.get_first_root_node()


def region(slug: str = "landkreis-test", title: str = "Landkreis Test") -> RegionPage:
    existing = RegionPage.objects.filter(slug=slug).first()
    if existing:
        return existing
    page = RegionPage(title=title, slug=slug)
    root().add_child(instance=page)
    page.save_revision().publish()
    return page


def offer_index(parent: Page, slug: str = "angebote") -> OfferIndexPage:
    existing = OfferIndexPage.objects.child_of(parent).filter(slug=slug).first()
    if existing:
        return existing
    page = OfferIndexPage(title="Angebote", slug=slug)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def provider(title: str) -> OrganizationPage:
    index = OrganizationIndexPage.objects.first()
    if index is None:
        index = OrganizationIndexPage(title="Träger", slug="traeger")
        root().add_child(instance=index)
        index.save_revision().publish()
    page = OrganizationPage(title=title)
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


def term(code: str, name: str | None = None) -> TaxonomyTerm:
    taxonomy, _ = Taxonomy.objects.get_or_create(
        slug="angebotsarten", defaults={"name": "Angebotsarten"}
    )
    found, _ = TaxonomyTerm.objects.get_or_create(
        code=code, defaults={"taxonomy": taxonomy, "name": name or code.title()}
    )
    return found


def language(code: str) -> Language:
    found, _ = Language.objects.get_or_create(code=code)
    return found


def offer(
    parent: Page,
    title: str,
    *,
    locations: list[tuple[float, float]] | None = None,
    categories: list[str] = (),
    languages: list[str] = (),
    areas: list[dict[str, Any]] | None = None,
    contacts: list[dict[str, Any]] | None = None,
    publish: bool = True,
    **fields: Any,
) -> OfferPage:
    page = OfferPage(title=title, live=publish, **fields)
    parent.add_child(instance=page)
    page.categories = [term(code) for code in categories]
    page.languages = [language(code) for code in languages]
    for number, (lat, lon) in enumerate(locations or []):
        page.locations.add(
            OfferLocation(
                name=f"Standort {number + 1}",
                street=f"Hauptstraße {number + 1}",
                postal_code="21423",
                city=f"Ort {number + 1}",
                latitude=lat,
                longitude=lon,
                manual_pin=True,
            )
        )
    for area in areas or []:
        page.service_areas.add(OfferServiceArea(**area))
    for contact in contacts or []:
        page.contacts.add(ContactPerson(**contact))
    revision = page.save_revision()
    if publish:
        revision.publish()
        page.refresh_from_db()
    return page


def restrict(page: Page) -> None:
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="geheim"
    )


def box_polygon(south: float, west: float, north: float, east: float) -> dict[str, Any]:
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return {"type": "Polygon", "coordinates": [ring]}


def yesterday() -> datetime.date:
    return datetime.date.today() - datetime.timedelta(days=1)
