"""Counting searches that found nothing (the receiver of search.offers.engines'
`search_answered`).

Only a visitor's first page counts, and only a real search: words, a place or a filter (a
bare map pan does not). What is kept is reduced before it is stored: the words folded and
sorted (search/analysis.py; a word with a digit, such as a house or phone number, is
dropped), the place only as its postcode area (the first three digits of the nearest
postcode, whether the visitor typed a postcode, a name or used "my location"), the filters
as one sorted string, and the region the place (or a single region filter) lies in. The
request itself — address, browser, cookies, session — is never looked at."""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from home.models import RegionPage
from offers_directory.geocoding.gazetteer import get_gazetteer
from search import analysis
from search.offers.documents import age_groups
from search.offers.labels import offer_labels
from search.offers.params import MAX_QUERY_WORDS, SearchParams
from search.params import Place

from .models import FILTERS_CHARS, WORDS_CHARS, UnmetSearch
from .regions import RegionMap
from .retention import purge

AREA_DIGITS = 3
# Filters kept, as the search's own parameter names (bbox, sort and radius are how a
# visitor looks, not what they look for).
FILTER_FIELDS = ("category", "language", "age_group", "free", "accessible", "region", "provider")
_POSTCODE = re.compile(r"^(\d{5})\b")


def normalised_words(q: str) -> str:
    """Folded words without stopwords and digits, each once, sorted: "Hebamme in Winsen"
    and "winsen hebamme" are one search."""
    kept = {
        word
        for word in analysis.words(q)
        if word not in analysis.STOPWORDS and not any(ch.isdigit() for ch in word)
    }
    text = " ".join(sorted(kept)[:MAX_QUERY_WORDS])
    return text[:WORDS_CHARS].rsplit(" ", 1)[0] if len(text) > WORDS_CHARS else text


def filter_key(params: SearchParams) -> str:
    """The chosen filters as "name=value,value;…", sorted, values of the vocabularies only; a
    child's age in months becomes its age group."""
    known = offer_labels.get()
    chosen: dict[str, set[str]] = {}
    for name in FILTER_FIELDS:
        # Only values of the vocabularies: any other text a visitor typed into the address
        # (it finds nothing either) is neither kept nor shown.
        values = {v for v in params.facet_selection(name) if v in known.get(name, {})}
        if values:
            chosen[name] = values
    if params.age_months is not None:
        chosen.setdefault("age_group", set()).update(
            age_groups(params.age_months, params.age_months, False)
        )
    if params.pregnant:
        chosen.setdefault("age_group", set()).add("pregnancy")
    text = ";".join(f"{name}={','.join(sorted(chosen[name]))}" for name in sorted(chosen))
    return text[:FILTERS_CHARS]


def postcode_of(place: Place) -> str:
    """The postcode a place was named by, else the one nearest to it ("" far outside)."""
    match = _POSTCODE.match(place.label)
    if match:
        return match[1]
    return get_gazetteer().nearest_postcode(place.latitude, place.longitude) or ""


def _region(params: SearchParams, postcode: str) -> RegionPage | None:
    if params.place is not None:
        return RegionMap.load().region_at(params.place.latitude, params.place.longitude, postcode)
    if len(params.region) == 1:
        return RegionPage.objects.filter(slug=params.region[0]).first()
    return None


def unmet_key(params: SearchParams) -> dict[str, Any] | None:
    """What a search that found nothing is counted under, or None when it is no real search."""
    words = normalised_words(params.q)
    filters = filter_key(params)
    if not (words or filters or params.place is not None):
        return None
    postcode = postcode_of(params.place) if params.place is not None else ""
    return {
        "words": words,
        "postcode_area": postcode[:AREA_DIGITS],
        "filters": filters,
        "region": _region(params, postcode),
    }


def count_unmet(key: dict[str, Any]) -> None:
    """Add one to today's counter of this key."""
    day = timezone.localdate()
    # A savepoint: whatever goes wrong here must not spoil the request's transaction.
    with transaction.atomic():
        counters = UnmetSearch.objects.filter(day=day, **key)
        if not counters.update(count=F("count") + 1):
            UnmetSearch.objects.create(day=day, count=1, **key)
            # The first counter of a key each day also clears what is past its retention,
            # so nothing outlives it even where the daily purge_search_log is not set up.
            purge(day)


def record_search(
    sender: Any, params: SearchParams, response: dict[str, Any], **kwargs: Any
) -> None:
    if response.get("count") != 0 or params.page != 1:
        return
    key = unmet_key(params)
    if key is not None:
        count_unmet(key)
