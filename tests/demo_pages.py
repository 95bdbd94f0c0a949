"""Finding the demo site's pages and collections (demo.site) by their slugs, and adding a
region to it through the admin as an editor does."""

from __future__ import annotations

from django.http import HttpResponse
from django.test import Client

from wagtail.models import Collection

from events.models import EventIndexPage
from home.models import RegionPage
from news.models import NewsIndexPage
from offers_directory.models import OfferIndexPage


def region(slug: str) -> RegionPage:
    return RegionPage.objects.get(slug=slug)


def news_index(slug: str) -> NewsIndexPage:
    return NewsIndexPage.objects.descendant_of(region(slug)).get()


def network_index() -> NewsIndexPage:
    return NewsIndexPage.objects.get(include_all_regions=True)


def offer_index(slug: str) -> OfferIndexPage:
    """The region's offer listing, which the demo creates with its sections."""
    return OfferIndexPage.objects.child_of(region(slug)).get()


def calendar_of(slug: str) -> EventIndexPage:
    return EventIndexPage.objects.descendant_of(region(slug)).get()


def region_collection(slug: str) -> Collection:
    return Collection.objects.get(name=region(slug).title)


def add_region(admin_client: Client, title: str, slug: str, *, publish: bool) -> HttpResponse:
    """Posts the admin's "add region" form: saves a draft, or publishes the region."""
    index = RegionPage.objects.first().get_parent()
    form = {
        "title": title,
        "slug": slug,
        "official_name": "",
        "state": "Niedersachsen",
        "intro": "",
        "body-count": "0",
        "contact_email": "",
        "contact_phone": "",
    }
    if publish:
        form["action-publish"] = "action-publish"
    return admin_client.post(f"/admin/pages/add/home/regionpage/{index.pk}/", form)
