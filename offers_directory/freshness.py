"""How fresh an offer's data is, the one place that decides it.

An offer's data were last verified on its review date (`last_reviewed`, HSDS `assured_date`);
an offer never reviewed counts from the day it was first published (whoever entered it checked
it then). Older than `OFFERS_DIRECTORY["REVIEW_WINDOW_DAYS"]`: stale — it needs attention and
ranks lower in the search. Older than `["HIDE_AFTER_DAYS"]`: hidden from the public (search,
map, offer page, sitemap, HSDS API, printed guides, Merkliste) until someone verifies it.

Time passes without any save, so every surface compares the date with today's limits when it
is asked (`limits()`), never a flag stored when the offer was saved."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils import timezone

from .conf import get_setting


@dataclass(frozen=True)
class Limits:
    """Verified before `stale_before`: stale; before `hidden_before`: hidden."""

    stale_before: datetime.date
    hidden_before: datetime.date


def limits(today: datetime.date | None = None) -> Limits:
    today = today or timezone.localdate()
    window = int(get_setting("REVIEW_WINDOW_DAYS"))
    hide = max(window, int(get_setting("HIDE_AFTER_DAYS")))
    return Limits(
        stale_before=today - datetime.timedelta(days=window),
        hidden_before=today - datetime.timedelta(days=hide),
    )


def verified_on(page: Any) -> datetime.date | None:
    """The day the offer's data were last verified (None: a draft never reviewed)."""
    if page.last_reviewed is not None:
        return page.last_reviewed
    if page.first_published_at is not None:
        return timezone.localdate(page.first_published_at)
    return None


def _verified_before(day: datetime.date) -> Q:
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    return Q(last_reviewed__lt=day) | Q(last_reviewed__isnull=True, first_published_at__lt=start)


def stale_q(today: datetime.date | None = None) -> Q:
    """Offers (OfferPage rows) not verified within the review window; a draft never
    reviewed is overdue too."""
    return _verified_before(limits(today).stale_before) | Q(
        last_reviewed__isnull=True, first_published_at__isnull=True
    )


def hidden_q(today: datetime.date | None = None) -> Q:
    """Offers hidden from the public for want of verification."""
    return _verified_before(limits(today).hidden_before)


def is_stale(page: Any, today: datetime.date | None = None) -> bool:
    day = verified_on(page)
    return day is None or day < limits(today).stale_before


def is_hidden(page: Any, today: datetime.date | None = None) -> bool:
    day = verified_on(page)
    return day is not None and day < limits(today).hidden_before


def mark_reviewed(page: Any, day: datetime.date, user: Any = None) -> None:
    """Set the review date on the live row and in the latest revision without publishing
    anybody's pending draft, and tell the search (`offers_reviewed`): no publish event
    happens, yet the offer's rank and visibility change."""
    from wagtail.models import PageLogEntry

    from .models import OfferPage
    from .signals import offers_reviewed

    OfferPage.objects.filter(pk=page.pk).update(last_reviewed=day)
    page.last_reviewed = day
    revision = page.latest_revision
    if revision is not None and isinstance(revision.content, dict):
        revision.content["last_reviewed"] = day.isoformat()
        revision.save(update_fields=["content"])
    PageLogEntry.objects.log_action(
        instance=page, action="offers_directory.mark_reviewed", user=user
    )
    offers_reviewed.send(sender=OfferPage, page_ids=[page.pk])
