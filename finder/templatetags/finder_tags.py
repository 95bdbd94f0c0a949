"""Template tags other apps use to link back into the finder, and the finder's facet lists."""

from __future__ import annotations

from urllib.parse import urlsplit

from django import template
from django.http import HttpRequest
from django.urls import Resolver404, resolve
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

register = template.Library()


def safe_back_url(value: str | None) -> str | None:
    """The `back` parameter if it is a finder (or timeline) URL on this site, else None (an
    open redirect or a link to another site must not be injected through it)."""
    if not value or len(value) > 2000:
        return None
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    # The finder and „Was passt jetzt?“ (finder/timeline.py) list offers with a way back.
    if (match.namespace, match.url_name) not in (("finder", "finder"), ("", "timeline")):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


@register.simple_tag(takes_context=True)
def finder_back_link(context: template.Context) -> SafeString | str:
    """ "Back to the search results" for a page opened from the finder (`?back=`)."""
    request: HttpRequest | None = context.get("request")
    url = safe_back_url(request.GET.get("back")) if request is not None else None
    if url is None:
        return ""
    return format_html(
        '<p class="back-to-search no-print"><a href="{}">{}</a></p>',
        url,
        _("Back to the search results"),
    )


# Facets whose values are names in German (titles of regions and providers).
GERMAN_NAMED_FACETS = ("provider", "region")


@register.simple_tag
def facet_items(group: dict) -> SafeString:
    """The checkboxes of one facet group (finder/includes/facets.html). Written here rather
    than in a template loop: a facet lists up to 200 values (the providers), and the loop's
    dozen variable lookups per value were the largest part of rendering the finder page."""
    name = conditional_escape(group["name"])
    offers = conditional_escape(_("offers"))
    german = group["name"] in GERMAN_NAMED_FACETS
    parts = []
    for number, item in enumerate(group["items"], 1):
        label = conditional_escape(item["label"])
        if german:
            label = f'<span lang="de">{label}</span>'
        checked = " checked" if item["selected"] else ""
        disabled = " disabled" if not item["count"] and not item["selected"] else ""
        parts.append(
            f'\n        <li><input type="checkbox" id="facet-{name}-{number}" name="{name}" '
            f'value="{conditional_escape(item["value"])}"{checked}{disabled}>\n'
            f'            <label for="facet-{name}-{number}">{label} <span class="facet__count">'
            f'<span class="visually-hidden">(</span>{item["count"]}<span class="visually-hidden"> '
            f"{offers})</span></span></label></li>\n        "
        )
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped
