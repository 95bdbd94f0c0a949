"""Matching details computed in Python for both engines: which document terms a query
matched (exact or within the typo distance) and highlighted fields built from them. Doing
this in Python marks the original word ("Familienhebammen") for the query "Hebamme" — the
analysed terms in the index would only let Elasticsearch mark the stored terms."""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterable

from . import analysis
from .queries import fuzziness

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
SNIPPET_CHARS = 220


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (transpositions count one edit), cut off past
    `limit` — the distance Elasticsearch's fuzzy query uses."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        best = current[0]
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
            best = min(best, value)
        if best > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[len(b)]


def fuzzy_matches(term: str, candidates: Iterable[str]) -> set[str]:
    edits = fuzziness(term)
    if not edits:
        return set()
    # prefix_length 1, as in the Elasticsearch query: typos in the first letter are rare
    # and allowing them makes matching much less precise.
    return {c for c in candidates if c[:1] == term[:1] and edit_distance(term, c, edits) <= edits}


def group_matches(group: frozenset[str], terms: set[str]) -> tuple[set[str], bool]:
    """(matched document terms, exact?) for one query word."""
    exact = group & terms
    if exact:
        return set(exact), True
    fuzzy: set[str] = set()
    for term in group:
        fuzzy |= fuzzy_matches(term, terms)
    return fuzzy, False


def matched_terms(groups: list[frozenset[str]], terms: set[str]) -> set[str] | None:
    """The document terms the query matched, or None when some query word has no match."""
    found: set[str] = set()
    for group in groups:
        matched, _exact = group_matches(group, terms)
        if not matched:
            return None
        found |= matched
    return found


@functools.lru_cache(maxsize=50_000)
def _word_terms(word: str) -> frozenset[str]:
    # Offer texts repeat the same words endlessly; analysing each once keeps highlighting
    # a page of results cheap.
    return frozenset(analysis.analyze(word))


def _mark(text: str, matched: set[str]) -> tuple[str, int | None]:
    """Escaped text with matching words in <mark>, and the offset of the first match."""
    out: list[str] = []
    first: int | None = None
    last = 0
    for found in _WORD.finditer(text):
        word = found.group(0)
        if _word_terms(word) & matched:
            out.append(html.escape(text[last : found.start()]))
            out.append(f"<mark>{html.escape(word)}</mark>")
            last = found.end()
            if first is None:
                first = found.start()
    out.append(html.escape(text[last:]))
    return "".join(out), first


def highlights(doc: dict, matched: set[str]) -> dict[str, str]:
    """Highlighted title, summary and a description snippet, where the query matched."""
    result: dict[str, str] = {}
    if not matched:
        return result
    for name in ("title", "summary"):
        text = doc.get(name) or ""
        marked, first = _mark(text, matched)
        if first is not None:
            result[name] = marked
    description = doc.get("description") or ""
    if description:
        _marked, first = _mark(description, matched)
        if first is not None:
            start = max(0, first - SNIPPET_CHARS // 3)
            # Start the snippet at a word boundary.
            if start:
                space = description.find(" ", start)
                start = space + 1 if 0 <= space < first else start
            piece = description[start : start + SNIPPET_CHARS]
            marked, _ = _mark(piece, matched)
            prefix = "… " if start else ""
            suffix = " …" if start + SNIPPET_CHARS < len(description) else ""
            result["description"] = f"{prefix}{marked}{suffix}"
    return result
