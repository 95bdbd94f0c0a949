"""The unmet searches as the dashboard shows them: the counters of the retention period
summed per search (words, postcode area, filters, region), the most frequent first, and per
postcode area and category."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Q, Sum

from home.models import RegionPage

from .models import SearchHint, UnmetSearch
from .retention import first_kept_day

TOP = 50
NO_CATEGORY = ""


@dataclass
class UnmetRow:
    words: str
    postcode_area: str
    filters: str
    region: RegionPage | None
    count: int
    answers: list[SearchHint] = field(default_factory=list)

    @property
    def area_label(self) -> str:
        return f"{self.postcode_area}xx" if self.postcode_area else ""

    @property
    def key(self) -> str:
        """The words the answer form carries (the hint is made of the words alone)."""
        return self.words


def min_searches_shown() -> int:
    """How often words must have been searched to be listed: a search made once may carry a
    name or other personal details the family typed (INSIGHTS["MIN_SEARCHES_SHOWN"], 2)."""
    return int((getattr(settings, "INSIGHTS", None) or {}).get("MIN_SEARCHES_SHOWN", 2))


def counters(regions: list[RegionPage], *, unassigned: bool) -> Any:
    """The kept counters of these regions (and, for `unassigned`, those of no region)."""
    where = Q(region__in=regions)
    if unassigned:
        where |= Q(region__isnull=True)
    return UnmetSearch.objects.filter(where, day__gte=first_kept_day())


def top_unmet(regions: list[RegionPage], *, unassigned: bool, limit: int = TOP) -> list[UnmetRow]:
    by_pk = {region.pk: region for region in regions}
    grouped = (
        counters(regions, unassigned=unassigned)
        .values("words", "postcode_area", "filters", "region")
        .annotate(total=Sum("count"))
        .filter(total__gte=min_searches_shown())
        .order_by("-total", "words", "postcode_area", "filters")[:limit]
    )
    rows = [
        UnmetRow(g["words"], g["postcode_area"], g["filters"], by_pk.get(g["region"]), g["total"])
        for g in grouped
    ]
    hints: dict[str, list[SearchHint]] = defaultdict(list)
    wanted = {row.words for row in rows if row.words}
    for hint in SearchHint.objects.filter(words__in=wanted).select_related("offer"):
        hints[hint.words].append(hint)
    for row in rows:
        row.answers = hints.get(row.words, [])
    return rows


def categories_of(filters: str) -> list[str]:
    """The category codes a stored filter string names."""
    for part in filters.split(";"):
        name, _sep, values = part.partition("=")
        if name == "category":
            return [v for v in values.split(",") if v]
    return []


def by_area_and_category(region: RegionPage) -> dict[str, dict[str, int]]:
    """Postcode area → category code ("" for searches without one) → unmet searches."""
    table: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    grouped = (
        counters([region], unassigned=False)
        .values("postcode_area", "filters")
        .annotate(total=Sum("count"))
    )
    for g in grouped:
        for code in categories_of(g["filters"]) or [NO_CATEGORY]:
            table[g["postcode_area"]][code] += g["total"]
    return {area: dict(codes) for area, codes in sorted(table.items())}
