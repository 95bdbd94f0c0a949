from dataclasses import dataclass

from wagtail.models import Page, Site

import pytest

from home.factories import RegionPageFactory, default_home
from home.models import HomePage, RegionPage
from offers_directory.factories import OfferIndexPageFactory, OrganizationPageFactory
from offers_directory.models import (
    OfferIndexPage,
    OrganizationIndexPage,
    OrganizationPage,
    RegionArea,
)
from tests.shared_data import shared_fixtures


@dataclass
class Tree:
    home: HomePage
    region: RegionPage
    offers: OfferIndexPage
    providers: OrganizationIndexPage
    provider: OrganizationPage
    site: Site


def build_offer_tree() -> Tree:
    region = RegionPageFactory(
        title="Landkreis Harburg", slug="landkreis-harburg", state="Niedersachsen"
    )
    provider = OrganizationPageFactory(
        title="Familienzentrum Winsen",
        description="Träger der Frühen Hilfen in Winsen.",
        email="info@fz-winsen.example",
        phone="040 66969-100",
        street="Rathausplatz 1",
        postal_code="21423",
        city="Winsen (Luhe)",
    )
    return Tree(
        home=default_home(),
        region=region,
        offers=OfferIndexPageFactory(parent=region),
        providers=provider.get_parent().specific,
        provider=provider,
        site=Site.objects.get(is_default_site=True),
    )


shared_offer_tree, offer_tree = shared_fixtures(
    "offer_tree",
    build_offer_tree,
    doc="A home page, one region with its offer index, and a provider (built once per module).",
)


def build_exchange_tree() -> dict[str, Page]:
    harburg = RegionPageFactory(title="Landkreis Harburg", slug="landkreis-harburg")
    wittenberg = RegionPageFactory(
        title="Wittenberg/Dessau-Roßlau", slug="wittenberg-dessau-rosslau"
    )
    # The postcodes editors enter for their regions (Admin → region areas).
    RegionArea.objects.set_for(harburg, postcode_prefixes=["212", "2137", "2142", "21629"])
    RegionArea.objects.set_for(wittenberg, postcode_prefixes=["0677", "0684", "0688", "0689"])
    return {"home": default_home(), "harburg": harburg, "wittenberg": wittenberg}


shared_tree, tree = shared_fixtures(
    "tree",
    build_exchange_tree,
    doc="For the data exchange: home, the region index and two regions with their "
    "postcodes; no offer index yet (the import creates it). Built once per module.",
)


@pytest.fixture
def keep_old_samples_public(settings):
    """The HSDS samples' assured dates are fixed (the pre-release one from 2022): keep them
    public whatever today is; hiding unverified offers is tested in test_freshness.py."""
    settings.OFFERS_DIRECTORY = {**settings.OFFERS_DIRECTORY, "HIDE_AFTER_DAYS": 100 * 365}
