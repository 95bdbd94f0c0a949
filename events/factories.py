"""Factories for events (factory_boy and wagtail-factories): calendars and events with a
venue. Pages are published through a revision unless built with `publish=False` (see
home.factories.PublishedPageFactory)."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings

import factory

from home.factories import PublishedPageFactory, RegionPageFactory

from .models import EventIndexPage, EventPage

# (venue, street, postal code, city, latitude, longitude): real places networks meet at.
VENUES = (
    ("Kreishaus Winsen", "Schloßplatz 1", "21423", "Winsen (Luhe)", 53.3576, 10.2122),
    ("Rathaus Schwarmstedt", "Am Markt 1", "29690", "Schwarmstedt", 52.6774, 9.6184),
    ("Kreisverwaltung Börde", "Gerikestraße 104", "39340", "Haldensleben", 52.2889, 11.4097),
    ("Landratsamt Saarlouis", "Kaiser-Wilhelm-Straße 4–6", "66740", "Saarlouis", 49.3133, 6.7517),
)


class EventIndexPageFactory(PublishedPageFactory):
    """A region's calendar; `include_all_regions=True` (below the home page) is the
    network-wide one."""

    title = factory.LazyAttribute(lambda index: f"Termine in {index.parent.title}")
    slug = "termine"
    parent = factory.SubFactory(RegionPageFactory)

    class Meta:
        model = EventIndexPage


class EventPageFactory(PublishedPageFactory):
    """An event of two hours at a real venue, on a working day in the coming months."""

    title = factory.Faker(
        "random_element",
        elements=("Netzwerktreffen", "Fachtag Frühe Hilfen", "Arbeitskreis Kinderschutz"),
    )
    start = factory.LazyAttribute(
        lambda event: datetime.datetime.combine(
            event.day, datetime.time(14, 0), tzinfo=ZoneInfo(settings.TIME_ZONE)
        )
    )
    end = factory.LazyAttribute(lambda event: event.start + datetime.timedelta(hours=2))
    teaser = factory.LazyAttribute(lambda event: f"{event.title} in {event.venue[3]}.")
    venue_name = factory.LazyAttribute(lambda event: event.venue[0])
    street = factory.LazyAttribute(lambda event: event.venue[1])
    postal_code = factory.LazyAttribute(lambda event: event.venue[2])
    city = factory.LazyAttribute(lambda event: event.venue[3])
    latitude = factory.LazyAttribute(lambda event: event.venue[4])
    longitude = factory.LazyAttribute(lambda event: event.venue[5])
    audience = "Fachkräfte der Frühen Hilfen"
    organiser = "Koordinierungsstelle Frühe Hilfen"
    parent = factory.SubFactory(EventIndexPageFactory)

    class Meta:
        model = EventPage

    class Params:
        venue = factory.Faker("random_element", elements=VENUES)
        day = factory.Faker("date_between", start_date="+7d", end_date="+180d")
