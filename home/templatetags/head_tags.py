"""Head tags every page carries: feed announcements, Open Graph and schema.org JSON-LD."""

from typing import Any

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from security.html import json_script, request_nonce

register = template.Library()


def _region_of(page) -> Any:
    if page is None or not getattr(page, "pk", None):
        return None
    from news.models import region_of

    return region_of(page)


@register.simple_tag(takes_context=True)
def feed_links(context) -> SafeString:
    """<link rel="alternate"> for the network-wide news feeds, and for the region's feeds
    and calendar on every page inside a region."""
    page = context.get("page")
    links = [
        ("application/rss+xml", _("News (RSS)"), reverse("news_feed_rss")),
        ("application/atom+xml", _("News (Atom)"), reverse("news_feed_atom")),
    ]
    region = _region_of(page)
    if region is not None:
        links += [
            (
                "application/rss+xml",
                _("News from %(region)s (RSS)") % {"region": region.title},
                reverse("region_news_feed_rss", args=[region.slug]),
            ),
            (
                "application/atom+xml",
                _("News from %(region)s (Atom)") % {"region": region.title},
                reverse("region_news_feed_atom", args=[region.slug]),
            ),
            (
                "text/calendar",
                _("Events in %(region)s (iCalendar)") % {"region": region.title},
                reverse("region_events_calendar", args=[region.slug]),
            ),
        ]
    else:
        links.append(("text/calendar", _("Events (iCalendar)"), reverse("events_calendar")))
    return format_html_join(
        "\n    ",
        '<link rel="alternate" type="{}" title="{}" href="{}">',
        links,
    )


def _absolute(request, url: str) -> str:
    if request is None or url.startswith(("http://", "https://")):
        return url
    return request.build_absolute_uri(url)


@register.simple_tag(takes_context=True)
def open_graph(context) -> SafeString:
    """Open Graph tags for social previews; news items are articles with their lead image."""
    request = context.get("request")
    page = context.get("page")
    site_name = getattr(settings, "WAGTAIL_SITE_NAME", "")
    tags: list[tuple[str, str]] = [("og:site_name", site_name), ("og:locale", "de_DE")]
    if page is not None and getattr(page, "pk", None):
        page = page.specific
        title = page.seo_title or page.title
        description = page.search_description or getattr(page, "teaser", "") or ""
        tags += [("og:title", title), ("og:url", page.get_full_url(request) or "")]
        if description:
            tags.append(("og:description", description))
        if page.__class__.__name__ == "NewsPage":
            tags += [
                ("og:type", "article"),
                ("article:published_time", page.published_datetime().isoformat()),
            ]
            tags += [("article:tag", tag.name) for tag in page.tags.all()]
        else:
            tags.append(("og:type", "website"))
        image = getattr(page, "image", None)
        if image is not None:
            rendition = image.get_rendition("fill-1200x630")
            tags += [
                ("og:image", _absolute(request, rendition.url)),
                ("og:image:width", str(rendition.width)),
                ("og:image:height", str(rendition.height)),
                ("og:image:alt", image.default_alt_text or ""),
            ]
    else:
        title = context.get("og_title") or site_name
        tags += [("og:title", str(title)), ("og:type", "website")]
        if request is not None:
            tags.append(("og:url", request.build_absolute_uri()))
    return format_html_join(
        "\n    ", '<meta property="{}" content="{}">', ((k, v) for k, v in tags if v)
    )


@register.simple_tag(takes_context=True)
def structured_data(context) -> SafeString:
    """schema.org JSON-LD of the page, for page types that describe themselves."""
    page = context.get("page")
    if page is None or not getattr(page, "pk", None):
        return mark_safe("")  # noqa: S308
    page = page.specific
    describe = getattr(page, "structured_data", None)
    if describe is None:
        return mark_safe("")  # noqa: S308
    request = context.get("request")
    return json_script(
        describe(request), script_type="application/ld+json", nonce=request_nonce(request)
    )
