"""The search words in a result's title, summary and description, marked with <mark>.

The engine says what matched (`Match`): Elasticsearch by the named clauses of its query
(`exact:<term>`, `fuzzy:<term>`, see queries.py), the database engine by its own term
matching. A word of the text is marked when one of its analysed terms matched exactly, or is
within the typo distance of a query term that matched only as a typo. Each word's analysis
and each typo comparison is cached across requests, and so are the marked texts (the same
offers come back for the same words), so a page of results costs dictionary lookups, not a
re-analysis. Marking the original word ("Familienhebammen" for the query "Hebamme") is
why this is done here: Elasticsearch's highlighter would only know the stored terms."""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass

from .. import analysis

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
SNIPPET_CHARS = 220


@dataclass(frozen=True)
class Match:
    """What a document matched: its terms that matched a query term exactly, and the query
    terms it matched only within the typo distance."""

    terms: frozenset[str] = frozenset()
    fuzzy: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.terms or self.fuzzy)

    @classmethod
    def from_named(cls, groups: Iterable[frozenset[str]], names: Iterable[str]) -> Match:
        """From the names of the clauses Elasticsearch says matched (per query word: its
        exact terms if any matched, else its terms that matched as a typo)."""
        matched = set(names)
        terms: set[str] = set()
        fuzzy: set[str] = set()
        for group in groups:
            exact = {t for t in group if f"exact:{t}" in matched}
            if exact:
                terms |= exact
            else:
                fuzzy |= {t for t in group if f"fuzzy:{t}" in matched}
        return cls(frozenset(terms), frozenset(fuzzy))


NO_MATCH = Match()


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


@functools.lru_cache(maxsize=200_000)
def is_typo_of(term: str, candidate: str) -> bool:
    """Whether `candidate` is within the typo distance of the query term `term` (prefix
    length 1, as in the Elasticsearch query: first-letter typos are rare, and allowing them
    makes matching much less precise)."""
    edits = analysis.fuzziness(term)
    return (
        bool(edits) and candidate[:1] == term[:1] and edit_distance(term, candidate, edits) <= edits
    )


def fuzzy_matches(term: str, candidates: Iterable[str]) -> set[str]:
    return {c for c in candidates if is_typo_of(term, c)}


@functools.lru_cache(maxsize=50_000)
def _word_terms(word: str) -> frozenset[str]:
    # Offer texts repeat the same words endlessly; each is analysed once.
    return frozenset(analysis.analyze(word))


@functools.lru_cache(maxsize=50_000)
def _marks(word: str, match: Match) -> bool:
    terms = _word_terms(word)
    if terms & match.terms:
        return True
    return any(is_typo_of(q, t) for q in match.fuzzy for t in terms)


def _first(text: str, match: Match) -> int | None:
    """The offset of the first word to mark, or None."""
    for found in _WORD.finditer(text):
        if _marks(found.group(0), match):
            return found.start()
    return None


@functools.lru_cache(maxsize=4096)
def _mark(text: str, match: Match) -> str | None:
    """Escaped text with matching words in <mark>; None when nothing matches. Titles and
    summaries recur in answer after answer, so the marked text is kept."""
    out: list[str] = []
    last = 0
    for found in _WORD.finditer(text):
        word = found.group(0)
        if _marks(word, match):
            out.append(html.escape(text[last : found.start()]))
            out.append(f"<mark>{html.escape(word)}</mark>")
            last = found.end()
    if not out:
        return None
    out.append(html.escape(text[last:]))
    return "".join(out)


@functools.lru_cache(maxsize=4096)
def _snippet(description: str, match: Match) -> str | None:
    """About SNIPPET_CHARS of the description around its first match, marked."""
    first = _first(description, match)
    if first is None:
        return None
    start = max(0, first - SNIPPET_CHARS // 3)
    # Start the snippet at a word boundary.
    if start:
        space = description.find(" ", start)
        start = space + 1 if 0 <= space < first else start
    marked = _mark(description[start : start + SNIPPET_CHARS], match)
    prefix = "… " if start else ""
    suffix = " …" if start + SNIPPET_CHARS < len(description) else ""
    return f"{prefix}{marked}{suffix}"


def highlights(match: Match, title: str, summary: str, description: str) -> dict[str, str]:
    """Highlighted title, summary and a description snippet, where the query matched."""
    result: dict[str, str] = {}
    if not match:
        return result
    for name, text in (("title", title), ("summary", summary)):
        marked = _mark(text, match)
        if marked is not None:
            result[name] = marked
    snippet = _snippet(description, match)
    if snippet is not None:
        result["description"] = snippet
    return result
