"""Offer directory admin: the flat offer listing with its filters and columns, the bulk
actions, the dashboard panel of offers needing attention, the vocabulary snippets and the
location editor's map widget."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone, translation

from wagtail.models import PageLogEntry

import pytest
from bs4 import BeautifulSoup

from home.factories import RegionPageFactory, UserFactory
from home.models import RegionPage
from offers_directory.factories import (
    OfferIndexPageFactory,
    OfferPageFactory,
    TaxonomyTermFactory,
)
from offers_directory.models import GeocodeStatus, OfferPage, OfferStatus
from offers_directory.wagtail_hooks import (
    GeocodeAgainBulkAction,
    MarkReviewedBulkAction,
    offer_listing_viewset,
)
from tests.offers.admin_listing import listing_titles
from tests.offers.places import FAMILIENZENTRUM
from tests.shared_data import shared_fixtures

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]

TODAY = datetime.date.today()


def build_offers(offer_tree):
    other_region = RegionPageFactory(title="Heidekreis", slug="heidekreis")
    other_index = OfferIndexPageFactory(parent=other_region)

    def offer(parent, title, **fields):
        defaults = {"categories": ("elterncafe",), "last_reviewed": TODAY}
        return OfferPageFactory(parent=parent, title=title, **{**defaults, **fields})

    return {
        "current": offer(offer_tree.offers, "Aktuell geprüft", locations=[FAMILIENZENTRUM]),
        "overdue": offer(
            offer_tree.offers,
            "Lange nicht geprüft",
            categories=("hebammensprechstunde",),
            last_reviewed=TODAY - datetime.timedelta(days=400),
        ),
        "failed": offer(
            offer_tree.offers,
            "Adresse nicht gefunden",
            locations=[
                {
                    **FAMILIENZENTRUM,
                    "geocode_status": GeocodeStatus.FAILED,
                    "latitude": None,
                    "longitude": None,
                }
            ],
        ),
        "expired": offer(
            other_index,
            "Abgelaufen im Heidekreis",
            valid_from=TODAY - datetime.timedelta(days=100),
            valid_to=TODAY - datetime.timedelta(days=1),
        ),
        "inactive": offer(other_index, "Inaktiv", status=OfferStatus.INACTIVE),
    }


shared_offers, offers = shared_fixtures(
    "offers",
    build_offers,
    needs="offer_tree",
    doc="Offers in two regions needing attention or not (built once per module).",
)


def test_listing_filters(admin_client, offer_tree, offers):
    everything = {page.title for page in offers.values()}
    assert listing_titles(admin_client) == everything
    heidekreis = RegionPage.objects.get(slug="heidekreis")
    assert listing_titles(admin_client, region=heidekreis.pk) == {
        "Abgelaufen im Heidekreis",
        "Inaktiv",
    }
    assert listing_titles(admin_client, region=offer_tree.region.pk) == {
        "Aktuell geprüft",
        "Lange nicht geprüft",
        "Adresse nicht gefunden",
    }
    assert listing_titles(
        admin_client, category=TaxonomyTermFactory(code="hebammensprechstunde").pk
    ) == {"Lange nicht geprüft"}
    assert listing_titles(admin_client, offer_status="inactive") == {"Inaktiv"}
    assert listing_titles(admin_client, geocode_status="failed") == {"Adresse nicht gefunden"}
    assert listing_titles(admin_client, geocode_status="exact") == {"Aktuell geprüft"}
    assert listing_titles(admin_client, attention="review") == {"Lange nicht geprüft"}
    assert listing_titles(admin_client, attention="expired") == {"Abgelaufen im Heidekreis"}


def test_listing_shows_status_columns(admin_client, offers):
    response = admin_client.get(reverse(offer_listing_viewset.get_url_name("index")))
    html = response.content.decode()
    assert "1 nicht gefunden" in html
    assert "1 exakt" in html


def test_every_filter_answers_with_invalid_values_too(admin_client, offers):
    url = reverse(offer_listing_viewset.get_url_name("index"))
    for params in (
        {"region": "999999"},
        {"category": "abc"},
        {"offer_status": "bogus"},
        {"geocode_status": "bogus"},
        {"attention": "bogus"},
    ):
        assert admin_client.get(url, params).status_code == 200


def assert_confirmation_asks(response, action) -> None:
    """The shared confirmation page shows the action's own title, question and button."""
    assert response.status_code == 200
    with translation.override(response["Content-Language"]):
        texts = [str(action.display_name), str(action.question), str(action.confirm_label)]
    soup = BeautifulSoup(response.content, "html.parser")
    page_text = " ".join(soup.get_text(" ").split())
    for text in texts:
        assert text in page_text


def test_bulk_mark_reviewed(admin_client, offers):
    overdue = offers["overdue"]
    # An unpublished draft change must stay a draft.
    draft = overdue.get_latest_revision_as_object()
    draft.summary = "Neue Kurzbeschreibung im Entwurf"
    draft.save_revision()
    url = (
        reverse("wagtail_bulk_action", args=("wagtailcore", "page", "mark_reviewed"))
        + f"?id={overdue.pk}&id={offers['current'].pk}"
    )
    assert_confirmation_asks(admin_client.get(url), MarkReviewedBulkAction)
    response = admin_client.post(url, {})
    assert response.status_code == 302
    overdue.refresh_from_db()
    assert overdue.last_reviewed == timezone.localdate()
    assert overdue.summary != "Neue Kurzbeschreibung im Entwurf"
    assert overdue.has_unpublished_changes
    latest = overdue.get_latest_revision_as_object()
    assert latest.summary == "Neue Kurzbeschreibung im Entwurf"
    assert latest.last_reviewed == timezone.localdate()
    assert PageLogEntry.objects.filter(
        page=overdue, action="offers_directory.mark_reviewed"
    ).exists()
    assert listing_titles(admin_client, attention="review") == set()


def test_bulk_geocode_again(admin_client, offers, django_capture_on_commit_callbacks):
    failed = offers["failed"]
    url = (
        reverse("wagtail_bulk_action", args=("wagtailcore", "page", "geocode_again"))
        + f"?id={failed.pk}"
    )
    assert_confirmation_asks(admin_client.get(url), GeocodeAgainBulkAction)
    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.post(url, {}).status_code == 302
    # The offline gazetteer finds Winsen (Luhe).
    location = failed.locations.model.objects.get(page=failed)
    assert location.geocode_status == GeocodeStatus.APPROXIMATE
    assert location.latitude == pytest.approx(53.357, abs=0.05)


def test_dashboard_panel_lists_offers_needing_attention(admin_client, offers):
    soup = BeautifulSoup(admin_client.get("/admin/").content, "html.parser")
    panel = soup.find(id="offers-attention-section")
    assert panel is not None
    counts = {
        a["data-attention-count"]: int(a.get_text()) for a in panel.select("[data-attention-count]")
    }
    assert counts == {"geocode": 1, "review": 1, "expired": 1}
    text = panel.get_text(" ", strip=True)
    assert "Lange nicht geprüft" in text and "Abgelaufen im Heidekreis" in text


def test_dashboard_panel_shows_only_the_coordinators_region(client, offer_tree, offers):
    from home.permissions import ensure_region_group

    heidekreis = RegionPage.objects.get(slug="heidekreis")
    coordinator = UserFactory(groups=[ensure_region_group(heidekreis)])
    client.force_login(coordinator)
    soup = BeautifulSoup(client.get("/admin/").content, "html.parser")
    counts = {
        a["data-attention-count"]: int(a.get_text())
        for a in soup.find(id="offers-attention-section").select("[data-attention-count]")
    }
    assert counts == {"expired": 1}


def test_edit_form_has_the_map_widget_and_geocode_status(admin_client, offers):
    response = admin_client.get(f"/admin/pages/{offers['current'].pk}/edit/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-geocode-status="exact"' in html
    assert "data-offers-location-map" in html
    assert "location_map.js" in html
    assert "tile.openstreetmap" not in html


def test_edit_form_shows_each_locations_geocode_status(admin_client, offer_tree):
    offer = OfferPageFactory(
        parent=offer_tree.offers,
        title="Drei Standorte",
        locations=[
            FAMILIENZENTRUM,
            {**FAMILIENZENTRUM, "name": "Ungefähr", "geocode_status": GeocodeStatus.APPROXIMATE},
            {
                "name": "Unbekannt",
                "street": "Nirgendwo 1",
                "postal_code": "",
                "city": "Gibtsnichtdorf",
                "latitude": None,
                "longitude": None,
                "geocode_status": GeocodeStatus.FAILED,
                "geocode_message": "Adresse nicht gefunden",
            },
        ],
    )
    soup = BeautifulSoup(admin_client.get(f"/admin/pages/{offer.pk}/edit/").content, "html.parser")
    statuses = [p["data-geocode-status"] for p in soup.select("[data-geocode-status]")]
    assert statuses == ["exact", "approximate", "failed"]
    texts = [p.get_text(" ", strip=True) for p in soup.select("[data-geocode-status]")]
    assert "exakt" in texts[0] and "ungefähr" in texts[1]
    assert "nicht gefunden" in texts[2] and "Adresse nicht gefunden" in texts[2]
    # One map per location, each tied to its own latitude field.
    maps = soup.select("[data-offers-location-map]")
    assert [m["data-latitude-input"] for m in maps] == [
        f"id_locations-{i}-latitude" for i in range(3)
    ]


def test_vocabulary_snippets(admin_client):
    for model in ("taxonomyterm", "taxonomy", "language"):
        response = admin_client.get(f"/admin/snippets/offers_directory/{model}/")
        assert response.status_code == 200
    response = admin_client.get(
        "/admin/snippets/offers_directory/taxonomyterm/",
        {"taxonomy": TaxonomyTermFactory(code="schwangere").taxonomy_id},
    )
    html = response.content.decode()
    assert "Schwangere" in html and "Hebammensprechstunde" not in html


def test_offer_listing_is_in_the_menu(admin_client, offers):
    html = admin_client.get("/admin/").content.decode()
    assert reverse(offer_listing_viewset.get_url_name("index")) in html
    assert OfferPage.objects.count() == 5
