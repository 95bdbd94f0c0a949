"""Highlighting of the visitor's search terms in result titles and excerpts. Done here rather
than by the backend so the Elasticsearch and the database backend show the same thing."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from wagtail.search import index

EXCERPT_LENGTH = 240
# Context shown before the first hit, so the excerpt starts mid-sentence only when needed.
LEAD_IN = 60
MIN_TERM_LENGTH = 2


def query_terms(query: str) -> list[str]:
    """Distinct words of the query, longest first (so 'Netzwerktag' wins over 'Netz')."""
    seen: dict[str, str] = {}
    for word in re.findall(r"\w[\w\-]*", query):
        if len(word) >= MIN_TERM_LENGTH:
            seen.setdefault(word.casefold(), word)
    return sorted(seen.values(), key=len, reverse=True)


def _pattern(terms: Iterable[str]) -> re.Pattern[str] | None:
    terms = list(terms)
    if not terms:
        return None
    # A term matches at the start of a word: "Hilfe" marks "Hilfen", not "Nachhilfe".
    return re.compile(r"(?<!\w)(" + "|".join(re.escape(t) for t in terms) + r")", re.IGNORECASE)


def highlight(text: str, terms: Iterable[str]) -> SafeString:
    """Escape `text` and wrap each occurrence of a term in <mark>."""
    pattern = _pattern(terms)
    if pattern is None:
        return mark_safe(escape(text))  # noqa: S308
    parts: list[str] = []
    position = 0
    for match in pattern.finditer(text):
        parts.append(escape(text[position : match.start()]))
        parts.append(f"<mark>{escape(match.group(0))}</mark>")
        position = match.end()
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))  # noqa: S308


def _flatten(value) -> Iterable[str]:
    if value is None:
        return
    if isinstance(value, str):
        yield value
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _flatten(item)
    else:
        yield str(value)


def searchable_text(page) -> str:
    """The page's own text (description, teaser, body …) as plain text, without the title."""
    chunks: list[str] = []
    if getattr(page, "search_description", ""):
        chunks.append(page.search_description)
    for field in type(page).get_search_fields():
        if not isinstance(field, index.SearchField) or field.field_name == "title":
            continue
        try:
            value = field.get_value(page)
        except Exception:  # noqa: BLE001 - a field that cannot be read just shows no excerpt
            continue
        chunks.extend(_flatten(value))
    # Search field values are text already (Wagtail extracts the text of rich text and
    # StreamFields for indexing); a "<" in a teaser is a character, not markup.
    text = " ".join(chunk for chunk in chunks if chunk)
    return re.sub(r"\s+", " ", text).strip()


def excerpt(text: str, terms: Iterable[str], length: int = EXCERPT_LENGTH) -> SafeString:
    """A window of the text around the first hit, highlighted."""
    terms = list(terms)
    pattern = _pattern(terms)
    match = pattern.search(text) if pattern else None
    start = max(0, match.start() - LEAD_IN) if match else 0
    if start:
        # Begin at a word boundary.
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < (match.start() if match else len(text)) else start
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    snippet = text[start:end]
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + highlight(snippet, terms) + suffix)  # noqa: S308
