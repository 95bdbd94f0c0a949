"""„Was passt jetzt?“: the offers that fit a child's age (or a pregnancy) now, and those whose
age window begins within the next weeks, from the offers' age windows.

The server only ever learns an age in whole months (`age_months`) or `pregnant=1` with the
weeks until the birth (`weeks_until_birth`): the page's script turns a due date or a birth
month into those in the browser, and the page without script offers selects of them. The
offers come from the finder's engine with the finder's parameters (place, radius), one search
per month of the window asked about, so place and distance work as in the finder; which
offer fits when is then read from the offers' own age windows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.http import QueryDict
from django.utils.translation import gettext as _

from offers_directory.formatting import format_age_range
from offers_directory.models import OfferPage
from offers_directory.templatetags.offer_text_tags import page_language
from search.offers.engines import get_engine
from search.offers.params import parse_search_params
from search.offers.schemas import MAX_PAGE_SIZE
from search.params import InvalidSearchParams

# "Bald interessant": what starts within this many weeks.
SOON_WEEKS = 12
WEEKS_PER_MONTH = 52 / 12
MAX_WEEKS_UNTIL_BIRTH = 42
# The finder's parameters the timeline passes on (where, how far).
PLACE_PARAMS = ("near", "radius_km", "lat", "lon")


@dataclass(frozen=True)
class Stage:
    """Where the family is: a child of `age_months`, or a pregnancy with `weeks_until_birth`
    left (None when not given)."""

    age_months: int | None = None
    pregnant: bool = False
    weeks_until_birth: int | None = None

    def weeks_until(self, month: int) -> float:
        """Weeks from now until the child is `month` months old."""
        if self.pregnant:
            return (self.weeks_until_birth or 0) + month * WEEKS_PER_MONTH
        return (month - (self.age_months or 0)) * WEEKS_PER_MONTH

    def soon_months(self) -> list[int]:
        """The months of age whose offers begin within SOON_WEEKS."""
        if self.pregnant:
            if self.weeks_until_birth is None:
                return []
            first = 0
        else:
            first = (self.age_months or 0) + 1
        months = []
        month = first
        while self.weeks_until(month) <= SOON_WEEKS:
            months.append(month)
            month += 1
        return months


@dataclass(frozen=True)
class Window:
    """An offer's age window as its editors stated it."""

    min_months: int | None
    max_months: int | None
    during_pregnancy: bool

    @property
    def has_age(self) -> bool:
        return self.min_months is not None or self.max_months is not None

    def contains(self, age_months: int) -> bool:
        return (
            self.has_age
            and (self.min_months or 0) <= age_months
            and (self.max_months is None or age_months <= self.max_months)
        )

    def fits_now(self, stage: Stage) -> bool:
        if stage.pregnant:
            return self.during_pregnancy
        return self.contains(stage.age_months or 0)

    def starts_soon(self, stage: Stage) -> bool:
        """Not yet, but its window opens within SOON_WEEKS."""
        if self.fits_now(stage) or not self.has_age:
            return False
        start = self.min_months or 0
        if not stage.pregnant and start <= (stage.age_months or 0):
            return False  # its window has passed
        return start in stage.soon_months()


@dataclass
class Timeline:
    stage: Stage | None = None
    now: list[dict[str, Any]] = field(default_factory=list)
    soon: list[dict[str, Any]] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)


def parse_stage(data: Any) -> tuple[Stage | None, list[dict[str, Any]]]:
    """The stage from the query (a QueryDict), or None when nothing is entered; errors in the
    finder's shape (field, message)."""
    age = (data.get("age_months") or "").strip()
    pregnant = (data.get("pregnant") or "").strip().lower() in ("1", "true", "ja")
    weeks = (data.get("weeks_until_birth") or "").strip()
    if weeks:
        if not weeks.isdigit() or int(weeks) > MAX_WEEKS_UNTIL_BIRTH:
            return None, [
                {
                    "field": "weeks_until_birth",
                    "message": _("The weeks until the birth must be a number from 0 to %(max)s.")
                    % {"max": MAX_WEEKS_UNTIL_BIRTH},
                }
            ]
        return Stage(pregnant=True, weeks_until_birth=int(weeks)), []
    if pregnant:
        return Stage(pregnant=True), []
    if age:
        # The finder's own validation of the age (range, whole months).
        try:
            params = parse_search_params(_query({"age_months": age}))
        except InvalidSearchParams as error:
            return None, [e.as_dict() for e in error.errors]
        return Stage(age_months=params.age_months), []
    return None, []


def _query(values: dict[str, Any]) -> QueryDict:
    return QueryDict(urlencode(values, doseq=True))


def _search(place: dict[str, list[str]], **filters: Any) -> list[dict[str, Any]]:
    # Titles and summaries in the page's language where editors translated them (as the finder).
    query = {**place, **filters, "page_size": MAX_PAGE_SIZE, "lang": page_language()}
    params = parse_search_params(_query(query))
    return get_engine().search(params)["results"]


def build_timeline(data: Any) -> Timeline:
    """The two lists for the query `data` (a QueryDict with the stage and the finder's place
    parameters); InvalidSearchParams for a bad place comes back as errors."""
    stage, errors = parse_stage(data)
    timeline = Timeline(stage=stage, errors=errors)
    if stage is None:
        return timeline
    place = {name: data.getlist(name) for name in PLACE_PARAMS if data.get(name, "").strip()}
    try:
        if stage.pregnant:
            now = _search(place, pregnant=1)
        else:
            now = _search(place, age_months=stage.age_months)
        soon: dict[int, dict[str, Any]] = {}
        for month in stage.soon_months():
            for result in _search(place, age_months=month):
                soon.setdefault(result["id"], result)
    except InvalidSearchParams as error:
        timeline.errors = [e.as_dict() for e in error.errors]
        return timeline
    windows = {
        row["pk"]: Window(row["min_age_months"], row["max_age_months"], row["during_pregnancy"])
        for row in OfferPage.objects.filter(pk__in=[r["id"] for r in now] + list(soon)).values(
            "pk", "min_age_months", "max_age_months", "during_pregnancy"
        )
    }

    def described(result: dict[str, Any], window: Window) -> dict[str, Any]:
        return {
            **result,
            "age_label": format_age_range(
                window.min_months, window.max_months, window.during_pregnancy
            ),
            "starts_in_weeks": max(0, round(stage.weeks_until(window.min_months or 0))),
        }

    timeline.now = [
        described(r, windows[r["id"]])
        for r in now
        if r["id"] in windows and windows[r["id"]].fits_now(stage)
    ]
    shown = {r["id"] for r in timeline.now}
    timeline.soon = sorted(
        (
            described(r, windows[r["id"]])
            for r in soon.values()
            if r["id"] in windows and r["id"] not in shown and windows[r["id"]].starts_soon(stage)
        ),
        key=lambda r: r["starts_in_weeks"],
    )
    return timeline
