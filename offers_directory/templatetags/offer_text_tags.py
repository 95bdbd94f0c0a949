"""An offer's title and summary in the visitor's language (offers_directory.models.translations):
the language attributes of a text that is in another language than the page, and the note
that an offer is only available in German."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext as _

from ..models.translations import CONTENT_LANGUAGE, OfferText

register = template.Library()


def page_language() -> str:
    return (get_language() or CONTENT_LANGUAGE).split("-")[0]


@register.simple_tag
def text_attrs(language: str) -> SafeString:
    """` lang="ar" dir="rtl"`: the language of an offer's text, said on every page but the
    German ones (where all content is German), so a German text inside an Arabic page is read
    and laid out as German, and a translation is marked as what it is."""
    if not language or language == CONTENT_LANGUAGE == page_language():
        return SafeString("")
    direction = "rtl" if get_language_info(language)["bidi"] else "ltr"
    return format_html(' lang="{}" dir="{}"', language, direction)


@register.simple_tag
def offer_text(offer: Any) -> OfferText:
    """An offer page's title and summary in the page's language where translated."""
    return offer.text_in(page_language())


@register.filter
def german_only(language: str) -> bool:
    """Whether a text in `language` is German shown to a visitor of another language."""
    return language == CONTENT_LANGUAGE and page_language() != CONTENT_LANGUAGE


@register.simple_tag
def german_only_note(css_class: str = "german-only") -> SafeString:
    return format_html('<p class="{}">{}</p>', css_class, _("Only available in German"))
