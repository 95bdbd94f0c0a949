"""The language switch and language names for the public site.

The switch links to the *same* page in each language (home/i18n.py swaps the language prefix
of the path)."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django import template
from django.conf import settings
from django.conf.locale import LANG_INFO
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, get_language_bidi

from home.i18n import list_separator, path_in_language
from home.translations import UIText, translated_field
from offers_directory.languages import language_names

register = template.Library()

_RTL = {"ar", "fa", "he", "ps", "ur", "ckb", "ug", "yi", "dv", "ku-arab"}


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    url: str
    is_current: bool
    bidi: bool


@register.simple_tag(takes_context=True)
def language_links(context) -> list[LanguageLink]:
    """One link per configured language to the page being shown, query string kept (the
    finder's state lives in it)."""
    request = context.get("request")
    current = get_language() or settings.LANGUAGE_CODE
    path = request.path if request is not None else "/"
    query = request.META.get("QUERY_STRING", "") if request is not None else ""
    links = []
    for code, name in settings.LANGUAGES:
        url = path_in_language(path, code, current)
        if query:
            url = f"{url}?{query}"
        links.append(
            LanguageLink(
                code=code,
                name=name,
                url=url,
                is_current=code == current,
                bidi=LANG_INFO.get(code, {}).get("bidi", False),
            )
        )
    return links


@register.simple_tag
def language_label(code: str) -> SafeString:
    """'Arabisch (العربية)' on a German page, 'Arabic (العربية)' on an English one; the name in
    the language itself carries its own `lang` (and `dir`), so screen readers pronounce it."""
    translated, local = language_names(code)
    if code == get_language() or translated == local:
        return format_html('<span lang="{}">{}</span>', code, local)
    direction = "rtl" if code in _RTL else "ltr"
    page_direction = "rtl" if get_language_bidi() else "ltr"
    if direction == page_direction:
        return format_html('{} (<span lang="{}">{}</span>)', translated, code, local)
    return format_html('{} (<bdi lang="{}" dir="{}">{}</bdi>)', translated, code, direction, local)


@register.filter
def in_language(url: str, code: str) -> str:
    """A site path in another language, e.g. the Leichte Sprache page always in German."""
    return path_in_language(url, code)


@register.simple_tag
def ui_text(page, field: str) -> UIText:
    """A structure page's `field` in the visitor's language; `{% ui_text page "title" as t %}`,
    then `lang="{{ t.lang }}"` on its element when `t.lang` is set (a German fallback)."""
    return translated_field(page, field)


@register.simple_tag(name="list_separator")
def list_separator_tag() -> str:
    """Between the items of a list written in a loop:
    `{% if not forloop.last %}{% list_separator %}{% endif %}`."""
    return list_separator()


@register.filter(needs_autoescape=True)
def as_list(values: Iterable[Any], autoescape: bool = True) -> SafeString:
    """The values joined as the active language writes a list (`join` with its separator)."""
    escape = conditional_escape if autoescape else str
    return mark_safe(list_separator().join(escape(value) for value in values))  # noqa: S308
