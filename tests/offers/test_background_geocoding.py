"""Background geocoding of offer locations: after publishing (and admin saves) a task geocodes
new or changed addresses; transient failures stay pending and are retried with back-off,
permanent ones fail, pins set by hand are never touched, and a save never fails because of
the geocoder. A stand-in geocoder is injected only for the failure modes; the end-to-end
checks use the real offline gazetteer."""

from __future__ import annotations

import datetime
import io
from unittest import mock

from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone, translation
from django.utils.text import slugify

from wagtail.test.utils.form_data import inline_formset, nested_form_data

import pytest

from offers_directory import tasks
from offers_directory.factories import OfferPageFactory
from offers_directory.geocoding import GeocodeResult, GeocoderUnavailable, GeocodingError
from offers_directory.models import GeocodeStatus, OfferLocation, OfferPage
from tests.offers.places import FAMILIENZENTRUM

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]

WINSEN_LUHE = (53.3575, 10.2120)
WINSEN_ALLER = (52.675, 9.91)
BUCHHOLZ = (53.3285, 9.8730)
DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def address(street="Rathausplatz 1", postal_code="21423", city="Winsen (Luhe)", **extra):
    return {"street": street, "postal_code": postal_code, "city": city, **extra}


def ungeocoded(*args, **kwargs):
    """An offer location at this address that waits for the geocoder."""
    return {**address(*args, **kwargs), "pending": True}


class StandIn:
    """A geocoder that answers from a script and records its calls."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.calls: list[dict] = []

    def __call__(self, **query):
        self.calls.append(query)
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, BaseException):
            raise answer
        if callable(answer):
            return answer(**query)
        return answer


def result(lat, lon, precision="exact", label="Rathausplatz 1, 21423 Winsen (Luhe)"):
    return GeocodeResult(lat, lon, precision, label, "21423", "Winsen (Luhe)", "nominatim")


@pytest.fixture
def stand_in(monkeypatch):
    def install(*answers) -> StandIn:
        geocoder = StandIn(*answers)
        monkeypatch.setattr(tasks, "default_geocoder", lambda: geocoder)
        return geocoder

    return install


def only_location(page: OfferPage) -> OfferLocation:
    return OfferLocation.objects.get(page=page)


# --- end to end with the real offline geocoder -----------------------------------------------


def test_publishing_geocodes_new_addresses_with_the_offline_gazetteer(
    offer_tree, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = OfferPageFactory(
            parent=offer_tree.offers,
            locations=[ungeocoded(), ungeocoded("Am Markt 3", "29308", "Winsen (Aller)")],
        )
    luhe, aller = OfferLocation.objects.filter(page=page).order_by("sort_order")
    for location, expected in ((luhe, WINSEN_LUHE), (aller, WINSEN_ALLER)):
        assert location.geocode_status in (GeocodeStatus.EXACT, GeocodeStatus.APPROXIMATE)
        assert location.latitude == pytest.approx(expected[0], abs=0.05)
        assert location.longitude == pytest.approx(expected[1], abs=0.05)
        assert location.geocoded_at is not None
        assert location.geocoded_address == location.address_key
        assert not location.needs_geocoding()
    assert "Winsen" in luhe.geocode_message
    # The editor's form (the latest revision) shows the same coordinates.
    draft = page.get_latest_revision_as_object()
    draft_luhe = next(loc for loc in draft.locations.all() if loc.postal_code == "21423")
    assert draft_luhe.latitude == luhe.latitude
    assert draft_luhe.geocode_status == luhe.geocode_status


def test_an_unknown_place_fails_permanently(offer_tree, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        page = OfferPageFactory(
            parent=offer_tree.offers, locations=[ungeocoded("", "99999", "Atlantis")]
        )
    location = only_location(page)
    assert location.geocode_status == GeocodeStatus.FAILED
    assert location.latitude is None
    assert location.geocode_message


def test_a_changed_address_in_a_draft_is_geocoded_into_the_draft_then_published(
    offer_tree, django_capture_on_commit_callbacks
):
    page = OfferPageFactory(parent=offer_tree.offers, locations=[FAMILIENZENTRUM])
    draft = page.get_latest_revision_as_object()
    (moved,) = draft.locations.all()
    moved.street, moved.postal_code, moved.city = "Bahnhofstraße 12", "21244", "Buchholz"
    draft.locations = [moved]
    draft.save_revision()
    report = tasks.geocode_page(page.pk)
    assert report.geocoded == 1

    live = only_location(page)
    assert (live.latitude, live.longitude) == (53.3575, 10.212)  # visitors still see Winsen
    page.refresh_from_db()
    draft_location = page.get_latest_revision_as_object().locations.all()[0]
    assert draft_location.latitude == pytest.approx(BUCHHOLZ[0], abs=0.05)
    assert draft_location.geocode_status == GeocodeStatus.APPROXIMATE

    with django_capture_on_commit_callbacks(execute=True):
        page.get_latest_revision().publish()
    live = only_location(page)
    assert live.city == "Buchholz"
    assert live.latitude == pytest.approx(BUCHHOLZ[0], abs=0.05)
    assert not live.needs_geocoding()


# --- failure modes with a stand-in geocoder --------------------------------------------------


def test_transient_failure_stays_pending_and_is_retried_with_back_off(offer_tree, stand_in):
    geocoder = stand_in(GeocoderUnavailable("HTTP 503"))
    page = OfferPageFactory(parent=offer_tree.offers, locations=[ungeocoded()])
    with override_settings(TASKS=DUMMY_TASKS):
        backend = tasks.geocode_offer_locations.get_backend()
        before = timezone.now()
        outcome = tasks.geocode_offer_locations.call(page.pk)
        assert outcome["pending"] == 1 and outcome["retry_scheduled"] is True
        (retry,) = backend.results
        assert retry.args == [page.pk, 1]
        delay = (retry.task.run_after - before).total_seconds()
        assert 55 <= delay <= 65  # the first of GEOCODE_RETRY_DELAYS
        location = only_location(page)
        assert location.geocode_status == GeocodeStatus.PENDING
        assert location.geocode_attempts == 1
        assert "unavailable" in location.geocode_message and "503" in location.geocode_message

        # The second retry waits longer; after the last delay the task gives up.
        backend.clear()
        tasks.geocode_offer_locations.call(page.pk, 1)
        assert (backend.results[0].task.run_after - timezone.now()).total_seconds() > 250
        backend.clear()
        assert tasks.geocode_offer_locations.call(page.pk, 4)["retry_scheduled"] is False
        assert backend.results == []
    assert only_location(page).geocode_attempts == 3
    assert len(geocoder.calls) == 3

    # The service is back: the next run succeeds and resets the counter.
    stand_in(result(53.36, 10.21))
    tasks.geocode_offer_locations.call(page.pk, 1)
    location = only_location(page)
    assert location.geocode_status == GeocodeStatus.EXACT
    assert (location.latitude, location.longitude) == (53.36, 10.21)
    assert location.geocode_attempts == 0


def test_immediate_backend_leaves_transient_failures_pending_for_the_command(
    offer_tree, stand_in, django_capture_on_commit_callbacks
):
    geocoder = stand_in(GeocoderUnavailable("timeout"))
    with django_capture_on_commit_callbacks(execute=True):
        page = OfferPageFactory(parent=offer_tree.offers, locations=[ungeocoded()])
    assert page.live
    assert len(geocoder.calls) == 1  # no retry loop inside the request
    assert only_location(page).geocode_status == GeocodeStatus.PENDING

    stand_in(result(53.36, 10.21))
    out = io.StringIO()
    call_command("geocode_locations", stdout=out)
    assert only_location(page).geocode_status == GeocodeStatus.EXACT
    assert "1 geocoded" in out.getvalue()


def test_permanent_errors_and_not_found_are_failures(offer_tree, stand_in):
    stand_in(GeocodingError("unusable address"))
    page = OfferPageFactory(parent=offer_tree.offers, locations=[ungeocoded()])
    tasks.geocode_page(page.pk)
    location = only_location(page)
    assert location.geocode_status == GeocodeStatus.FAILED
    assert location.geocode_message == "unusable address"

    stand_in(None)
    tasks.geocode_page(page.pk, retry_failed=True)
    location = only_location(page)
    assert location.geocode_status == GeocodeStatus.FAILED
    assert location.geocode_message == "Address not found."


def test_old_coordinates_are_dropped_when_the_new_address_is_not_found(offer_tree, stand_in):
    page = OfferPageFactory(parent=offer_tree.offers, locations=[FAMILIENZENTRUM])
    OfferLocation.objects.filter(page=page).update(city="Nirgendwo", postal_code="")
    stand_in(None)
    tasks.geocode_page(page.pk)
    location = only_location(page)
    assert location.geocode_status == GeocodeStatus.FAILED
    assert location.latitude is None and location.longitude is None


def test_a_hand_set_pin_is_never_touched(offer_tree, stand_in, django_capture_on_commit_callbacks):
    geocoder = stand_in(result(50.0, 8.0))
    pin = {**FAMILIENZENTRUM, "latitude": 53.4001, "longitude": 10.2002, "manual_pin": True}
    with django_capture_on_commit_callbacks(execute=True):
        page = OfferPageFactory(parent=offer_tree.offers, locations=[pin])
    call_command("geocode_locations", "--all", stdout=io.StringIO())
    call_command("geocode_locations", "--retry-failed", stdout=io.StringIO())
    location = only_location(page)
    assert (location.latitude, location.longitude) == (53.4001, 10.2002)
    assert location.geocode_status == GeocodeStatus.MANUAL
    assert geocoder.calls == []


@pytest.mark.parametrize("error", [RuntimeError("bug in a geocoder"), KeyError("lat")])
def test_saving_never_fails_because_of_the_geocoder(
    offer_tree, stand_in, django_capture_on_commit_callbacks, error
):
    stand_in(error)
    with django_capture_on_commit_callbacks(execute=True):
        page = OfferPageFactory(parent=offer_tree.offers, locations=[ungeocoded()])
    assert OfferPage.objects.get(pk=page.pk).live
    location = only_location(page)
    assert location.geocode_status == GeocodeStatus.FAILED
    assert type(error).__name__ in location.geocode_message


def test_saving_never_fails_when_the_task_cannot_be_enqueued(
    offer_tree, monkeypatch, django_capture_on_commit_callbacks
):
    class BrokenQueue:
        def enqueue(self, *args, **kwargs):
            raise ConnectionError("task queue down")

    monkeypatch.setattr(tasks, "geocode_offer_locations", BrokenQueue())
    with django_capture_on_commit_callbacks(execute=True):
        page = OfferPageFactory(parent=offer_tree.offers, locations=[ungeocoded()])
    assert OfferPage.objects.get(pk=page.pk).live
    assert only_location(page).geocode_status == GeocodeStatus.PENDING


def test_a_result_for_an_outdated_address_is_not_written(offer_tree, stand_in):
    page = OfferPageFactory(parent=offer_tree.offers, locations=[ungeocoded()])

    def editor_moves_the_location_meanwhile(**query):
        OfferLocation.objects.filter(page=page).update(street="Neue Straße 5")
        return result(53.36, 10.21)

    stand_in(editor_moves_the_location_meanwhile)
    tasks.geocode_page(page.pk)
    location = only_location(page)
    assert location.street == "Neue Straße 5"
    assert location.latitude is None
    assert location.geocode_status == GeocodeStatus.PENDING


# --- the command -------------------------------------------------------------------------


def test_command_modes_and_progress(offer_tree, stand_in):
    pending = OfferPageFactory(parent=offer_tree.offers, title="A", locations=[ungeocoded()])
    failed = OfferPageFactory(
        parent=offer_tree.offers,
        title="B",
        locations=[
            {
                **FAMILIENZENTRUM,
                "geocode_status": GeocodeStatus.FAILED,
                "latitude": None,
                "longitude": None,
            }
        ],
    )
    exact = OfferPageFactory(parent=offer_tree.offers, title="C", locations=[FAMILIENZENTRUM])
    geocoder = stand_in(result(53.5, 10.5))

    out = io.StringIO()
    call_command("geocode_locations", stdout=out)
    assert "Geocoding 1 locations of 1 offers" in out.getvalue()
    assert "Geocoding: 1/1 (100%)" in out.getvalue()
    assert len(geocoder.calls) == 1
    assert only_location(pending).latitude == 53.5
    assert only_location(failed).geocode_status == GeocodeStatus.FAILED

    call_command("geocode_locations", "--retry-failed", stdout=io.StringIO())
    assert only_location(failed).geocode_status == GeocodeStatus.EXACT
    assert only_location(exact).latitude == 53.3575

    out = io.StringIO()
    call_command("geocode_locations", "--all", stdout=out)
    assert only_location(exact).latitude == 53.5
    assert "3 geocoded" in out.getvalue()

    out = io.StringIO()
    call_command("geocode_locations", stdout=out)
    assert "No locations need geocoding." in out.getvalue()


def test_command_fails_while_locations_stay_pending(offer_tree, stand_in):
    OfferPageFactory(parent=offer_tree.offers, locations=[ungeocoded()])
    stand_in(GeocoderUnavailable("HTTP 429"))
    with pytest.raises(CommandError, match="1 locations are still pending"):
        call_command("geocode_locations", stdout=io.StringIO())


# --- through the admin ---------------------------------------------------------------------


def offer_form(title: str, location: dict, **fields) -> dict:
    data = {
        "title": title,
        "slug": slugify(title),
        "summary": "Kurz",
        "description": "",
        "is_free": "on",
        "status": "active",
        "locations": inline_formset(
            [
                {
                    "name": "",
                    "street": location.get("street", ""),
                    "postal_code": location.get("postal_code", ""),
                    "city": location.get("city", ""),
                    "accessibility_notes": "",
                    # The select always sends a value (the editor's default: public).
                    "visibility": location.get("visibility", "public"),
                    "latitude": location.get("latitude", ""),
                    "longitude": location.get("longitude", ""),
                    **({"manual_pin": "on"} if location.get("manual_pin") else {}),
                }
            ]
        ),
        "service_areas": inline_formset([]),
        "schedules": inline_formset([]),
        "translations": inline_formset([]),
        "contacts": inline_formset([]),
    }
    data.update(fields)
    return nested_form_data(data)


def form_errors(response) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(response.content, "html.parser")
    return " | ".join(
        f"{element.get('data-field-name', '')}: {element.get_text(' ', strip=True)}"
        for element in soup.select("[data-field-wrapper]")
        if element.select(".error-message, .w-field__errors") and element.get_text(strip=True)
    )


def test_admin_create_and_publish_geocodes_and_keeps_manual_pins(
    offer_tree, admin_client, django_capture_on_commit_callbacks
):
    add_url = f"/admin/pages/add/offers_directory/offerpage/{offer_tree.offers.pk}/"
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            add_url, offer_form("Hebammensprechstunde Winsen", address(), **{"action-publish": "1"})
        )
    assert response.status_code == 302, form_errors(response)
    page = OfferPage.objects.get(title="Hebammensprechstunde Winsen")
    location = only_location(page)
    assert location.geocode_status == GeocodeStatus.APPROXIMATE
    assert location.latitude == pytest.approx(WINSEN_LUHE[0], abs=0.05)

    # A pin dragged on the map arrives as coordinates plus the manual flag.
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            add_url,
            offer_form(
                "Elterncafé am Hafen",
                address(latitude="53.4100", longitude="10.2500", manual_pin=True),
            ),
        )
    assert response.status_code == 302
    draft = OfferPage.objects.get(title="Elterncafé am Hafen")
    pinned = only_location(draft)
    assert (pinned.latitude, pinned.longitude) == (53.41, 10.25)
    assert pinned.geocode_status == GeocodeStatus.MANUAL

    edit = admin_client.get(f"/admin/pages/{page.pk}/edit/")
    html = edit.content.decode()
    assert 'data-geocode-status="approximate"' in html
    assert "data-offers-location-map" in html
    assert "offers_directory/vendor/leaflet/leaflet.js" in html


def test_admin_rejects_out_of_range_coordinates(offer_tree, admin_client):
    add_url = f"/admin/pages/add/offers_directory/offerpage/{offer_tree.offers.pk}/"
    response = admin_client.post(
        add_url, offer_form("Kaputt", address(latitude="100", longitude="10", manual_pin=True))
    )
    assert response.status_code == 200
    assert not OfferPage.objects.filter(title="Kaputt").exists()


def test_geocoded_timestamps_are_recent(offer_tree, stand_in):
    stand_in(result(53.36, 10.21))
    page = OfferPageFactory(parent=offer_tree.offers, locations=[ungeocoded()])
    tasks.geocode_page(page.pk)
    age = timezone.now() - only_location(page).geocoded_at
    assert datetime.timedelta(0) <= age < datetime.timedelta(minutes=1)


DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def geocoding_tasks():
    """Geocoding tasks not yet run, due or deferred (Wagtail queues its own tasks, such as
    the reference index, on the same backend)."""
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(
        status="READY", task_path__endswith="geocode_offer_locations"
    )


def run_worker() -> None:
    from django_tasks_db.management.commands import db_worker

    # The worker closes connections between tasks (CONN_MAX_AGE is 0 here); inside the
    # test's transaction that would close the test's own connection.
    with mock.patch.object(db_worker, "close_old_connections", lambda: None):
        call_command(
            "db_worker", batch=True, no_startup_delay=True, reload=False, stdout=io.StringIO()
        )


def test_database_backend_geocodes_in_the_worker_and_retries_after_a_delay(
    offer_tree, stand_in, django_capture_on_commit_callbacks
):
    """Production's TASKS_BACKEND=database: the editor's save only queues the task, a worker
    geocodes, and a transient failure comes back later instead of at once."""
    geocoder = stand_in(GeocoderUnavailable("HTTP 503"), result(53.36, 10.21))
    with override_settings(TASKS=DATABASE_TASKS):
        with django_capture_on_commit_callbacks(execute=True):
            page = OfferPageFactory(parent=offer_tree.offers, locations=[ungeocoded()])
        assert page.live
        assert geocoder.calls == []
        assert only_location(page).geocode_status == GeocodeStatus.PENDING
        assert geocoding_tasks().count() == 1

        run_worker()
        assert len(geocoder.calls) == 1
        assert only_location(page).geocode_status == GeocodeStatus.PENDING
        retry = geocoding_tasks().get()
        assert retry.args_kwargs["args"] == [page.pk, 1]
        assert (retry.run_after - timezone.now()).total_seconds() > 50

        run_worker()  # too early: the retry waits for its time
        assert len(geocoder.calls) == 1

        geocoding_tasks().filter(pk=retry.pk).update(
            run_after=timezone.now() - datetime.timedelta(seconds=1)
        )
        run_worker()
    assert len(geocoder.calls) == 2
    location = only_location(page)
    assert location.geocode_status == GeocodeStatus.EXACT
    assert (location.latitude, location.longitude) == (53.36, 10.21)
    assert not geocoding_tasks().exists()


# --- imports ---------------------------------------------------------------------------------


def _import_one_address_only_offer(tmp_path) -> tuple[OfferPage, str]:
    from tests.offers.exchange import run_import, sample_services, write_json

    course = next(s for s in sample_services() if s["id"] == "svc-elternkurs-buchholz")
    output = run_import(write_json(tmp_path, [course]))
    return OfferPage.objects.get(source_id=course["id"]), output


def test_an_import_looks_up_addresses_in_the_offline_gazetteer_before_writing(
    offer_tree, tmp_path, django_capture_on_commit_callbacks
):
    # The gazetteer answers from this machine: the offer is written (and indexed) once, with
    # its pin, and no background task is left to store coordinates and index it again.
    with override_settings(TASKS=DUMMY_TASKS):
        backend = tasks.geocode_offers.get_backend()
        with django_capture_on_commit_callbacks(execute=True):
            page, output = _import_one_address_only_offer(tmp_path)
        assert backend.results == []  # no geocoding task was enqueued
    location = only_location(page)
    assert location.geocode_status == GeocodeStatus.APPROXIMATE
    assert location.latitude == pytest.approx(BUCHHOLZ[0], abs=0.05)
    assert location.longitude == pytest.approx(BUCHHOLZ[1], abs=0.05)
    assert location.geocoded_at is not None and location.geocode_attempts == 0
    assert location.geocoded_address == location.address_key
    assert "Buchholz" in location.geocode_message
    # The editor's form shows the same pin, and the report counts the lookup.
    draft = page.get_latest_revision_as_object().locations.all()[0]
    assert (draft.latitude, draft.geocode_status) == (location.latitude, location.geocode_status)
    assert "geocoded: 1" in output and "Geokodierung: 1 Standorte gefunden" in output


def test_an_import_leaves_the_lookup_to_the_task_with_an_online_geocoder(
    offer_tree, tmp_path, stand_in, django_capture_on_commit_callbacks
):
    geocoder = stand_in(result(*BUCHHOLZ, label="Breite Straße 10, 21244 Buchholz"))
    with override_settings(TASKS=DUMMY_TASKS):
        backend = tasks.geocode_offers.get_backend()
        with django_capture_on_commit_callbacks(execute=True):
            page, _output = _import_one_address_only_offer(tmp_path)
        # Written without coordinates (an online geocoder is rate limited and may be down);
        # the task looks it up after the commit.
        assert only_location(page).geocode_status == GeocodeStatus.PENDING
        assert geocoder.calls == []
        (queued,) = backend.results
    queued.task.call(*queued.args)
    location = only_location(page)
    assert len(geocoder.calls) == 1
    assert (location.latitude, location.longitude) == BUCHHOLZ
    assert location.geocode_status == GeocodeStatus.EXACT
