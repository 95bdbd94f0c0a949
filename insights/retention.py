"""How long the zero-result counters live: INSIGHTS["RETENTION_DAYS"] (90) days."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone

from .models import UnmetSearch


def retention_days() -> int:
    return int((getattr(settings, "INSIGHTS", None) or {}).get("RETENTION_DAYS", 90))


def first_kept_day(today: datetime.date | None = None) -> datetime.date:
    """The oldest day still kept (and shown): today and the days before it, RETENTION_DAYS
    in all."""
    return (today or timezone.localdate()) - datetime.timedelta(days=retention_days() - 1)


def purge(today: datetime.date | None = None) -> int:
    """Delete the counters older than the retention period; returns how many."""
    deleted, _by_model = UnmetSearch.objects.filter(day__lt=first_kept_day(today)).delete()
    return deleted
