from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from home.blocks import BodyBlock


class NewsIndexPage(Page):
    """A news listing. The network-wide one ('Aktuelles') shows every region's news; one
    inside a region shows only what lies below it."""

    intro = models.TextField(_("introduction"), blank=True)
    include_all_regions = models.BooleanField(
        _("show news of all regions"),
        default=False,
        help_text=_("On for the network-wide listing; off for a region's own listing."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("include_all_regions")]
    subpage_types = ["news.NewsPage"]
    page_size = 10

    class Meta:
        verbose_name = _("news index page")

    def news_items(self) -> models.QuerySet:
        items = NewsPage.objects.live().public()
        if not self.include_all_regions:
            items = items.descendant_of(self)
        return items.order_by("-date", "-pk")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        paginator = Paginator(self.news_items(), self.page_size)
        context["news_page"] = paginator.get_page(request.GET.get("page"))
        return context


class NewsPage(Page):
    """A news item or press release about the network's work."""

    date = models.DateField(_("date"), default=timezone.localdate)
    teaser = models.TextField(_("teaser"), blank=True, max_length=500)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("teaser"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("teaser"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]
    parent_page_types = ["news.NewsIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")

    def get_region(self):
        """The regional network this item belongs to: its nearest region ancestor."""
        from home.models import RegionPage

        return RegionPage.objects.ancestor_of(self).live().last()
