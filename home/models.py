from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from .blocks import BodyBlock
from .fields import optional_link
from .panels import translations_panel


def _ui_languages() -> list[tuple[str, str]]:
    return [(code, name) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


class PageTranslation(Orderable):
    """A structure page's words in another UI language: the menu and heading title, the
    introduction, and on the home page its hero and finder teaser. Content stays German in one
    page tree (one URL per page, prefixed by the language); only the words that act as the
    site's chrome are translated, here, as rows edited in the page's own form (so they go
    through the page's revisions and moderation like the German text)."""

    page = ParentalKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="ui_translations")
    language = models.CharField(_("language"), max_length=7, choices=_ui_languages)
    title = models.CharField(_("title"), max_length=255, blank=True)
    intro = models.TextField(_("introduction"), blank=True)
    hero_title = models.CharField(_("hero title"), max_length=200, blank=True)
    hero_text = models.TextField(_("hero text"), blank=True)
    finder_title = models.CharField(_("finder teaser title"), max_length=200, blank=True)
    finder_text = models.TextField(_("finder teaser text"), blank=True)

    class Meta(Orderable.Meta):
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        constraints = [
            models.UniqueConstraint(fields=["page", "language"], name="unique_page_translation")
        ]


class HomePage(Page):
    """The landing page: what the network is, the offer finder's entry and the latest news."""

    hero_title = models.CharField(_("hero title"), max_length=200, blank=True)
    hero_text = models.TextField(_("hero text"), blank=True)
    finder_title = models.CharField(
        _("finder teaser title"), max_length=200, default="Hilfe in Ihrer Nähe finden"
    )
    finder_text = models.TextField(_("finder teaser text"), blank=True)
    finder_page = optional_link("wagtailcore.Page", _("offer finder page"))
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("hero_title"), FieldPanel("hero_text")], heading=_("Hero")),
        MultiFieldPanel(
            [FieldPanel("finder_title"), FieldPanel("finder_text"), FieldPanel("finder_page")],
            heading=_("Offer finder teaser"),
        ),
        FieldPanel("body"),
        translations_panel("hero_title", "hero_text", "finder_title", "finder_text"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("hero_text"),
        index.SearchField("body"),
    ]
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from news.models import NewsPage

        context = super().get_context(request, *args, **kwargs)
        context["latest_news"] = NewsPage.objects.live().public().order_by("-date", "-pk")[:3]
        context["regions"] = RegionPage.objects.live().public().order_by("title")
        return context


class StandardPage(Page):
    """Plain content: Impressum, Datenschutz, Barrierefreiheit, network information."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("body"),
        translations_panel(),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    class Meta:
        verbose_name = _("standard page")


class RegionIndexPage(Page):
    """'Über das Netzwerk': lists the regional networks."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro"), translations_panel()]
    subpage_types = ["home.RegionPage", "home.StandardPage"]
    max_count = 1

    class Meta:
        verbose_name = _("region index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["regions"] = RegionPage.objects.child_of(self).live().public().order_by("title")
        return context


class RegionPage(Page):
    """A regional network (usually a county, Landkreis). Its subtree holds the region's news,
    events and offers, and its coordinator group may edit and publish only inside it: the
    page tree is where Wagtail's permissions attach, so the region *is* a page."""

    official_name = models.CharField(
        _("official name"), max_length=200, blank=True, help_text="z. B. Landkreis Harburg"
    )
    state = models.CharField(_("federal state"), max_length=100, blank=True)
    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    contact_email = models.EmailField(_("network contact email"), blank=True)
    contact_phone = models.CharField(_("network contact phone"), max_length=50, blank=True)
    coordinator_group = optional_link(
        Group,
        _("coordinator group"),
        related_name="coordinated_region",
        one_to_one=True,
        help_text=_("Created automatically; its members edit and publish in this region only."),
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("official_name"), FieldPanel("state")], heading=_("Region")),
        FieldPanel("intro"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("contact_email"), FieldPanel("contact_phone")],
            heading=_("Network contact"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("official_name"),
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("state"),
    ]
    parent_page_types = ["home.RegionIndexPage"]

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")


@register_setting(icon="list-ul")
class SiteFooterSettings(BaseSiteSetting):
    """The legally required links: Impressum, Datenschutz and the accessibility statement in
    the footer, the Leichte Sprache page at the top of every page (BITV 2.0 § 4)."""

    imprint_page = optional_link("wagtailcore.Page", _("imprint page"))
    privacy_page = optional_link("wagtailcore.Page", _("privacy page"))
    accessibility_page = optional_link("wagtailcore.Page", _("accessibility statement page"))
    easy_language_page = optional_link(
        "wagtailcore.Page",
        _("easy-to-read page (Leichte Sprache)"),
        help_text=_("Linked at the top of every page, as BITV 2.0 asks."),
    )
    contact_text = models.TextField(_("contact text"), blank=True)

    # Every page's header and footer link these pages: read with the setting, one query.
    select_related = ["imprint_page", "privacy_page", "accessibility_page", "easy_language_page"]

    panels = [
        FieldPanel("imprint_page"),
        FieldPanel("privacy_page"),
        FieldPanel("accessibility_page"),
        FieldPanel("easy_language_page"),
        FieldPanel("contact_text"),
    ]

    class Meta:
        verbose_name = _("footer")
