"""Editorial demo content (called by home.demo_content.load_demo_content): press contacts,
press releases that use the richer body blocks and topics, and each region's events with a
network-wide calendar. Idempotent: everything is looked up by slug, title or name first."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.models import Group

from wagtail.models import Page

from .models import NewsPage, PressContact
from .permissions import grant_editorial_permissions

BERLIN = ZoneInfo(settings.TIME_ZONE)

CONTACTS = {
    "landkreis-harburg": ("Anna Petersen", "Netzwerkkoordinatorin Frühe Hilfen"),
    "landkreis-boerde": ("Jens Köhler", "Koordinator Netzwerk Frühe Hilfen und Kinderschutz"),
    "landkreis-saarlouis": ("Sabine Lauer", "Koordinatorin Frühe Hilfen"),
    "wittenberg-dessau-rosslau": ("Katrin Hoffmann", "Netzwerkkoordinatorin"),
    "heidekreis": ("Meike Brandt", "Koordinatorin Frühe Hilfen"),
}

# (region slug, title, date, teaser, topics, quote (text, speaker, role), further regions)
PRESS_RELEASES = [
    (
        "landkreis-harburg",
        "Pressemitteilung: Babylotsinnen jetzt auch im Krankenhaus Buchholz",
        datetime.date(2026, 11, 12),
        "Seit November beraten Babylotsinnen Familien direkt nach der Geburt auch im "
        "Krankenhaus Buchholz und vermitteln passende Angebote der Frühen Hilfen.",
        ["Babylotsinnen", "Geburtsklinik"],
        (
            "Der Start ins Familienleben gelingt besser, wenn Eltern schon in der Klinik "
            "wissen, wo sie Unterstützung finden.",
            "Dr. Maria Lindner",
            "Erste Kreisrätin des Landkreises Harburg",
        ),
        [],
    ),
    (
        "heidekreis",
        "Gemeinsame Fortbildung der AGs Nord, Mitte und Süd",
        datetime.date(2026, 9, 30),
        "Fachkräfte aus dem Heidekreis und dem Landkreis Harburg haben sich zum Thema "
        "Kinderschutz in den ersten Lebensjahren fortgebildet.",
        ["Fortbildung", "Kinderschutz"],
        (
            "Gute Zusammenarbeit endet nicht an der Kreisgrenze.",
            "Meike Brandt",
            "Koordinatorin Frühe Hilfen im Heidekreis",
        ),
        # No further region here: each region's demo listing shows only its own news.
        [],
    ),
]

# (region slug, title, start, end, venue, street, postal code, city, lat, lon, audience,
#  organiser, registration deadline)
EVENTS = [
    (
        "landkreis-harburg",
        "11. Netzwerktag Frühe Hilfen",
        datetime.datetime(2027, 9, 16, 9, 0),
        datetime.datetime(2027, 9, 16, 15, 30),
        "Kreishaus Winsen",
        "Schloßplatz 1",
        "21423",
        "Winsen (Luhe)",
        53.3576,
        10.2122,
        "Fachkräfte aus Gesundheitswesen, Jugendhilfe und Beratung",
        "Landkreis Harburg, Koordinierungsstelle Frühe Hilfen",
        datetime.date(2027, 9, 1),
    ),
    (
        "landkreis-boerde",
        "Arbeitskreis Frühe Hilfen – Frühjahrstreffen",
        datetime.datetime(2027, 3, 10, 14, 0),
        datetime.datetime(2027, 3, 10, 16, 30),
        "Kreisverwaltung Börde",
        "Gerikestraße 104",
        "39340",
        "Haldensleben",
        52.2889,
        11.4097,
        "Mitglieder des Arbeitskreises",
        "Landkreis Börde, Netzwerkkoordination",
        None,
    ),
    (
        "landkreis-saarlouis",
        "Fachtag Kinderschutz mit World Café",
        datetime.datetime(2027, 5, 19, 9, 30),
        datetime.datetime(2027, 5, 19, 16, 0),
        "Landratsamt Saarlouis",
        "Kaiser-Wilhelm-Straße 4–6",
        "66740",
        "Saarlouis",
        49.3133,
        6.7517,
        "Fachkräfte der Frühen Hilfen und des Kinderschutzes",
        "Landkreis Saarlouis, Netzwerk Frühe Hilfen",
        datetime.date(2027, 5, 5),
    ),
    (
        "wittenberg-dessau-rosslau",
        "Klausurtagung der Netzwerkkoordinatorinnen Sachsen-Anhalt",
        datetime.datetime(2027, 2, 24, 10, 0),
        datetime.datetime(2027, 2, 25, 14, 0),
        "Tagungshaus Lutherstadt Wittenberg",
        "Collegienstraße 62",
        "06886",
        "Lutherstadt Wittenberg",
        51.8664,
        12.6484,
        "Netzwerkkoordinatorinnen und -koordinatoren",
        "Landkreis Wittenberg und Stadt Dessau-Roßlau",
        datetime.date(2027, 2, 1),
    ),
    (
        "heidekreis",
        "Treffen der AG Süd",
        datetime.datetime(2027, 1, 20, 15, 0),
        datetime.datetime(2027, 1, 20, 17, 0),
        "Rathaus Schwarmstedt",
        "Am Markt 1",
        "29690",
        "Schwarmstedt",
        52.6774,
        9.6184,
        "Fachkräfte der AG Süd",
        "Heidekreis, Koordinierungsstelle Frühe Hilfen",
        None,
    ),
]


def _child(parent: Page, slug: str) -> Page | None:
    page = parent.get_children().filter(slug=slug).first()
    return page.specific if page else None


def _add(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def load_editorial_demo(
    home: Page, region_index: Page, say: Callable[[str], None] = lambda message: None
) -> None:
    from events.models import EventIndexPage, EventPage
    from home.models import RegionPage
    from home.permissions import NETWORK_EDITORS_GROUP

    regions = {r.slug: r for r in RegionPage.objects.child_of(region_index).specific()}
    for region in regions.values():
        if region.coordinator_group is not None:
            grant_editorial_permissions(region.coordinator_group)
    editors = Group.objects.filter(name=NETWORK_EDITORS_GROUP).first()
    if editors is not None:
        grant_editorial_permissions(editors)

    contacts = {}
    for slug, (name, role) in CONTACTS.items():
        region = regions.get(slug)
        if region is None:
            continue
        contacts[slug], _ = PressContact.objects.get_or_create(
            name=name,
            defaults={
                "role": role,
                "organisation": region.official_name or region.title,
                "phone": region.contact_phone,
                "email": region.contact_email,
            },
        )

    for slug, title, date, teaser, topics, quote, further in PRESS_RELEASES:
        region = regions.get(slug)
        index = _child(region, "aktuelles") if region else None
        if index is None or NewsPage.objects.filter(title=title).exists():
            continue
        text, speaker, role = quote
        body = [
            ("paragraph", f"<p>{teaser}</p>"),
            ("heading", {"text": "Stimmen aus dem Netzwerk", "level": "h2"}),
            ("quote", {"text": text, "speaker": speaker, "role": role}),
        ]
        if slug in contacts:
            body.append(("contact", {"contact": contacts[slug], "heading": "Pressekontakt"}))
        page = NewsPage(
            title=title, date=date, teaser=teaser, body=body, contact=contacts.get(slug)
        )
        index.add_child(instance=page)
        page.tags.add(*topics)
        page.extra_regions.set([regions[s] for s in further if s in regions])
        page.save_revision().publish()
        say(f"Created press release {title!r}.")

    calendar = _child(home, "termine")
    if calendar is None:
        calendar = _add(
            home,
            EventIndexPage(
                title="Termine",
                slug="termine",
                intro="Netzwerktage, Fachtage und Arbeitskreise in den Regionen.",
                include_all_regions=True,
                show_in_menus=True,
            ),
        )
    for region in regions.values():
        if _child(region, "termine") is None:
            _add(region, EventIndexPage(title=f"Termine in {region.title}", slug="termine"))
    for (
        slug,
        title,
        start,
        end,
        venue,
        street,
        postal_code,
        city,
        lat,
        lon,
        audience,
        organiser,
        deadline,
    ) in EVENTS:
        region = regions.get(slug)
        index = _child(region, "termine") if region else None
        if index is None or EventPage.objects.filter(title=title).exists():
            continue
        _add(
            index,
            EventPage(
                title=title,
                start=start.replace(tzinfo=BERLIN),
                end=end.replace(tzinfo=BERLIN),
                teaser=f"{title} – {city}.",
                venue_name=venue,
                street=street,
                postal_code=postal_code,
                city=city,
                latitude=lat,
                longitude=lon,
                audience=audience,
                organiser=organiser,
                registration_deadline=deadline,
                registration_note="Die Teilnahme ist kostenfrei.",
                contact=contacts.get(slug),
            ),
        )
        say(f"Created event {title!r}.")
