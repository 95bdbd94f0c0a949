"""Background geocoding of offer locations.

Saving or publishing an offer schedules `geocode_offer_locations` once the transaction has
committed (wagtail_hooks.py); the task never runs inside `Model.save()` and never raises into
the request, so a geocoder outage cannot block or lose a save. The task works on both copies
of a location Wagtail keeps: the database rows (what visitors see) and the latest revision
(what the editor's form shows), matching them by address so a coordinate found for a draft
reaches the live row when the draft is published, and a result for an outdated address is
never written onto a changed one.

Transient failures (`GeocoderUnavailable`) leave the location "pending" and schedule a retry
with back-off (OFFERS_DIRECTORY["GEOCODE_RETRY_DELAYS"]) when the task backend can defer;
the immediate backend cannot, so there the location stays pending for
`manage.py geocode_locations`. Permanent failures (nothing found, unusable input) set
"failed"; a pin set by hand is never touched."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from django_tasks import task

from publishing.after_commit import on_commit_batched

from .conf import get_setting

logger = logging.getLogger(__name__)

Geocoder = Callable[..., Any]

GEOCODE_FIELDS = (
    "latitude",
    "longitude",
    "geocode_status",
    "geocode_message",
    "geocoded_at",
    "geocoded_address",
    "geocode_attempts",
)


@dataclass
class Outcome:
    """What happened to one address."""

    status: str  # a GeocodeStatus value
    latitude: float | None = None
    longitude: float | None = None
    message: str = ""
    transient: bool = False


@dataclass
class GeocodeReport:
    geocoded: int = 0
    approximate: int = 0
    failed: int = 0
    pending: int = 0
    skipped: int = 0
    retry_scheduled: bool = False
    messages: list[str] = field(default_factory=list)
    # Live offers whose location rows got new geocoding results (for the offer search).
    changed_live: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "geocoded": self.geocoded,
            "approximate": self.approximate,
            "failed": self.failed,
            "pending": self.pending,
            "skipped": self.skipped,
            "retry_scheduled": self.retry_scheduled,
        }

    def count(self, outcome: Outcome) -> None:
        from .models import GeocodeStatus

        if outcome.status == GeocodeStatus.EXACT:
            self.geocoded += 1
        elif outcome.status == GeocodeStatus.APPROXIMATE:
            self.geocoded += 1
            self.approximate += 1
        elif outcome.status == GeocodeStatus.FAILED:
            self.failed += 1
        else:
            self.pending += 1


def default_geocoder() -> Geocoder:
    from .geocoding import geocode_address

    return geocode_address


def lookup(location: Any, geocode: Geocoder | None = None) -> Outcome:
    """Ask the geocoder for one location's address. Never raises."""
    from .models import GeocodeStatus

    try:
        from .geocoding import GeocoderUnavailable, GeocodingError
    except ImportError:  # the geocoding package is optional for the models
        GeocoderUnavailable = GeocodingError = _NeverRaised  # noqa: N806

    try:
        geocode = geocode or default_geocoder()
        result = geocode(
            street=location.street or "",
            postal_code=location.postal_code or "",
            city=location.city or "",
            country=location.country or "DE",
        )
    except GeocoderUnavailable as error:
        return Outcome(
            GeocodeStatus.PENDING,
            message=_("Geocoding service unavailable: %(error)s") % {"error": error},
            transient=True,
        )
    except GeocodingError as error:
        return Outcome(GeocodeStatus.FAILED, message=str(error)[:255])
    except ImportError:
        return Outcome(
            GeocodeStatus.PENDING, message=_("No geocoder is installed."), transient=True
        )
    except Exception as error:  # a bug in a geocoder must not break saving
        logger.exception("Geocoding %r failed unexpectedly", location.address_line)
        return Outcome(
            GeocodeStatus.FAILED,
            message=_("Geocoding failed: %(error)s") % {"error": error.__class__.__name__},
        )
    if result is None:
        return Outcome(GeocodeStatus.FAILED, message=_("Address not found."))
    precision = GeocodeStatus.EXACT if result.precision == "exact" else GeocodeStatus.APPROXIMATE
    message = (result.label or "").strip()
    if result.source:
        message = f"{message} ({result.source})" if message else result.source
    return Outcome(
        precision,
        latitude=float(result.latitude),
        longitude=float(result.longitude),
        message=message[:255],
    )


class _NeverRaised(Exception):
    pass


def _values(outcome: Outcome, location: Any, now: datetime.datetime) -> dict[str, Any]:
    from .models import GeocodeStatus

    values: dict[str, Any] = {
        "geocode_status": outcome.status,
        "geocode_message": outcome.message[:255],
        "geocoded_address": location.address_key,
    }
    if outcome.transient:
        values["geocode_attempts"] = min((location.geocode_attempts or 0) + 1, 32767)
        # Keep the address unconfirmed so the next run picks it up again.
        values["geocoded_address"] = location.geocoded_address
        return values
    values["geocoded_at"] = now
    values["geocode_attempts"] = 0
    if outcome.status in (GeocodeStatus.EXACT, GeocodeStatus.APPROXIMATE):
        values["latitude"] = outcome.latitude
        values["longitude"] = outcome.longitude
    elif location.geocoded_address != location.address_key:
        # Coordinates of a previous address would put the pin in the wrong place.
        values["latitude"] = None
        values["longitude"] = None
    return values


def _apply_to_row(location: Any, values: dict[str, Any]) -> bool:
    """Write results onto the database row unless an editor changed the address or set a
    pin meanwhile (a conditional UPDATE, so concurrent saves always win)."""
    from .models import OfferLocation

    updated = OfferLocation.objects.filter(
        pk=location.pk,
        manual_pin=False,
        street=location.street,
        postal_code=location.postal_code,
        city=location.city,
        country=location.country,
    ).update(**values)
    if updated:
        for name, value in values.items():
            setattr(location, name, value)
    return bool(updated)


def _serialise(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    return value


def _patch_revision(page: Any, outcomes: dict[str, Outcome], now: datetime.datetime) -> int:
    """Copy results into the latest revision's locations with the same address, so the
    editor's form shows them and the next publish keeps them."""
    from .models import OfferLocation

    revision = page.latest_revision
    if revision is None:
        return 0
    content = revision.content or {}
    patched = 0
    for data in content.get("locations") or []:
        if data.get("manual_pin"):
            continue
        probe = OfferLocation(
            street=data.get("street") or "",
            postal_code=data.get("postal_code") or "",
            city=data.get("city") or "",
            country=data.get("country") or "DE",
            geocoded_address=data.get("geocoded_address") or "",
            geocode_attempts=data.get("geocode_attempts") or 0,
        )
        outcome = outcomes.get(probe.address_key)
        if outcome is None:
            continue
        for name, value in _values(outcome, probe, now).items():
            data[name] = _serialise(value)
        patched += 1
    if patched:
        revision.content = content
        revision.save(update_fields=["content"])
    return patched


# What the geocoder and its checks read of a location in a revision's JSON.
REVISION_LOCATION_FIELDS = (
    "name",
    "street",
    "postal_code",
    "city",
    "country",
    "latitude",
    "longitude",
    "manual_pin",
    "geocode_status",
    "geocoded_address",
    "geocode_attempts",
)


def revision_locations(page: Any) -> list[Any]:
    """The locations of the page's latest revision, read from its JSON (rebuilding the whole
    page with revision.as_object() costs far more than geocoding its addresses)."""
    from .models import OfferLocation

    revision = page.latest_revision
    if revision is None:
        return []
    return [
        OfferLocation(**{name: data[name] for name in REVISION_LOCATION_FIELDS if name in data})
        for data in (revision.content or {}).get("locations") or []
        if isinstance(data, dict)
    ]


def geocode_page(
    page_id: int,
    *,
    geocode: Geocoder | None = None,
    retry_failed: bool = False,
    force: bool = False,
    report: GeocodeReport | None = None,
) -> GeocodeReport:
    """Geocode every location of an offer that needs it (live rows and latest revision)."""
    report = report or GeocodeReport()
    found = _look_up_page(page_id, geocode, retry_failed, force, report)
    if found is not None:
        changed = len(report.changed_live)
        with transaction.atomic():
            _store(found, report)
        announce_geocoded(report.changed_live[changed:])
    return report


@dataclass
class _Found:
    """One offer's lookups, to be stored."""

    page: Any
    rows: list[Any]
    outcomes: dict[str, Outcome]
    at: datetime.datetime


def _look_up_page(
    page_id: int, geocode: Geocoder | None, retry_failed: bool, force: bool, report: GeocodeReport
) -> _Found | None:
    """The geocoder's answers for an offer's addresses that need one; nothing is written."""
    from .models import OfferLocation, OfferPage

    page = OfferPage.objects.select_related("latest_revision").filter(pk=page_id).first()
    if page is None:
        return None
    rows = list(OfferLocation.objects.filter(page_id=page_id))
    return _look_up(page, rows, geocode, retry_failed, force, report)


def _look_up(
    page: Any,
    rows: list[Any],
    geocode: Geocoder | None,
    retry_failed: bool,
    force: bool,
    report: GeocodeReport,
) -> _Found | None:
    draft = revision_locations(page) if page.has_unpublished_changes or not page.live else []
    # One lookup per distinct address, shared by the live row and the draft.
    todo: dict[str, Any] = {}
    for location in [*rows, *draft]:
        location.sync_geocode_state()
        if location.needs_geocoding(retry_failed=retry_failed, force=force):
            todo.setdefault(location.address_key, location)
        else:
            report.skipped += 1
    if not todo:
        return None
    outcomes: dict[str, Outcome] = {}
    for key, location in todo.items():
        outcome = lookup(location, geocode)
        report.count(outcome)
        if outcome.message and outcome.status != "exact":
            report.messages.append(f"{location.address_line}: {outcome.message}")
        outcomes[key] = outcome
    return _Found(page, rows, outcomes, timezone.now())


def _store(found: _Found, report: GeocodeReport) -> None:
    """Write the answers (inside the caller's transaction); a live offer whose rows changed
    goes to `report.changed_live`."""
    changed = False
    for row in found.rows:
        outcome = found.outcomes.get(row.address_key)
        if outcome is not None and not row.manual_pin:
            changed = _apply_to_row(row, _values(outcome, row, found.at)) or changed
    _patch_revision(found.page, found.outcomes, found.at)
    if changed and found.page.live:
        report.changed_live.append(found.page.pk)


def announce_geocoded(page_ids: list[int]) -> None:
    """Tell the offer search about coordinates written in place (no post_save is sent)."""
    from .models import OfferPage
    from .signals import locations_geocoded

    if page_ids:
        locations_geocoded.send(sender=OfferPage, page_ids=page_ids)


def retry_delay(attempt: int) -> int | None:
    """Seconds to wait before retry number `attempt` (0-based), or None to give up."""
    delays = list(get_setting("GEOCODE_RETRY_DELAYS") or [])
    if attempt < len(delays):
        return int(delays[attempt])
    return None


@task()
def geocode_offer_locations(page_id: int, attempt: int = 0) -> dict[str, Any]:
    """The background task: geocode an offer's locations, retrying transient failures."""
    report = geocode_page(page_id)
    if report.pending:
        report.retry_scheduled = schedule_retry(page_id, attempt)
    return report.as_dict()


@task()
def geocode_offers(page_ids: list[int]) -> dict[str, Any]:
    """The background task for several offers published together (an import's batch): the
    lookups first, then one transaction stores them all, and the offer search hears of the
    new coordinates once; transient failures retry per offer."""
    from .models import OfferLocation, OfferPage

    report = GeocodeReport()
    pages = OfferPage.objects.select_related("latest_revision").in_bulk(page_ids)
    rows: dict[int, list[Any]] = {page_id: [] for page_id in page_ids}
    for row in OfferLocation.objects.filter(page_id__in=page_ids):
        rows[row.page_id].append(row)
    found = []
    for page_id in page_ids:
        if page_id not in pages:
            continue
        pending = report.pending
        answers = _look_up(pages[page_id], rows[page_id], None, False, False, report)
        if answers is not None:
            found.append(answers)
        if report.pending > pending and schedule_retry(page_id, 0):
            report.retry_scheduled = True
    with transaction.atomic():
        for answers in found:
            _store(answers, report)
    announce_geocoded(report.changed_live)
    return report.as_dict()


def schedule_retry(page_id: int, attempt: int) -> bool:
    delay = retry_delay(attempt)
    if delay is None:
        logger.warning(
            "Geocoding of offer %s still pending after %s attempts; "
            "run `manage.py geocode_locations`.",
            page_id,
            attempt + 1,
        )
        return False
    task_to_run = geocode_offer_locations
    backend = task_to_run.get_backend()
    if not getattr(backend, "supports_defer", False):
        # The immediate backend would retry at once, inside the same request; leave the
        # location pending for the command (or the next save) instead.
        return False
    run_after = timezone.now() + datetime.timedelta(seconds=delay)
    try:
        task_to_run.using(run_after=run_after).enqueue(page_id, attempt + 1)
    except Exception:
        logger.exception("Could not schedule the geocoding retry for offer %s", page_id)
        return False
    return True


def enqueue_geocoding(page_ids: int | Iterable[int]) -> None:
    """Schedule geocoding for offers once the current transaction commits: the offers of one
    transaction share one task. Safe to call from hooks, signals, imports and the demo
    loader; errors are logged, never raised."""
    on_commit_batched(_enqueue_now, [page_ids] if isinstance(page_ids, int) else page_ids)


def _enqueue_now(page_ids: list[int], reason: str = "") -> None:
    try:
        if len(page_ids) == 1:
            geocode_offer_locations.enqueue(page_ids[0])
        else:
            geocode_offers.enqueue(page_ids)
    except Exception:
        logger.exception("Could not enqueue geocoding for offers %s", page_ids)
