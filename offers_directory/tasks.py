"""Background geocoding of stored addresses (models.GeocodedAddress): offer locations here,
event venues (events/geocoding.py) and referral partners (professionals/signals.py) through the
same `geocode_places()`.

Saving or publishing an offer schedules `geocode_offer_locations` once the transaction has
committed (wagtail_hooks.py; the offers of one transaction, e.g. an import's batch, share one
`geocode_offers` task, which stores all answers together); the task never runs inside
`Model.save()` and never raises into the request, so a geocoder outage cannot block or lose a
save. The task works on both copies
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
import enum
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.models import Page, Revision

from django_tasks import task

from search.after_commit import on_commit_batched

from .conf import get_setting
from .models import GeocodedAddress, GeocodeStatus, OfferLocation, OfferPage
from .models.addresses import GEOCODED

logger = logging.getLogger(__name__)

Geocoder = Callable[..., Any]


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


def lookup(place: GeocodedAddress, geocode: Geocoder | None = None) -> Outcome:
    """Ask the geocoder for one place's address. Never raises."""
    try:
        from .geocoding import GeocoderUnavailable, GeocodingError
    except ImportError:  # the geocoding package is optional for the models
        GeocoderUnavailable = GeocodingError = _NeverRaised  # noqa: N806

    try:
        geocode = geocode or default_geocoder()
        result = geocode(
            street=place.street or "",
            postal_code=place.postal_code or "",
            city=place.city or "",
            country=place.country or "DE",
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
        logger.exception("Geocoding %r failed unexpectedly", place.address_line)
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


def outcome_values(
    outcome: Outcome, place: GeocodedAddress, now: datetime.datetime
) -> dict[str, Any]:
    """The fields to store for a place's lookup."""
    values: dict[str, Any] = {
        "geocode_status": outcome.status,
        "geocode_message": outcome.message[:255],
        "geocoded_address": place.address_key,
    }
    if outcome.transient:
        values["geocode_attempts"] = min((place.geocode_attempts or 0) + 1, 32767)
        # Keep the address unconfirmed so the next run picks it up again.
        values["geocoded_address"] = place.geocoded_address
        return values
    values["geocoded_at"] = now
    values["geocode_attempts"] = 0
    if outcome.status in GEOCODED:
        values["latitude"] = outcome.latitude
        values["longitude"] = outcome.longitude
    elif place.geocoded_address != place.address_key:
        # Coordinates of a previous address would put the pin in the wrong place.
        values["latitude"] = None
        values["longitude"] = None
    return values


def _apply_to_row(place: GeocodedAddress, values: dict[str, Any]) -> bool:
    """Write results onto the database row unless an editor changed the address or set a
    pin meanwhile (a conditional UPDATE, so concurrent saves always win)."""
    updated = (
        type(place)
        ._default_manager.filter(pk=place.pk, manual_pin=False, **place.address_values())
        .update(**values)
    )
    if updated:
        for name, value in values.items():
            setattr(place, name, value)
    return bool(updated)


def geocode_unsaved(places: Sequence[GeocodedAddress]) -> list[GeocodedAddress]:
    """Geocode places that are not saved yet, at once, when the geocoder answers from this
    machine (the offline gazetteer): an importer then writes them with their coordinates,
    and no background task has to store them afterwards and index the offers a second time.
    With an online geocoder (rate limited, may be down) nothing is looked up here; the task
    does it after the commit. Returns the places that were looked up (one lookup per
    distinct address); a transient failure leaves a place pending for the task."""
    if not _geocoder_is_local():
        return []
    todo: dict[str, list[GeocodedAddress]] = {}
    for place in places:
        place.sync_geocode_state()
        if place.needs_geocoding():
            todo.setdefault(place.address_key, []).append(place)
    now = timezone.now()
    for same_address in todo.values():
        outcome = lookup(same_address[0])
        for place in same_address:
            for name, value in outcome_values(outcome, place, now).items():
                setattr(place, name, value)
    return [place for same_address in todo.values() for place in same_address]


def _geocoder_is_local() -> bool:
    from .geocoding import OfflineGeocoder, geocode_address, get_geocoder

    # A geocoder put in place of the configured one (tests, a project's hook) may be remote.
    return default_geocoder() is geocode_address and isinstance(get_geocoder(), OfflineGeocoder)


def _serialise(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    return value


def _patch_revision(
    model: type[GeocodedAddress],
    revision: Revision,
    copies: Callable[[dict[str, Any]], list[dict[str, Any]]],
    outcomes: dict[str, Outcome],
    now: datetime.datetime,
) -> int:
    """Copy results into the places with the same address in a revision's content, so the
    editor's form shows them and the next publish keeps them."""
    content = revision.content or {}
    patched = 0
    for data in copies(content):
        if data.get("manual_pin"):
            continue
        probe = model(
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
        for name, value in outcome_values(outcome, probe, now).items():
            data[name] = _serialise(value)
        patched += 1
    if patched:
        revision.content = content
        revision.save(update_fields=["content"])
    return patched


def latest_draft(page: Page) -> Page | None:
    """The latest revision as a page, when it differs from the live row (a draft, or a page
    never published); None otherwise or when the revision cannot be read."""
    revision = page.latest_revision
    if revision is None or (page.live and not page.has_unpublished_changes):
        return None
    try:
        return revision.as_object()
    except Exception:  # an old or broken revision must not stop the live rows' geocoding
        logger.warning("Could not read the latest revision of page %s", page.pk, exc_info=True)
        return None


@dataclass
class Lookups:
    """The geocoder's answers for the places of one object, not yet stored."""

    model: type[GeocodedAddress]
    rows: Sequence[GeocodedAddress]
    revision: Revision | None
    copies: Callable[[dict[str, Any]], list[dict[str, Any]]]
    outcomes: dict[str, Outcome]
    at: datetime.datetime

    def store(self) -> bool:
        """Write the answers onto the rows and the revision (inside the caller's
        transaction); True when a database row changed."""
        changed = False
        for row in self.rows:
            outcome = self.outcomes.get(row.address_key)
            if outcome is not None and not row.manual_pin:
                changed = _apply_to_row(row, outcome_values(outcome, row, self.at)) or changed
        if self.revision is not None:
            _patch_revision(self.model, self.revision, self.copies, self.outcomes, self.at)
        return changed


def look_up_places(
    model: type[GeocodedAddress],
    rows: Sequence[GeocodedAddress],
    drafts: Sequence[GeocodedAddress] = (),
    revision: Revision | None = None,
    copies: Callable[[dict[str, Any]], list[dict[str, Any]]] = lambda content: [],
    *,
    geocode: Geocoder | None = None,
    retry_failed: bool = False,
    force: bool = False,
    report: GeocodeReport,
) -> Lookups | None:
    """Ask the geocoder about the places that need it in every copy Wagtail keeps: the
    database `rows` (what visitors see) and the `drafts` read from the latest `revision`
    (what the editor's form shows), whose serialised form `copies` finds in the revision's
    content. One lookup per distinct address serves all copies. Nothing is written; None when
    no place needs a lookup."""
    todo: dict[str, GeocodedAddress] = {}
    for place in [*rows, *drafts]:
        place.sync_geocode_state()
        if place.needs_geocoding(retry_failed=retry_failed, force=force):
            todo.setdefault(place.address_key, place)
        else:
            report.skipped += 1
    if not todo:
        return None
    outcomes: dict[str, Outcome] = {}
    for key, place in todo.items():
        outcome = lookup(place, geocode)
        report.count(outcome)
        if outcome.message and outcome.status != GeocodeStatus.EXACT:
            report.messages.append(f"{place.address_line}: {outcome.message}")
        outcomes[key] = outcome
    return Lookups(model, rows, revision, copies, outcomes, timezone.now())


def geocode_places(
    *places: Any, report: GeocodeReport | None = None, **options: Any
) -> GeocodeReport:
    """Geocode the places that need it and store the answers in all copies, so coordinates
    found for a draft reach the live row when the draft is published, and a result for an
    outdated address is never written onto a changed one. `places` and `options` are those of
    `look_up_places`."""
    report = report or GeocodeReport()
    found = look_up_places(*places, report=report, **options)
    if found is not None:
        with transaction.atomic():
            found.store()
    return report


# --- Offer locations ------------------------------------------------------------------------

# What the geocoder and its checks read of a location in a revision's JSON.
REVISION_LOCATION_FIELDS = (
    "name",
    *OfferLocation.ADDRESS_FIELDS,
    "latitude",
    "longitude",
    "manual_pin",
    "geocode_status",
    "geocoded_address",
    "geocode_attempts",
)


def revision_locations(page: OfferPage) -> list[OfferLocation]:
    """The locations of the page's latest revision when it differs from the live rows (a
    draft, or a page never published), read from its JSON: rebuilding the whole page with
    revision.as_object() costs far more than geocoding its addresses."""
    revision = page.latest_revision
    if revision is None or (page.live and not page.has_unpublished_changes):
        return []
    return [
        OfferLocation(**{name: data[name] for name in REVISION_LOCATION_FIELDS if name in data})
        for data in (revision.content or {}).get("locations") or []
        if isinstance(data, dict)
    ]


def _revision_location_copies(content: dict[str, Any]) -> list[dict[str, Any]]:
    return content.get("locations") or []


def _look_up_offer(
    page: OfferPage,
    rows: list[OfferLocation],
    *,
    geocode: Geocoder | None = None,
    retry_failed: bool = False,
    force: bool = False,
    report: GeocodeReport,
) -> Lookups | None:
    return look_up_places(
        OfferLocation,
        rows,
        revision_locations(page),
        page.latest_revision,
        _revision_location_copies,
        geocode=geocode,
        retry_failed=retry_failed,
        force=force,
        report=report,
    )


def _store_offers(found: list[tuple[OfferPage, Lookups]], report: GeocodeReport) -> list[int]:
    """Store the answers for several offers in one transaction; the live offers whose rows
    changed are returned and added to `report.changed_live`."""
    changed: list[int] = []
    with transaction.atomic():
        for page, lookups in found:
            if lookups.store() and page.live:
                changed.append(page.pk)
    report.changed_live.extend(changed)
    return changed


def announce_geocoded(page_ids: list[int]) -> None:
    """Tell the offer search about coordinates written in place (no post_save is sent)."""
    from .signals import locations_geocoded

    if page_ids:
        locations_geocoded.send(sender=OfferPage, page_ids=page_ids)


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
    page = OfferPage.objects.select_related("latest_revision").filter(pk=page_id).first()
    if page is None:
        return report
    found = _look_up_offer(
        page,
        list(OfferLocation.objects.filter(page_id=page_id)),
        geocode=geocode,
        retry_failed=retry_failed,
        force=force,
        report=report,
    )
    if found is not None:
        announce_geocoded(_store_offers([(page, found)], report))
    return report


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
    report = GeocodeReport()
    pages = OfferPage.objects.select_related("latest_revision").in_bulk(page_ids)
    rows: dict[int, list[OfferLocation]] = {page_id: [] for page_id in page_ids}
    for row in OfferLocation.objects.filter(page_id__in=page_ids):
        rows[row.page_id].append(row)
    found: list[tuple[OfferPage, Lookups]] = []
    for page_id in page_ids:
        if page_id not in pages:
            continue
        pending = report.pending
        lookups = _look_up_offer(pages[page_id], rows[page_id], report=report)
        if lookups is not None:
            found.append((pages[page_id], lookups))
        if report.pending > pending and schedule_retry(page_id, 0):
            report.retry_scheduled = True
    announce_geocoded(_store_offers(found, report))
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


def enqueue_after_commit(enqueue: Callable[[], Any], what: str) -> None:
    """Run `enqueue` once the current transaction commits. Errors are logged, never raised:
    the editor's save has already succeeded."""

    def run() -> None:
        try:
            enqueue()
        except Exception:
            logger.exception("Could not enqueue geocoding for %s", what)

    transaction.on_commit(run)


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
