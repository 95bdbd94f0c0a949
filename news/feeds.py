"""RSS 2.0 and Atom feeds of the news, for the whole network and for each region."""

from __future__ import annotations

import datetime

from django.contrib.syndication.views import Feed
from django.db import models
from django.http import Http404, HttpRequest
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from .models import NewsIndexPage, NewsPage, news_for_region

FEED_LENGTH = 30


class NewsRssFeed(Feed):
    feed_type = Rss201rev2Feed
    language = "de"

    def get_object(self, request: HttpRequest, region: str | None = None):
        from home.models import RegionPage

        if region is None:
            return None
        found = RegionPage.objects.live().public().filter(slug=region).first()
        if found is None:
            raise Http404(_("No region with this name."))
        return found

    def title(self, region) -> str:
        if region is None:
            return _("News – Netzwerk Frühe Hilfen")
        return _("News from %(region)s – Netzwerk Frühe Hilfen") % {"region": region.title}

    def description(self, region) -> str:
        if region is None:
            return _("Reports and press releases from all regional networks.")
        return _("Reports and press releases of the network in %(region)s.") % {
            "region": region.official_name or region.title
        }

    subtitle = description

    def link(self, region) -> str:
        index = NewsIndexPage.objects.live().public()
        index = index.descendant_of(region) if region is not None else index
        index = index.order_by("-include_all_regions", "depth").first()
        if index is None:
            return "/" if region is None else region.url or "/"
        return index.get_url() or "/"

    def items(self, region) -> models.QuerySet:
        items = NewsPage.objects.live().public()
        if region is not None:
            items = news_for_region(items, region)
        return items.select_related("contact").order_by("-date", "-pk")[:FEED_LENGTH]

    def item_title(self, item: NewsPage) -> str:
        return item.title

    def item_description(self, item: NewsPage) -> str:
        return item.teaser or item.search_description or ""

    def item_link(self, item: NewsPage) -> str:
        return item.get_url() or "/"

    def item_guid(self, item: NewsPage) -> str:
        return f"urn:nfh:news:{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: NewsPage) -> datetime.datetime:
        return item.published_datetime()

    def item_updateddate(self, item: NewsPage) -> datetime.datetime:
        return item.last_published_at or item.published_datetime()

    def item_categories(self, item: NewsPage) -> list[str]:
        return [tag.name for tag in item.tags.all()]

    def item_author_name(self, item: NewsPage) -> str | None:
        region = item.get_region()
        return region.title if region else None


class NewsAtomFeed(NewsRssFeed):
    feed_type = Atom1Feed
