"""The next opening time of offers, from their structured weekly opening hours
(offers_directory.OfferSchedule: weekday, opens_at, closes_at)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from offers_directory.bidi import ltr
from offers_directory.models import OfferSchedule

# RFC 5545 BYDAY codes in Python's weekday() order.
WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
# Translated when a label needs one: a result list labels twenty offers per page.
WEEKDAY_NAMES = [
    gettext_noop("Monday"),
    gettext_noop("Tuesday"),
    gettext_noop("Wednesday"),
    gettext_noop("Thursday"),
    gettext_noop("Friday"),
    gettext_noop("Saturday"),
    gettext_noop("Sunday"),
]


@dataclass(frozen=True)
class Opening:
    """Either open right now (until `closes`) or opening at `opens` (a local datetime)."""

    open_now: bool
    opens: datetime.datetime
    closes: datetime.datetime | None

    def label(self, now: datetime.datetime) -> str:
        if self.open_now:
            if self.closes is None:
                return _("Open now")
            return _("Open now until %(time)s") % {"time": ltr(self.closes.strftime("%H:%M"))}
        days = (self.opens.date() - now.date()).days
        time = ltr(self.opens.strftime("%H:%M"))
        if days == 0:
            return _("Opens today at %(time)s") % {"time": time}
        if days == 1:
            return _("Opens tomorrow at %(time)s") % {"time": time}
        weekday = _(WEEKDAY_NAMES[self.opens.weekday()])
        return _("Opens %(weekday)s at %(time)s") % {"weekday": weekday, "time": time}


def next_opening(
    slots: Iterable[tuple[str, datetime.time | None, datetime.time | None]],
    now: datetime.datetime,
) -> Opening | None:
    """The opening that is running at `now` or comes next within a week. Slots without an
    opening time say nothing about when the offer opens, so they are ignored."""
    best: Opening | None = None
    for weekday, opens_at, closes_at in slots:
        if opens_at is None or weekday not in WEEKDAYS:
            continue
        ahead = (WEEKDAYS.index(weekday) - now.weekday()) % 7
        for days in (ahead, ahead + 7):
            day = now.date() + datetime.timedelta(days=days)
            opens = datetime.datetime.combine(day, opens_at, tzinfo=now.tzinfo)
            closes = (
                datetime.datetime.combine(day, closes_at, tzinfo=now.tzinfo) if closes_at else None
            )
            if opens <= now and closes is not None and now < closes:
                return Opening(True, opens, closes)
            if opens > now:
                if best is None or opens < best.opens:
                    best = Opening(False, opens, closes)
                break
    return best


def next_openings(
    offer_ids: Iterable[int], now: datetime.datetime | None = None
) -> dict[int, dict[str, object]]:
    """offer id → {"open_now", "label", "datetime"} for the offers that have opening hours;
    one query for all of them."""
    now = timezone.localtime(now)
    slots: dict[int, list[tuple[str, datetime.time | None, datetime.time | None]]] = {}
    rows = OfferSchedule.objects.filter(page_id__in=list(offer_ids)).values_list(
        "page_id", "weekday", "opens_at", "closes_at"
    )
    for page_id, weekday, opens_at, closes_at in rows:
        slots.setdefault(page_id, []).append((weekday, opens_at, closes_at))
    result: dict[int, dict[str, object]] = {}
    for page_id, offer_slots in slots.items():
        opening = next_opening(offer_slots, now)
        if opening is not None:
            result[page_id] = {
                "open_now": opening.open_now,
                "label": opening.label(now),
                "datetime": opening.opens.isoformat(),
            }
    return result
