"""Finding the demo site's pages and collections (demo.site) by their slugs."""

from __future__ import annotations

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
