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
to an earlier address; coordinates an editor set by hand ("manual") are never touched."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from django.db import models, transaction

from django_tasks import task

from offers_directory import tasks as offer_tasks
from offers_directory.models import GeocodeStatus

logger = logging.getLogger(__name__)

GEOCODED = (GeocodeStatus.EXACT, GeocodeStatus.APPROXIMATE)


def address_key(street: str, postal_code: str, city: str) -> str:
    """The normalised address; the venue is due for geocoding when it differs from
    `geocoded_address`."""
    parts = (street, postal_code, city, "DE")
    return "|".join(" ".join((part or "").lower().split()) for part in parts)[:255]


@dataclass
class VenueReport:
    geocoded: int = 0
    failed: int = 0
    pending: int = 0
    skipped: int = 0

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


def _values(outcome: offer_tasks.Outcome, key: str) -> dict[str, Any]:
    values: dict[str, Any] = {
        "geocode_status": outcome.status,
        "geocode_message": outcome.message[:255],
    }
    if outcome.transient:
        return values  # geocoded_address stays behind, so the next run tries again
    values["geocoded_address"] = key
    if outcome.status in GEOCODED:
        values["latitude"] = outcome.latitude
        values["longitude"] = outcome.longitude
    else:
        # Coordinates of a previous address would put the event in the wrong place.
        values["latitude"] = values["longitude"] = None
    return values


def _lookup(venue: Any) -> offer_tasks.Outcome:
    probe = SimpleNamespace(
        street=venue.street or "",
        postal_code=venue.postal_code or "",
        city=venue.city or "",
        country="DE",
        address_line=venue.location_text(),
    )
    return offer_tasks.lookup(probe)


def _serialise(values: dict[str, Any]) -> dict[str, Any]:
    return {
        name: str(value) if name == "geocode_status" else value for name, value in values.items()
    }


def geocode_event(page_id: int, *, retry_failed: bool = False) -> VenueReport:
    """Geocode the venue of one event (live row and latest revision) if it needs it."""
    from .models import EventPage

    report = VenueReport()
    page = EventPage.objects.filter(pk=page_id).first()
    if page is None:
        return report
    candidates = [page]
    revision = page.latest_revision
    draft = None
    if revision is not None and (page.has_unpublished_changes or not page.live):
        try:
            draft = revision.as_object()
            candidates.append(draft)
        except Exception:  # an old or broken revision must not stop the live row's geocoding
            logger.warning("Could not read the latest revision of event %s", page_id, exc_info=True)
    outcomes: dict[str, offer_tasks.Outcome] = {}
    for venue in candidates:
        venue.sync_geocode_state()
        if not venue.needs_geocoding(retry_failed=retry_failed):
            report.skipped += 1
            continue
        key = venue.venue_key
        if key not in outcomes:
            outcome = outcomes[key] = _lookup(venue)
            if outcome.status in GEOCODED:
                report.geocoded += 1
            elif outcome.status == GeocodeStatus.FAILED:
                report.failed += 1
            else:
                report.pending += 1
    if not outcomes:
        return report
    with transaction.atomic():
        outcome = outcomes.get(page.venue_key)
        if outcome is not None and not page.manual_pin:
            EventPage.objects.filter(
                pk=page.pk,
                manual_pin=False,
                street=page.street,
                postal_code=page.postal_code,
                city=page.city,
            ).update(**_values(outcome, page.venue_key))
        if draft is not None and revision is not None:
            outcome = outcomes.get(draft.venue_key)
            if outcome is not None and not draft.manual_pin:
                content = revision.content or {}
                content.update(_serialise(_values(outcome, draft.venue_key)))
                revision.content = content
                revision.save(update_fields=["content"])
    return report


@task()
def geocode_event_venue(page_id: int) -> dict[str, int]:
    """The background task behind every save and publish of an event."""
    return geocode_event(page_id).as_dict()


def enqueue_venue_geocoding(page_id: int) -> None:
    """Schedule geocoding of an event's venue once the current transaction commits. Errors
    are logged, never raised: the editor's save has already succeeded."""

    def enqueue() -> None:
        try:
            geocode_event_venue.enqueue(page_id)
        except Exception:
            logger.exception("Could not enqueue geocoding for event %s", page_id)

    transaction.on_commit(enqueue)


def pending_event_ids(*, retry_failed: bool = False) -> list[int]:
    from .models import EventPage

    statuses = [GeocodeStatus.PENDING] + ([GeocodeStatus.FAILED] if retry_failed else [])
    # A draft's venue lives in its revision; the task decides whether it needs a lookup.
    due = models.Q(geocode_status__in=statuses, manual_pin=False) | models.Q(
        has_unpublished_changes=True
    )
    return list(EventPage.objects.filter(due).order_by("pk").values_list("pk", flat=True))
