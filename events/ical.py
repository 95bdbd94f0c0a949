"""iCalendar (RFC 5545) output: one file per event and calendar feeds per region."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from icalendar import Calendar, Event, vCalAddress, vText

PRODID = "-//Netzwerk Frühe Hilfen//Termine//DE"


def _uid_domain() -> str:
    # Calendar clients match updates by UID, so it must not depend on the request's host.
    return urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or "netzwerk-fruehe-hilfen"


def _utc(value: datetime.datetime) -> datetime.datetime:
    return value.astimezone(datetime.UTC)


def ical_event(page) -> Event:
    event = Event()
    event.add("uid", f"event-{page.pk}@{_uid_domain()}")
    event.add("dtstamp", _utc(timezone.now()))
    event.add("dtstart", _utc(page.start))
    if page.end:
        event.add("dtend", _utc(page.end))
    event.add("summary", page.title)
    description = [page.teaser] if page.teaser else []
    if page.audience:
        description.append(_("Audience: %(audience)s") % {"audience": page.audience})
    if page.organiser:
        description.append(_("Organiser: %(organiser)s") % {"organiser": page.organiser})
    if page.registration_deadline:
        description.append(
            _("Registration until %(date)s")
            % {"date": page.registration_deadline.strftime("%d.%m.%Y")}
        )
    if page.registration_url:
        description.append(_("Registration: %(url)s") % {"url": page.registration_url})
    url = page.get_full_url()
    if url:
        description.append(url)
        event.add("url", url)
    event.add("description", "\n\n".join(description))
    if page.location_text():
        event.add("location", page.location_text())
    if page.has_coordinates:
        event.add("geo", (page.latitude, page.longitude))
    if page.last_published_at:
        event.add("last-modified", _utc(page.last_published_at))
    contact = page.contact
    if contact is not None and contact.email:
        # ORGANIZER must be an address; without an email the organiser is in the description.
        organizer = vCalAddress(f"mailto:{contact.email}")
        organizer.params["cn"] = vText(page.organiser or contact.name)
        event.add("organizer", organizer)
    if page.audience:
        event.add("categories", [page.audience])
    event.add("status", "CONFIRMED")
    return event


def build_calendar(pages: Iterable, name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for page in pages:
        calendar.add_component(ical_event(page))
    return calendar.to_ical()


def calendar_response(pages: Iterable, name: str, filename: str) -> HttpResponse:
    response = HttpResponse(
        build_calendar(pages, name), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
