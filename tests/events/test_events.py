"""Events: pages, upcoming/past lists, schema.org Event, and iCalendar files and feeds read
back with the icalendar library."""

import datetime
import io
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.utils import timezone

import pytest
from icalendar import Calendar

from events.factories import EventPageFactory
from events.models import EventIndexPage, EventPage
from news.models import PressContact
from tests.demo_pages import calendar_of
from tests.markup import alternate_links, json_ld, page_html

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def fachtag(demo):
    contact = PressContact.objects.create(
        name="Anna Petersen", organisation="Landkreis Harburg", email="fh@lkharburg.example"
    )
    return EventPageFactory(
        parent=calendar_of("landkreis-harburg"),
        title="Fachtag Frühe Hilfen",
        start=datetime.datetime(2030, 6, 12, 9, 30, tzinfo=BERLIN),
        end=datetime.datetime(2030, 6, 12, 16, 0, tzinfo=BERLIN),
        teaser="Vorträge und ein World Café.",
        venue_name="Kreishaus",
        street="Schloßplatz 1",
        postal_code="21423",
        city="Winsen (Luhe)",
        latitude=53.3576,
        longitude=10.2122,
        audience="Fachkräfte",
        organiser="Landkreis Harburg",
        registration_url="https://anmeldung.example/fachtag",
        registration_deadline=datetime.date(2030, 6, 1),
        contact=contact,
    )


def test_event_page_shows_time_place_audience_and_registration(client, fachtag):
    html = page_html(client, fachtag.url)
    for text in (
        "Fachtag Frühe Hilfen",
        "Mittwoch, 12. Juni 2030, 09:30",
        "16:00",
        "Uhr",
        "Kreishaus",
        "Schloßplatz 1",
        "21423 Winsen (Luhe)",
        "Fachkräfte",
        "Landkreis Harburg",
        "Bitte melden Sie sich bis zum 1. Juni 2030 an.",
        "https://anmeldung.example/fachtag",
        "Jetzt anmelden",
        fachtag.ics_url(),
        "Anna Petersen",
    ):
        assert text in html, text
    links = alternate_links(html)
    assert ("text/calendar", "/feeds/landkreis-harburg/termine.ics") in links


def test_event_json_ld(client, fachtag):
    [data] = json_ld(client.get(fachtag.url).content.decode())
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Event"
    assert data["name"] == "Fachtag Frühe Hilfen"
    assert datetime.datetime.fromisoformat(data["startDate"]) == fachtag.start
    assert datetime.datetime.fromisoformat(data["endDate"]) == fachtag.end
    assert data["startDate"].endswith("+02:00")  # local time, summer
    location = data["location"]
    assert location["@type"] == "Place" and location["name"] == "Kreishaus"
    assert location["address"]["postalCode"] == "21423"
    assert location["address"]["addressLocality"] == "Winsen (Luhe)"
    assert location["geo"] == {"@type": "GeoCoordinates", "latitude": 53.3576, "longitude": 10.2122}
    assert data["organizer"]["name"] == "Landkreis Harburg"
    assert data["audience"]["audienceType"] == "Fachkräfte"
    assert data["offers"]["url"] == "https://anmeldung.example/fachtag"
    assert data["offers"]["validThrough"] == "2030-06-01"
    assert data["url"] == fachtag.full_url


def test_event_ics_is_a_valid_calendar(client, fachtag):
    response = client.get(fachtag.ics_url())
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Content-Disposition"] == f'inline; filename="{fachtag.slug}.ics"'
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["VERSION"]) == "2.0"
    [event] = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Fachtag Frühe Hilfen"
    assert event.decoded("DTSTART") == fachtag.start
    assert event.decoded("DTEND") == fachtag.end
    assert str(event["LOCATION"]) == "Kreishaus, Schloßplatz 1, 21423 Winsen (Luhe)"
    assert (event["GEO"].latitude, event["GEO"].longitude) == (53.3576, 10.2122)
    assert str(event["URL"]) == fachtag.full_url
    assert "Fachkräfte" in str(event["DESCRIPTION"])
    assert str(event["ORGANIZER"]) == "mailto:fh@lkharburg.example"
    assert str(event["UID"]).startswith(f"event-{fachtag.pk}@")
    # The same event keeps its UID, so calendar clients update instead of duplicating it.
    again = Calendar.from_ical(client.get(fachtag.ics_url()).content)
    assert str(again.walk("VEVENT")[0]["UID"]) == str(event["UID"])


def test_unpublished_or_unknown_event_ics_is_404(client, fachtag):
    assert client.get("/feeds/termin/999999.ics").status_code == 404
    fachtag.unpublish()
    assert client.get(fachtag.ics_url()).status_code == 404


def test_calendar_feeds_per_region_and_for_all(client, fachtag):
    EventPageFactory(
        parent=calendar_of("heidekreis"),
        title="AG Nord",
        start=datetime.datetime(2030, 2, 1, 15, 0, tzinfo=BERLIN),
    )
    everything = Calendar.from_ical(client.get("/feeds/termine.ics").content)
    summaries = {str(e["SUMMARY"]) for e in everything.walk("VEVENT")}
    assert {"Fachtag Frühe Hilfen", "AG Nord"} <= summaries
    assert summaries == {e.title for e in EventPage.objects.live()}
    harburg = Calendar.from_ical(client.get("/feeds/landkreis-harburg/termine.ics").content)
    harburg_events = {str(e["SUMMARY"]) for e in harburg.walk("VEVENT")}
    assert "Fachtag Frühe Hilfen" in harburg_events and "AG Nord" not in harburg_events
    assert "Landkreis Harburg" in str(harburg["X-WR-CALNAME"])
    assert client.get("/feeds/atlantis/termine.ics").status_code == 404


def test_upcoming_and_past_lists(client, demo):
    index = calendar_of("landkreis-boerde")
    now = timezone.now()
    past = EventPageFactory(
        parent=index, title="Vergangener Termin", start=now - datetime.timedelta(days=30)
    )
    running = EventPageFactory(
        parent=index,
        title="Laufender Termin",
        start=now - datetime.timedelta(hours=1),
        end=now + datetime.timedelta(hours=2),
    )
    soon = EventPageFactory(parent=index, title="Bald", start=now + datetime.timedelta(days=3))
    later = EventPageFactory(parent=index, title="Später", start=now + datetime.timedelta(days=30))
    upcoming = client.get(index.url)
    titles = [e.title for e in upcoming.context["events_page"]]
    assert titles[:3] == [running.title, soon.title, later.title]
    assert past.title not in titles
    html = upcoming.content.decode()
    assert "Kommende Termine" in html and "Vergangene Termine" in html
    past_list = client.get(index.url, {"when": "past"})
    assert [e.title for e in past_list.context["events_page"]] == [past.title]
    assert "Dieser Termin hat bereits stattgefunden." in client.get(past.url).content.decode()
    # The network-wide calendar filters by region; unknown values are ignored.
    network = EventIndexPage.objects.get(include_all_regions=True)
    only = client.get(network.url, {"region": "landkreis-boerde"})
    assert {e.title for e in only.context["events_page"]} >= {soon.title, later.title}
    assert all(e.get_region().slug == "landkreis-boerde" for e in only.context["events_page"])
    for params in ({"region": "atlantis"}, {"when": "gestern"}, {"page": "x"}):
        assert client.get(network.url, params).status_code == 200


def test_event_validation(demo):
    start = datetime.datetime(2030, 1, 10, 10, 0, tzinfo=BERLIN)
    event = EventPage(
        title="Falsch", slug="falsch", start=start, end=start - datetime.timedelta(hours=1)
    )
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "end" in error.value.message_dict
    event = EventPage(title="Halb", slug="halb", start=start, latitude=53.0)
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "longitude" in error.value.message_dict
    event = EventPage(
        title="Spät", slug="spaet", start=start, registration_deadline=datetime.date(2030, 1, 11)
    )
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "registration_deadline" in error.value.message_dict


def venue_form(**changes) -> dict:
    data = {
        "title": "Elterncafé Winsen",
        "slug": "elterncafe-winsen",
        "start": "2030-03-10 14:00",
        "end": "",
        "teaser": "",
        "body-count": "0",
        "venue_name": "Familienzentrum",
        "street": "Rathausstraße 1",
        "postal_code": "21423",
        "city": "Winsen (Luhe)",
        "latitude": "",
        "longitude": "",
        "audience": "Eltern",
        "organiser": "",
        "registration_url": "",
        "registration_deadline": "",
        "registration_note": "",
        "action-publish": "action-publish",
    }
    data.update(changes)
    return data


def test_venue_is_geocoded_in_the_background(
    admin_client, demo, django_capture_on_commit_callbacks
):
    """The offer directory's geocoder (the offline gazetteer in tests) fills the coordinates
    after the save has committed, never inside it."""
    index = calendar_of("landkreis-harburg")
    data = venue_form()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = admin_client.post(f"/admin/pages/add/events/eventpage/{index.pk}/", data)
        assert response.status_code == 302
        event = EventPage.objects.get(slug="elterncafe-winsen")
        # Saved and published before any geocoder ran.
        assert event.live and event.latitude is None and event.geocode_status == "pending"
    assert callbacks  # the geocoding task waits for the commit
    for callback in callbacks:
        callback()
    event.refresh_from_db()
    assert event.geocode_status == "approximate"
    assert event.latitude == pytest.approx(53.36, abs=0.05)
    assert event.longitude == pytest.approx(10.21, abs=0.05)

    def edit(**changes):
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post(f"/admin/pages/{event.pk}/edit/", {**data, **changes})
        assert response.status_code == 302
        event.refresh_from_db()

    # The edit form shows the found coordinates; a new address replaces them ...
    form = admin_client.get(f"/admin/pages/{event.pk}/edit/").context["form"]
    assert form["latitude"].value() == event.latitude
    data.update(postal_code="39340", city="Haldensleben", street="Markt 1")
    edit(latitude=str(event.latitude), longitude=str(event.longitude))
    assert event.latitude == pytest.approx(52.29, abs=0.05)
    # ... coordinates an editor types in for the same address stay ...
    edit(latitude="52.3", longitude="11.5")
    assert (event.latitude, event.longitude) == (52.3, 11.5)
    # ... as do pinned ones when the address changes.
    edit(latitude="52.3", longitude="11.5", manual_pin="on", city="Haldensleben I")
    assert (event.latitude, event.longitude) == (52.3, 11.5)
    assert event.geocode_status == "manual"
    # An address the geocoder does not know drops the old coordinates; the event still saves.
    edit(postal_code="", city="Nirgendwo-Dorf", latitude="52.3", longitude="11.5")
    assert event.city == "Nirgendwo-Dorf" and event.latitude is None
    assert event.geocode_status == "failed" and event.live


def test_a_draft_venue_is_geocoded_and_published_with_it(
    admin_client, demo, django_capture_on_commit_callbacks
):
    index = calendar_of("landkreis-harburg")
    data = venue_form()
    del data["action-publish"]
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(f"/admin/pages/add/events/eventpage/{index.pk}/", data)
    event = EventPage.objects.get(slug="elterncafe-winsen")
    assert not event.live
    draft = event.get_latest_revision_as_object()
    assert draft.latitude == pytest.approx(53.36, abs=0.05)
    with django_capture_on_commit_callbacks(execute=True):
        draft.save_revision().publish()
    event.refresh_from_db()
    assert event.live and event.latitude == pytest.approx(53.36, abs=0.05)


def test_an_unreachable_geocoder_never_blocks_a_save(
    admin_client, demo, monkeypatch, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    from offers_directory import tasks as offer_tasks
    from offers_directory.geocoding import GeocoderUnavailable

    calls = []

    def unreachable(**query):
        calls.append(query)
        raise GeocoderUnavailable("HTTP 503")

    monkeypatch.setattr(offer_tasks, "default_geocoder", lambda: unreachable)
    index = calendar_of("landkreis-harburg")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/admin/pages/add/events/eventpage/{index.pk}/", venue_form())
    assert response.status_code == 302
    event = EventPage.objects.get(slug="elterncafe-winsen")
    # One lookup per scheduled task (the admin's save hook and the publish signal each
    # schedule one), no retry loop inside the request.
    assert event.live and 1 <= len(calls) <= 2
    assert event.geocode_status == "pending" and "HTTP 503" in event.geocode_message
    assert client_sees(admin_client, event, "Familienzentrum")

    monkeypatch.undo()  # the geocoder is back: the command catches up
    out = io.StringIO()
    call_command("geocode_events", stdout=out)
    event.refresh_from_db()
    assert event.geocode_status == "approximate" and event.latitude is not None
    assert out.getvalue().startswith("1 geocoded")


def client_sees(client, page, text: str) -> bool:
    return text in client.get(page.url).content.decode()
