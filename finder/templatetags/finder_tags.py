"""Template tags other apps use to link back into the finder, and the finder's facet lists."""

from __future__ import annotations

import html
from typing import Any
from urllib.parse import urlsplit

from django import template
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.templatetags.l10n import unlocalize
from django.urls import Resolver404, resolve
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from home.i18n import list_separator
from offers_directory import bidi
from offers_directory.formatting import format_distance
from offers_directory.templatetags.offer_text_tags import german_only, german_only_note, text_attrs

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


def _escaped(value: object) -> str:
    """conditional_escape without the cost of its lazy-string wrapper, which the loops below
    call a dozen times per offer or facet value."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


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
        label = _escaped(item["label"])
        if german:
            label = f'<span lang="de">{label}</span>'
        checked = " checked" if item["selected"] else ""
        disabled = " disabled" if not item["count"] and not item["selected"] else ""
        parts.append(
            f'\n        <li><input type="checkbox" id="facet-{name}-{number}" name="{name}" '
            f'value="{_escaped(item["value"])}"{checked}{disabled}>\n'
            f'            <label for="facet-{name}-{number}">{label} <span class="facet__count">'
            f'<span class="visually-hidden">(</span>{item["count"]}<span class="visually-hidden"> '
            f"{offers})</span></span></label></li>\n        "
        )
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


@register.simple_tag
def result_items(results: list[dict[str, Any]]) -> SafeString:
    """The result list's items (finder/includes/results.html), one per offer as
    finder.views._format_results gives it. Written here for the reason facet_items is: the
    template loop's thirty-odd nodes per offer took 7.5 of the finder page's 12 ms of rendering
    (20 offers, measured at 10,000), the largest share of what the page adds to its search."""
    labels = {
        "reaches": conditional_escape(_("comes to you")),
        "office": conditional_escape(_("(office)")),
        "withheld": conditional_escape(_("Address on request")),
        "free": conditional_escape(pgettext("badge", "free of charge")),
        "opening": conditional_escape(_("Opening hours")),
        "type": conditional_escape(_("Type")),
        "languages": conditional_escape(_("Languages")),
    }
    return mark_safe(  # noqa: S308 - _result_item escapes every value it writes
        "".join(_result_item(offer, labels) for offer in results)
    )


_META_BREAK = "\n                "


def _listed(term: str, values: list[str] | None) -> str:
    """One term of the entry's description list with its values, "" without values."""
    if not values:
        return ""
    items = list_separator().join(_escaped(v) for v in values)
    return f"<div><dt>{term}</dt><dd>{items}</dd></div>"


def _result_item(offer: dict[str, Any], labels: dict[str, str]) -> str:
    offer_id = _escaped(offer["id"])
    title = _escaped(offer.get("title"))
    url = offer.get("detail_url")
    language = offer.get("text_language")
    attrs = text_attrs(language)
    place = offer.get("nearest_location")
    coordinates = address = distance = reaches = free = summary = ""
    if place:
        coordinates = (
            f' data-lat="{_escaped(unlocalize(place["latitude"]))}"'
            f' data-lon="{_escaped(unlocalize(place["longitude"]))}"'
        )
        street = place.get("address")
        shown = (
            _escaped(street)
            if street
            else f"{_escaped(place.get('postal_code'))} {_escaped(place.get('city'))}"
        )
        withheld = f" · {labels['withheld']}" if place.get("address_withheld") else ""
        address = (
            f'<span class="offer-result__address"><bdi dir="ltr">{shown}</bdi>{withheld}</span>'
        )
    if offer.get("reaches_you"):
        reaches = f'<span class="offer-result__reaches">{labels["reaches"]}</span>'
    if offer.get("distance_km") is not None:
        office = f" {labels['office']}" if offer.get("reaches_you") else ""
        # The API's label for the distance, so page and API say the same.
        label = offer.get("distance_label") or format_distance(offer["distance_km"])
        distance = f'<span class="offer-result__distance">{_escaped(label)}{office}</span>'
    if offer.get("free"):
        free = f'<span class="badge badge--free">{labels["free"]}</span>'
    if offer.get("summary"):
        summary = f'<p class="offer-result__summary"{attrs}>{_escaped(offer["summary"])}</p>'
    note = german_only_note("offer-result__german-only") if german_only(language) else ""
    verified = (
        render_to_string(
            "offers_directory/includes/verified_on.html",
            {"day": offer.get("verified_date"), "stale": True},
        )
        if offer.get("stale")
        else ""
    )
    opening = offer.get("opening")
    open_class = "is-open" if opening and opening.get("open_now") else ""
    meta = [
        f'<div><dt>{labels["opening"]}</dt><dd class="{open_class}">'
        f"{bidi.isolates_html(opening.get('label'))}</dd></div>"
        if opening
        else "",
        _listed(labels["type"], offer.get("category_labels")),
        _listed(labels["languages"], offer.get("language_labels")),
    ]
    heading = f'<a href="{_escaped(url)}">{title}</a>' if url else title
    return (
        f'\n        <li class="offer-result" id="offer-{offer_id}" data-offer-id="{offer_id}"'
        f"{coordinates}>"
        f'\n            <h3 class="offer-result__title"{attrs}>{heading}</h3>'
        f'\n            <p class="offer-result__facts">'
        f"\n                {reaches}\n                {distance}"
        f"\n                {address}\n                {free}"
        f"\n            </p>\n            {summary}\n            {note}\n            {verified}"
        f'\n            <dl class="offer-result__meta">'
        f"\n                {_META_BREAK.join(meta)}"
        f"\n            </dl>\n        </li>\n        "
    )
