"""Freshness (offers_directory/freshness.py): every offer shows when its data were last
checked; not verified within REVIEW_WINDOW_DAYS it is stale (a hint for families, attention
on the dashboard); after HIDE_AFTER_DAYS it is hidden from every public surface until
verified, while editors still see it. The date travels as HSDS `assured_date`."""

from __future__ import annotations

import datetime
import json

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

import pytest
from bs4 import BeautifulSoup

from home.factories import RegionPageFactory, UserFactory
from home.permissions import ensure_region_group
from offers_directory import freshness
from offers_directory.factories import OfferIndexPageFactory, OfferPageFactory
from offers_directory.models import OfferPage
from offers_directory.wagtail_hooks import offer_listing_viewset
from search.offers.indexing import public_offers

from .exchange import load, run_export, run_import, write_json

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def days_ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


@pytest.fixture
def offers(offer_tree):
    def offer(title: str, **fields):
        return OfferPageFactory(parent=offer_tree.offers, title=title, **fields)

    return {
        "fresh": offer("Frisch geprüft", last_reviewed=days_ago(30)),
        "stale": offer("Lange nicht geprüft", last_reviewed=days_ago(400)),
        "hidden": offer("Seit Jahren nicht geprüft", last_reviewed=days_ago(800)),
    }


def month_year(day: datetime.date) -> str:
    with translation.override("de"):
        return date_format(day, "F Y")


def text_of(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def test_the_rules_follow_the_settings(offers, settings):
    assert not freshness.is_stale(offers["fresh"])
    assert freshness.is_stale(offers["stale"]) and not freshness.is_hidden(offers["stale"])
    assert freshness.is_hidden(offers["hidden"])
    stale = set(OfferPage.objects.filter(freshness.stale_q()).values_list("title", flat=True))
    hidden = set(OfferPage.objects.filter(freshness.hidden_q()).values_list("title", flat=True))
    assert stale == {"Lange nicht geprüft", "Seit Jahren nicht geprüft"}
    assert hidden == {"Seit Jahren nicht geprüft"}
    settings.OFFERS_DIRECTORY = {
        **settings.OFFERS_DIRECTORY,
        "REVIEW_WINDOW_DAYS": 20,
        "HIDE_AFTER_DAYS": 300,
    }
    assert freshness.is_stale(offers["fresh"]) and freshness.is_hidden(offers["stale"])
    assert set(public_offers().values_list("title", flat=True)) == {"Frisch geprüft"}


def test_an_offer_never_reviewed_counts_from_its_first_publication(offer_tree):
    offer = OfferPageFactory(parent=offer_tree.offers, title="Nie geprüft", last_reviewed=None)
    assert offer.verified_on == timezone.localdate()
    assert not freshness.is_stale(offer)
    long_ago = timezone.now() - datetime.timedelta(days=800)
    OfferPage.objects.filter(pk=offer.pk).update(first_published_at=long_ago)
    offer.refresh_from_db()
    assert offer.verified_on == timezone.localdate(long_ago)
    assert freshness.is_hidden(offer)
    assert OfferPage.objects.filter(freshness.hidden_q(), pk=offer.pk).exists()
    draft = OfferPageFactory(parent=offer_tree.offers, title="Entwurf", last_reviewed=None)
    OfferPage.objects.filter(pk=draft.pk).update(first_published_at=None)
    draft.refresh_from_db()
    # A draft nobody reviewed is overdue (for the editors), and nothing to hide.
    assert freshness.is_stale(draft) and not freshness.is_hidden(draft)


def test_offer_pages_say_when_the_data_were_checked(client, offers):
    fresh = text_of(client.get(offers["fresh"].url))
    assert f"Angaben zuletzt geprüft: {month_year(days_ago(30))}" in fresh
    assert "Bitte fragen Sie beim Träger nach" not in fresh
    stale = text_of(client.get(offers["stale"].url))
    assert f"Angaben zuletzt geprüft: {month_year(days_ago(400))}" in stale
    assert "Bitte fragen Sie beim Träger nach" in stale
    printed = text_of(client.get(offers["fresh"].url, {"print": "1"}))
    assert f"Angaben zuletzt geprüft: {month_year(days_ago(30))}" in printed


def test_hidden_offers_are_gone_for_the_public_but_not_for_editors(client, admin_client, offers):
    hidden = offers["hidden"]
    assert client.get(hidden.url).status_code == 404
    editor_view = admin_client.get(hidden.url)
    assert editor_view.status_code == 200
    assert "für die Öffentlichkeit ausgeblendet" in text_of(editor_view)
    sitemap = client.get("/sitemap.xml").content.decode()
    assert offers["fresh"].full_url in sitemap
    assert hidden.full_url not in sitemap
    # The HSDS API and the Merkliste (print view and PDF share public_offers()).
    services = client.get("/api/hsds/services").json()["contents"]
    names = {service["name"] for service in services}
    assert names == {"Frisch geprüft", "Lange nicht geprüft"}
    ids = ",".join(str(offers[key].pk) for key in ("fresh", "hidden"))
    handout = text_of(client.get("/merkliste/", {"ids": ids}))
    assert "Frisch geprüft" in handout and "Seit Jahren nicht geprüft" not in handout
    assert f"Angaben zuletzt geprüft: {month_year(days_ago(30))}" in handout


def test_verifying_a_hidden_offer_shows_it_again(client, offers):
    hidden = offers["hidden"]
    freshness.mark_reviewed(hidden, timezone.localdate())
    assert client.get(hidden.url).status_code == 200
    assert hidden.pk in set(public_offers().values_list("pk", flat=True))


def test_dashboard_lists_stale_and_hidden_offers_of_the_coordinators_region(
    client, admin_client, offer_tree, offers
):
    def counts(response) -> dict[str, int]:
        panel = BeautifulSoup(response.content, "html.parser").find(id="offers-attention-section")
        return {
            a["data-attention-count"]: int(a.get_text())
            for a in panel.select("a[data-attention-count]")
        }

    assert counts(admin_client.get("/admin/")) == {"review": 1, "hidden": 1}
    listing = admin_client.get(
        reverse(offer_listing_viewset.get_url_name("index")), {"attention": "hidden"}
    )
    assert "Seit Jahren nicht geprüft" in text_of(listing)
    assert "Lange nicht geprüft" not in text_of(listing)

    elsewhere = RegionPageFactory(title="Heidekreis", slug="heidekreis")
    OfferPageFactory(
        parent=OfferIndexPageFactory(parent=elsewhere),
        title="Im Heidekreis vergessen",
        last_reviewed=days_ago(900),
    )
    coordinator = UserFactory(groups=[ensure_region_group(offer_tree.region)])
    client.force_login(coordinator)
    response = client.get("/admin/")
    assert counts(response) == {"review": 1, "hidden": 1}
    assert "Im Heidekreis vergessen" not in text_of(response)
    assert counts(admin_client.get("/admin/")) == {"review": 1, "hidden": 2}


def test_assured_date_round_trip(offers, tmp_path):
    service = load("service_3_1.json")
    service["assured_date"] = days_ago(400).isoformat()
    run_import(write_json(tmp_path, [service]), "--publish-incomplete")
    offer = OfferPage.objects.get(source_id=service["id"])
    assert offer.last_reviewed == days_ago(400) and offer.needs_review
    exported = {s["id"]: s for s in json.loads(run_export("--format", "hsds"))}
    assert exported[service["id"]]["assured_date"] == days_ago(400).isoformat()
    # The provider's system says it checked the offer: importing again updates the date.
    service["assured_date"] = days_ago(3).isoformat()
    run_import(write_json(tmp_path, [service]), "--publish-incomplete")
    offer.refresh_from_db()
    assert offer.last_reviewed == days_ago(3) and not offer.needs_review
    again = {s["name"]: s for s in json.loads(run_export("--format", "hsds"))}
    assert again[service["name"]]["assured_date"] == days_ago(3).isoformat()
    assert again["Frisch geprüft"]["assured_date"] == days_ago(30).isoformat()
    # Hidden offers are no public data; `--all` exports them too.
    assert "Seit Jahren nicht geprüft" not in again
    everything = {s["name"]: s for s in json.loads(run_export("--format", "hsds", "--all"))}
    assert everything["Seit Jahren nicht geprüft"]["assured_date"] == days_ago(800).isoformat()
