"""News and press releases. A news item's primary region is the region page it sits under
(the per-county permission boundary); editors may add further regions it concerns, and it
then appears in those regions' listings and feeds as well."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.conf import settings
from django.core.paginator import Page as PaginatorPage
from django.db import models
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from home.fields import optional_link
from home.panels import translations_panel
from params import paginate, parse_integer

from .blocks import NewsBodyBlock

# Years outside this range are never valid filter values (and would overflow date lookups).
MIN_YEAR, MAX_YEAR = 1900, 2999


class PressContact(index.Indexed, models.Model):
    """A press contact shown on news items and events. Press contacts are public by nature:
    the name, phone number and address are meant to be printed."""

    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("email"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("role"),
        FieldPanel("organisation"),
        FieldPanel("phone"),
        FieldPanel("email"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("organisation"),
        index.SearchField("role"),
    ]

    class Meta:
        verbose_name = _("press contact")
        verbose_name_plural = _("press contacts")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})" if self.organisation else self.name


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "news.NewsPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


def region_of(page: Page):
    """The regional network a page belongs to: its nearest live region ancestor."""
    from home.models import RegionPage

    return RegionPage.objects.ancestor_of(page, inclusive=True).live().last()


class RegionListingPage(Page):
    """What the news and event listings share: an introduction, and a switch between a
    region's own listing (the pages below it) and the network-wide one, which lists every
    region's pages and offers the regions as a filter. Each listing words its own
    `include_all_regions` field."""

    intro = models.TextField(_("introduction"), blank=True)
    include_all_regions: models.BooleanField

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("include_all_regions"),
        translations_panel(),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    page_size = 10

    class Meta:
        abstract = True

    def get_region(self):
        return region_of(self)

    def listed_regions(self) -> models.QuerySet:
        """The regions a visitor may filter by: all live ones network-wide, none in a region."""
        from home.models import RegionPage

        if not self.include_all_regions:
            return RegionPage.objects.none()
        return RegionPage.objects.live().public().order_by("title")


def _naming_region(region) -> models.Q:
    """News published elsewhere that names the region as a further region."""
    extra = NewsPage.extra_regions.through.objects.filter(regionpage_id=region.pk)
    return models.Q(pk__in=extra.values("newspage_id"))


def news_for_region(items: models.QuerySet, region) -> models.QuerySet:
    """News below the region's page, plus news elsewhere that names it as a further region."""
    return items.filter(models.Q(path__startswith=region.path) | _naming_region(region))


class NewsIndexPage(RegionListingPage):
    """A news listing. The network-wide one ('Aktuelles') shows every region's news; one
    inside a region shows what lies below it and what names the region as a further region.
    Visitors filter by region, topic and year (GET parameters `region`, `topic`, `year`);
    values that match nothing are ignored, never an error."""

    include_all_regions = models.BooleanField(
        _("show news of all regions"),
        default=False,
        help_text=_("On for the network-wide listing; off for a region's own listing."),
    )

    subpage_types = ["news.NewsPage"]

    class Meta:
        verbose_name = _("news index page")
        verbose_name_plural = _("news index pages")

    def news_items(self) -> models.QuerySet:
        items = NewsPage.objects.live().public()
        if not self.include_all_regions:
            region = self.get_region()
            inside = models.Q(path__startswith=self.path)
            if region is not None:
                inside |= _naming_region(region)
            items = items.filter(inside)
        return items.order_by("-date", "-pk")

    def filter_options(self, items: models.QuerySet) -> dict[str, Any]:
        regions = self.listed_regions()
        topics = (
            Tag.objects.filter(news_newspagetag_items__content_object__in=items)
            .distinct()
            .order_by("name")
        )
        years = sorted({d.year for d in items.dates("date", "year")}, reverse=True)
        return {"regions": regions, "topics": topics, "years": years}

    def filtered_items(self, request: HttpRequest) -> tuple[models.QuerySet, dict[str, Any]]:
        """Apply the visitor's filters; returns the items and the filters that took effect."""
        items = self.news_items()
        options = self.filter_options(items)
        active: dict[str, Any] = {}

        region_slug = request.GET.get("region", "")
        region = next((r for r in options["regions"] if r.slug == region_slug), None)
        if region is not None:
            items = news_for_region(items, region)
            active["region"] = region

        topic_slug = request.GET.get("topic", "")
        topic = next((t for t in options["topics"] if t.slug == topic_slug), None)
        if topic is not None:
            items = items.filter(tagged_items__tag=topic)
            active["topic"] = topic

        year = parse_integer((request.GET.get("year") or "").strip(), max_digits=4)
        if year is not None and MIN_YEAR <= year <= MAX_YEAR and year in options["years"]:
            items = items.filter(date__year=year)
            active["year"] = year
        return items, {"options": options, "active": active}

    def paginate(self, items: models.QuerySet, request: HttpRequest) -> PaginatorPage:
        return paginate(request.GET, items, self.page_size)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        items, filters = self.filtered_items(request)
        context["news_page"] = self.paginate(items, request)
        context["filters"] = filters
        context["region"] = self.get_region()
        return context


class NewsPage(Page):
    """A news item or press release about the network's work."""

    date = models.DateField(_("date"), default=timezone.localdate)
    teaser = models.TextField(_("teaser"), blank=True, max_length=500)
    image = optional_link(
        "wagtailimages.Image",
        _("lead image"),
        help_text=_("Shown in listings and when the item is shared."),
    )
    image_credit = models.CharField(
        _("photo credit"), max_length=200, blank=True, help_text="Foto: …"
    )
    body = StreamField(NewsBodyBlock(), verbose_name=_("body"), blank=True)
    extra_regions = ParentalManyToManyField(
        "home.RegionPage",
        verbose_name=_("further regions"),
        blank=True,
        related_name="further_news",
        help_text=_(
            "The item always belongs to the region it is filed under; tick further regions "
            "it concerns to show it in their listings and feeds too."
        ),
    )
    tags = ClusterTaggableManager(
        through=NewsPageTag, verbose_name=_("topics"), blank=True, help_text=""
    )
    contact = optional_link(PressContact, _("press contact"))
    # A stable key of the source an item was imported from (import_news): running the
    # import again finds the item by it and adds nothing.
    source_key = models.CharField(
        _("import source key"), max_length=64, blank=True, default="", db_index=True, editable=False
    )

    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("teaser"),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_credit")], heading=_("Lead image")),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("tags"),
                FieldPanel("extra_regions", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Topics and regions"),
        ),
        FieldPanel("contact"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("teaser", boost=2),
        index.SearchField("body"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("date"),
    ]
    parent_page_types = ["news.NewsIndexPage"]
    subpage_types: list[str] = []
    exclude_fields_in_copy = ["source_key"]

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")

    def get_region(self):
        """The regional network this item belongs to: its nearest region ancestor."""
        return region_of(self)

    def regions(self) -> list:
        primary = self.get_region()
        further = [r for r in self.extra_regions.all() if primary is None or r.pk != primary.pk]
        return ([primary] if primary else []) + further

    def published_datetime(self) -> datetime.datetime:
        """The item's date as an aware datetime (feeds and JSON-LD want a time): the first
        publication time when it was published that day, else noon (which is the same day in
        every time zone a German reader's feed reader converts to)."""
        first = self.first_published_at
        if first is not None and timezone.localtime(first).date() == self.date:
            return first
        return timezone.make_aware(datetime.datetime.combine(self.date, datetime.time(12, 0)))

    def structured_data(self, request: HttpRequest | None = None) -> dict[str, Any]:
        """schema.org NewsArticle for search engines and social previews."""
        site_name = getattr(settings, "WAGTAIL_SITE_NAME", "")
        url = self.get_full_url(request)
        data: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": self.title[:110],
            "datePublished": self.published_datetime().isoformat(),
            "dateModified": (self.last_published_at or self.published_datetime()).isoformat(),
            "inLanguage": "de",
            "url": url,
            "mainEntityOfPage": {"@type": "WebPage", "@id": url},
            "publisher": {"@type": "Organization", "name": site_name},
        }
        if self.teaser or self.search_description:
            data["description"] = self.search_description or self.teaser
        region = self.get_region()
        data["author"] = {
            "@type": "Organization",
            "name": f"{site_name} – {region.title}" if region else site_name,
        }
        if self.image is not None and request is not None:
            rendition = self.image.get_rendition("fill-1200x630")
            data["image"] = [request.build_absolute_uri(rendition.url)]
        keywords = [tag.name for tag in self.tags.all()]
        if keywords:
            data["keywords"] = keywords
        regions = self.regions()
        if regions:
            data["contentLocation"] = [
                {"@type": "AdministrativeArea", "name": r.official_name or r.title} for r in regions
            ]
        return data

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["region"] = self.get_region()
        return context
