"""Background geocoding of event venues, with the offer directory's geocoder (offline
gazetteer, Nominatim or Photon, as configured in OFFERS_DIRECTORY) and the same rules as
offer locations: never inside `save()`, never raising into the editor's request.

Saving an event in the admin and publishing it (admin, workflow, scheduled publishing)
schedule `geocode_event_venue` once the transaction has committed (wagtail_hooks.py,
apps.py). The task works on both copies Wagtail keeps: the database row (what visitors see)
and the latest revision (what the editor's form shows), so coordinates found for a draft reach
the live page when it is published. A result is written only while the address is still the
one that was looked up (a conditional UPDATE), so a concurrent edit always wins.

A transient failure (`GeocoderUnavailable`) leaves the venue "pending" for
`manage.py geocode_events`; nothing found sets "failed" and drops coordinates that belonged
to an earlier address; coordinates an editor set by hand ("manual") are never touched. The
rules and the writing are the offer locations' own (offers_directory.tasks.geocode_places)."""

from __future__ import annotations

from typing import Any

from django.db import models

from django_tasks import task

from offers_directory.models import GeocodeStatus
from offers_directory.tasks import (
    GeocodeReport,
    enqueue_after_commit,
    geocode_places,
    latest_draft,
)


def geocode_event(page_id: int, *, retry_failed: bool = False) -> GeocodeReport:
    """Geocode the venue of one event (live row and latest revision) if it needs it."""
    from .models import EventPage

    page = EventPage.objects.filter(pk=page_id).first()
    if page is None:
        return GeocodeReport()
    draft = latest_draft(page)
    return geocode_places(
        EventPage,
        [page],
        [draft] if draft is not None else [],
        page.latest_revision,
        lambda content: [content],
        retry_failed=retry_failed,
    )


@task()
def geocode_event_venue(page_id: int) -> dict[str, Any]:
    """The background task behind every save and publish of an event."""
    return geocode_event(page_id).as_dict()


def enqueue_venue_geocoding(page_id: int) -> None:
    """Schedule geocoding of an event's venue once the current transaction commits."""
    enqueue_after_commit(lambda: geocode_event_venue.enqueue(page_id), f"event {page_id}")


def pending_event_ids(*, retry_failed: bool = False) -> list[int]:
    from .models import EventPage

    statuses = [GeocodeStatus.PENDING] + ([GeocodeStatus.FAILED] if retry_failed else [])
    # A draft's venue lives in its revision; the task decides whether it needs a lookup.
    due = models.Q(geocode_status__in=statuses, manual_pin=False) | models.Q(
        has_unpublished_changes=True
    )
    return list(EventPage.objects.filter(due).order_by("pk").values_list("pk", flat=True))
