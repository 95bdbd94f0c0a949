"""The demo site's editorial content on top of the product's structure (home/site_pages.py):
the footer's contact line, news per region, press contacts, press releases with quotes and
topics, and each region's events. The people are invented."""

from __future__ import annotations

import datetime

FOOTER_CONTACT = "Netzwerk Frühe Hilfen – Koordinierungsstellen"

# (title, date, teaser, text) per region slug
NEWS = {
    "landkreis-harburg": [
        (
            "Netzwerktag Frühe Hilfen in Winsen (Luhe)",
            datetime.date(2026, 9, 17),
            "Rund 80 Fachkräfte aus Gesundheitswesen, Jugendhilfe und Beratung trafen sich "
            "zum 10. Netzwerktag Frühe Hilfen im Kreishaus.",
            "Im Mittelpunkt standen die Zusammenarbeit zwischen Geburtskliniken und "
            "Jugendhilfe sowie die neuen Babylotsinnen. In Workshops tauschten sich die "
            "Teilnehmenden über Übergänge von der Klinik in die Angebote vor Ort aus.",
        ),
        (
            "Neue Sprechzeiten der Familienhebammen",
            datetime.date(2026, 10, 6),
            "Die Familienhebammen des Landkreises bieten ab sofort auch samstags offene "
            "Sprechstunden in Buchholz in der Nordheide an.",
            "Die Sprechstunde ist kostenfrei und ohne Anmeldung möglich. Beratung gibt es auf "
            "Deutsch, Englisch und Arabisch.",
        ),
    ],
    "landkreis-boerde": [
        (
            "Arbeitskreis Frühe Hilfen tagte in Haldensleben",
            datetime.date(2026, 8, 27),
            "Der Arbeitskreis Frühe Hilfen hat die Ergebnisse der Elternbefragung vorgestellt "
            "und die Schwerpunkte für 2027 festgelegt.",
            "Mehr als 300 Eltern haben sich an der Befragung beteiligt. Besonders gefragt sind "
            "wohnortnahe Elterncafés und Beratung in einfacher Sprache.",
        ),
    ],
    "landkreis-saarlouis": [
        (
            "Fachtag „Gut ankommen im Leben“ mit World Café",
            datetime.date(2026, 11, 4),
            "Beim Fachtag des Netzwerks diskutierten Fachkräfte in Vorträgen und einem World "
            "Café über den Kinderschutz in den ersten Lebensjahren.",
            "Die Ergebnisse des World Cafés fließen in die Fortschreibung der "
            "Kooperationsvereinbarung ein.",
        ),
    ],
    "wittenberg-dessau-rosslau": [
        (
            "Gemeinsame Klausurtagung der Netzwerkkoordinatorinnen",
            datetime.date(2026, 6, 12),
            "Die Koordinatorinnen der Frühen Hilfen aus Wittenberg und Dessau-Roßlau haben "
            "sich zu ihrer jährlichen Klausurtagung getroffen.",
            "Auf der Tagesordnung standen die gemeinsame Angebotsdatenbank und die Planung "
            "eines grenzübergreifenden Fachtags.",
        ),
    ],
    "heidekreis": [
        (
            "AG Süd stellt Willkommensbesuche vor",
            datetime.date(2026, 10, 22),
            "Die AG Süd hat bei ihrem Treffen in Schwarmstedt das Konzept der "
            "Willkommensbesuche für Neugeborene vorgestellt.",
            "Alle Familien mit einem neugeborenen Kind erhalten künftig ein Angebot für einen "
            "Willkommensbesuch zu Hause.",
        ),
    ],
}

# The press contact of each region: (name, role).
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

# Each region's events (EventPage fields; times in the site's time zone).
EVENTS = [
    {
        "region": "landkreis-harburg",
        "title": "11. Netzwerktag Frühe Hilfen",
        "start": datetime.datetime(2027, 9, 16, 9, 0),
        "end": datetime.datetime(2027, 9, 16, 15, 30),
        "venue_name": "Kreishaus Winsen",
        "street": "Schloßplatz 1",
        "postal_code": "21423",
        "city": "Winsen (Luhe)",
        "latitude": 53.3576,
        "longitude": 10.2122,
        "audience": "Fachkräfte aus Gesundheitswesen, Jugendhilfe und Beratung",
        "organiser": "Landkreis Harburg, Koordinierungsstelle Frühe Hilfen",
        "registration_deadline": datetime.date(2027, 9, 1),
    },
    {
        "region": "landkreis-boerde",
        "title": "Arbeitskreis Frühe Hilfen – Frühjahrstreffen",
        "start": datetime.datetime(2027, 3, 10, 14, 0),
        "end": datetime.datetime(2027, 3, 10, 16, 30),
        "venue_name": "Kreisverwaltung Börde",
        "street": "Gerikestraße 104",
        "postal_code": "39340",
        "city": "Haldensleben",
        "latitude": 52.2889,
        "longitude": 11.4097,
        "audience": "Mitglieder des Arbeitskreises",
        "organiser": "Landkreis Börde, Netzwerkkoordination",
        "registration_deadline": None,
    },
    {
        "region": "landkreis-saarlouis",
        "title": "Fachtag Kinderschutz mit World Café",
        "start": datetime.datetime(2027, 5, 19, 9, 30),
        "end": datetime.datetime(2027, 5, 19, 16, 0),
        "venue_name": "Landratsamt Saarlouis",
        "street": "Kaiser-Wilhelm-Straße 4–6",
        "postal_code": "66740",
        "city": "Saarlouis",
        "latitude": 49.3133,
        "longitude": 6.7517,
        "audience": "Fachkräfte der Frühen Hilfen und des Kinderschutzes",
        "organiser": "Landkreis Saarlouis, Netzwerk Frühe Hilfen",
        "registration_deadline": datetime.date(2027, 5, 5),
    },
    {
        "region": "wittenberg-dessau-rosslau",
        "title": "Klausurtagung der Netzwerkkoordinatorinnen Sachsen-Anhalt",
        "start": datetime.datetime(2027, 2, 24, 10, 0),
        "end": datetime.datetime(2027, 2, 25, 14, 0),
        "venue_name": "Tagungshaus Lutherstadt Wittenberg",
        "street": "Collegienstraße 62",
        "postal_code": "06886",
        "city": "Lutherstadt Wittenberg",
        "latitude": 51.8664,
        "longitude": 12.6484,
        "audience": "Netzwerkkoordinatorinnen und -koordinatoren",
        "organiser": "Landkreis Wittenberg und Stadt Dessau-Roßlau",
        "registration_deadline": datetime.date(2027, 2, 1),
    },
    {
        "region": "heidekreis",
        "title": "Treffen der AG Süd",
        "start": datetime.datetime(2027, 1, 20, 15, 0),
        "end": datetime.datetime(2027, 1, 20, 17, 0),
        "venue_name": "Rathaus Schwarmstedt",
        "street": "Am Markt 1",
        "postal_code": "29690",
        "city": "Schwarmstedt",
        "latitude": 52.6774,
        "longitude": 9.6184,
        "audience": "Fachkräfte der AG Süd",
        "organiser": "Heidekreis, Koordinierungsstelle Frühe Hilfen",
        "registration_deadline": None,
    },
]
