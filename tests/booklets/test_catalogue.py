"""The Angebotskatalog: a saved selection that follows the offers as they change."""

from __future__ import annotations

import pytest

from booklets.factories import OfferCatalogueFactory
from offers_directory.factories import WINSEN, OfferPageFactory
from tests.booklets.pdf import pdftotext

pytestmark = pytest.mark.django_db


def listed(client, catalogue) -> set[str]:
    import re

    html = client.get(f"/angebotskatalog/{catalogue.slug}/").content.decode()
    return set(re.findall(r"<h4[^>]*>\d+\. ([^<]+)</h4>", html))


@pytest.fixture
def catalogue(guide):
    """All counselling (a main category: its subcategories count) for children in the
    region, from birth to three years."""
    return OfferCatalogueFactory(
        title="Beratung für Familien mit Kleinkindern",
        slug="beratung-kleinkinder",
        region=guide.region,
        categories=["beratung"],
        min_age_months=0,
        max_age_months=36,
    )


def test_public_page_lists_the_selection_and_links_the_pdf(client, guide, catalogue):
    response = client.get("/angebotskatalog/beratung-kleinkinder/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Angebotskatalog" in html and catalogue.title in html
    assert catalogue.intro in html
    # Sozialberatung (all ages) matches; the pregnancy-only counselling does not.
    assert listed(client, catalogue) == {"Sozialberatung Winsen"}
    assert 'href="/angebotskatalog/beratung-kleinkinder.pdf"' in html
    text = pdftotext(client.get("/angebotskatalog/beratung-kleinkinder.pdf").content)
    assert "Sozialberatung Winsen" in text and "Schwangerschaftsberatung" not in text


def test_catalogue_follows_offer_changes(client, guide, catalogue):
    assert listed(client, catalogue) == {"Sozialberatung Winsen"}
    new = OfferPageFactory(
        parent=guide.index,
        title="Erziehungsberatung Winsen",
        categories=["erziehungsberatung"],
        max_age_months=72,
        locations=[WINSEN],
    )
    elsewhere = OfferPageFactory(
        parent=guide.elsewhere.get_parent(),
        title="Erziehungsberatung Lüneburg",
        categories=["erziehungsberatung"],
    )
    assert listed(client, catalogue) == {"Sozialberatung Winsen", new.title}
    assert elsewhere.title not in listed(client, catalogue)
    guide.offers["sozial"].unpublish()
    assert listed(client, catalogue) == {new.title}
    # An offer moved out of the age range leaves the catalogue with its next revision.
    new.min_age_months = 48
    new.save_revision().publish()
    assert listed(client, catalogue) == set()
    text = pdftotext(client.get("/angebotskatalog/beratung-kleinkinder.pdf").content)
    assert "Erziehungsberatung Winsen" not in text and "Sozialberatung Winsen" not in text


def test_hand_picked_offers_join_the_selection_while_public(client, guide):
    picked = OfferCatalogueFactory(
        slug="handverlesen", target_groups=["alleinerziehende"], picks=[guide.offers["krabbeln"]]
    )
    assert listed(client, picked) == {"Krabbelgruppe Winsen"}
    OfferPageFactory(
        parent=guide.index, title="Treff für Alleinerziehende", target_groups=["alleinerziehende"]
    )
    assert listed(client, picked) == {"Krabbelgruppe Winsen", "Treff für Alleinerziehende"}
    guide.offers["krabbeln"].unpublish()
    assert listed(client, picked) == {"Treff für Alleinerziehende"}


def test_a_catalogue_without_filters_lists_only_its_picks(client, guide):
    only_picks = OfferCatalogueFactory(slug="nur-auswahl", picks=[guide.offers["hebammen"]])
    assert listed(client, only_picks) == {"Familienhebammen Buchholz"}
    assert client.get("/angebotskatalog/gibt-es-nicht/").status_code == 404
