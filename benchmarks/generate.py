"""Generated offers for the benchmark: HSDS 3.0 `service_full` objects with German texts of
the kinds a Frühe Hilfen directory holds, 1–3 locations at real German places and some
service areas.

Deterministic: offer number i depends only on (seed, i), so the first 10,000 offers of a
100,000 run are the offers of a 10,000 run. Places come from the offline gazetteer's rows
(postcode, place name, coordinates, population); larger places get more offers, as they do
in reality. HSDS has no field for a short summary nor for a service area given as a circle;
both travel in `x_benchmark` (the importer ignores unknown keys), which the bulk loader
applies and an import through `manage.py import_offers` leaves out."""

from __future__ import annotations

import bisect
import gzip
import hashlib
import itertools
import json
import math
import random
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SEED = 20261201
EXTENSION = "x_benchmark"


@dataclass(frozen=True)
class Place:
    postal_code: str
    name: str
    latitude: float
    longitude: float
    population: int


@dataclass(frozen=True)
class Kind:
    """One kind of offer: title patterns, a summary, sentences for the description, the
    category and target-group codes of the project's managed vocabularies, ages in years."""

    titles: tuple[str, ...]
    summary: str
    sentences: tuple[str, ...]
    categories: tuple[str, ...]
    groups: tuple[str, ...]
    ages: tuple[float, float]
    weight: int = 1


KINDS: tuple[Kind, ...] = (
    Kind(
        (
            "Familienhebamme in {place}",
            "Familienhebammen im Netzwerk Frühe Hilfen {place}",
            "Familienhebamme und FGKiKP – Begleitung im ersten Lebensjahr",
        ),
        "Eine Familienhebamme begleitet Sie in der Schwangerschaft und im ersten Lebensjahr "
        "Ihres Kindes – zu Hause, vertraulich und kostenfrei.",
        (
            "Familienhebammen sind staatlich examinierte Hebammen mit einer Zusatzausbildung.",
            "Sie kommen zu Ihnen nach Hause und beantworten Fragen zu Ernährung, Schlaf und "
            "Entwicklung Ihres Babys.",
            "Die Begleitung kann bis zum ersten Geburtstag Ihres Kindes dauern.",
            "Auch Familien-Gesundheits- und Kinderkrankenpflegerinnen (FGKiKP) gehören zum Team.",
            "Wir helfen auch, wenn Sie sich nach der Geburt erschöpft oder allein fühlen.",
        ),
        ("familienhebamme",),
        ("schwangere", "eltern-saeuglinge"),
        (0, 1),
        weight=4,
    ),
    Kind(
        (
            "Hebammensprechstunde im Familienzentrum {place}",
            "Offene Hebammensprechstunde {place}",
        ),
        "Ohne Termin: Eine Hebamme beantwortet Ihre Fragen rund um Schwangerschaft, "
        "Wochenbett und Stillen.",
        (
            "Die Sprechstunde ist offen für alle Schwangeren und Eltern mit Säuglingen.",
            "Sie brauchen keine Überweisung und keinen Termin.",
            "Viele Frauen finden nach der Geburt keine Nachsorgehebamme – hier bekommen Sie Rat.",
            "Wir wiegen Ihr Baby und sprechen über Stillen, Beikost und Schlaf.",
        ),
        ("hebammensprechstunde",),
        ("schwangere", "eltern-saeuglinge"),
        (0, 1),
        weight=3,
    ),
    Kind(
        ("Elterncafé {name}", "Babytreff im Stadtteilzentrum {place}", "Elterncafé {place}"),
        "Offener Treff für Eltern mit Babys und Kleinkindern: Frühstück, Austausch und eine "
        "Fachkraft für Ihre Fragen.",
        (
            "Kommen Sie einfach vorbei – eine Anmeldung ist nicht nötig.",
            "Bei Kaffee und Tee lernen Sie andere Eltern aus der Nachbarschaft kennen.",
            "Eine Sozialpädagogin und an manchen Tagen eine Hebamme sind dabei.",
            "Geschwisterkinder sind herzlich willkommen.",
            "Einmal im Monat gibt es einen Themenvormittag, zum Beispiel zu Zahnpflege oder "
            "Sprachentwicklung.",
        ),
        ("elterncafe",),
        ("eltern-saeuglinge", "eltern-kleinkinder"),
        (0, 3),
        weight=4,
    ),
    Kind(
        (
            "Schwangerschaftsberatung {org}",
            "Beratungsstelle für Schwangerschaftsfragen {place}",
            "Schwangerschafts- und Schwangerschaftskonfliktberatung",
        ),
        "Beratung in der Schwangerschaft: Fragen zu Geld, Mutterschutz, Elterngeld und "
        "Unterstützung nach der Geburt – auch anonym.",
        (
            "Wir beraten Sie vertraulich und auf Wunsch anonym.",
            "Wir helfen beim Antrag auf Mittel der Bundesstiftung Mutter und Kind.",
            "Auch die Schwangerschaftskonfliktberatung nach § 219 StGB bieten wir an.",
            "Väter und Angehörige sind ebenfalls willkommen.",
            "Beratung ist auch telefonisch oder per Video möglich.",
        ),
        ("schwangerschaftsberatung",),
        ("schwangere",),
        (0, 1),
        weight=3,
    ),
    Kind(
        (
            "Erziehungs- und Familienberatungsstelle {place}",
            "Erziehungsberatung {org}",
            "Beratungsstelle für Eltern, Kinder und Jugendliche",
        ),
        "Beratung für Eltern bei Fragen zu Erziehung, Entwicklung, Trennung und Konflikten "
        "in der Familie.",
        (
            "Unser Team aus Psychologinnen und Sozialpädagogen berät Sie kostenfrei.",
            "Wir helfen, wenn Ihr Kind viel schreit, schlecht schläft oder sich anders "
            "entwickelt als erwartet.",
            "Die Beratung unterliegt der Schweigepflicht.",
            "Termine bekommen Sie in der Regel innerhalb von zwei Wochen.",
        ),
        ("erziehungsberatung",),
        ("eltern-kleinkinder", "alleinerziehende"),
        (0, 6),
        weight=3,
    ),
    Kind(
        ("Krabbelgruppe {name}", "Eltern-Kind-Gruppe {place}", "PEKiP-Gruppe in {place}"),
        "Wöchentliche Gruppe für Eltern mit Kindern zwischen sechs Monaten und drei Jahren: "
        "spielen, singen, bewegen.",
        (
            "In der Krabbelgruppe entdecken die Kinder neue Spielsachen und andere Kinder.",
            "Die Eltern tauschen sich über den Alltag mit Kleinkindern aus.",
            "Eine erfahrene Gruppenleiterin gibt Anregungen für Spiel und Bewegung.",
            "Bitte bringen Sie Socken und eine Decke mit.",
        ),
        ("krabbelgruppe",),
        ("eltern-kleinkinder",),
        (0.5, 3),
        weight=3,
    ),
    Kind(
        ("Babylotsen am Klinikum {place}", "Babylotsin in der Geburtsklinik {place}"),
        "Babylotsinnen sprechen Familien schon in der Geburtsklinik an und vermitteln "
        "passende Hilfen für die Zeit danach.",
        (
            "Nach der Geburt ist vieles neu – die Babylotsin nimmt sich Zeit für Ihre Fragen.",
            "Sie zeigt Ihnen Angebote in Ihrer Nähe und begleitet Sie auf Wunsch zum ersten "
            "Termin.",
            "Das Angebot ist freiwillig und kostenfrei.",
        ),
        ("babylotse",),
        ("schwangere", "eltern-saeuglinge"),
        (0, 1),
        weight=2,
    ),
    Kind(
        ("Stillberatung {place}", "Stillgruppe und Stillberatung {name}"),
        "Beratung und offene Gruppe rund ums Stillen, Abpumpen und die erste Beikost.",
        (
            "Eine Still- und Laktationsberaterin (IBCLC) beantwortet Ihre Fragen.",
            "Wir helfen bei wunden Brustwarzen, Milchstau und wenig Milch.",
            "Auch Fragen zum Abstillen und zur Flaschennahrung sind willkommen.",
        ),
        ("stillberatung",),
        ("eltern-saeuglinge",),
        (0, 1),
        weight=2,
    ),
    Kind(
        ("Schreibaby-Sprechstunde {place}", "Beratung für Eltern von Schreibabys"),
        "Hilfe, wenn Ihr Baby viel schreit, schlecht schläft oder nicht trinken mag.",
        (
            "Exzessives Schreien belastet die ganze Familie – Sie sind damit nicht allein.",
            "Wir schauen gemeinsam auf den Tagesablauf und suchen Wege zur Beruhigung.",
            "Im Notfall erreichen Sie uns auch kurzfristig.",
        ),
        ("schreibaby-beratung",),
        ("eltern-saeuglinge", "belastete-familien"),
        (0, 2),
    ),
    Kind(
        ("Willkommensbesuch für Neugeborene in {place}", "Babybegrüßungsdienst {place}"),
        "Nach der Geburt besucht Sie eine Fachkraft mit Informationen und einem kleinen "
        "Willkommensgeschenk.",
        (
            "Der Besuch ist freiwillig; Sie bekommen vorher einen Brief mit einem Terminvorschlag.",
            "Sie erfahren, welche Angebote es für Familien in Ihrer Stadt gibt.",
            "Das Willkommenspaket enthält Gutscheine und Informationen in mehreren Sprachen.",
        ),
        ("willkommensbesuch",),
        ("eltern-saeuglinge",),
        (0, 1),
        weight=2,
    ),
    Kind(
        ("Familienpaten {place}", "Ehrenamtliche Familienbegleitung {name}"),
        "Ehrenamtliche Patinnen und Paten unterstützen Familien im Alltag – ein paar Stunden "
        "in der Woche.",
        (
            "Die Patin kommt ein- bis zweimal pro Woche und entlastet Sie im Alltag.",
            "Sie hat Zeit für Spaziergänge, Arztbesuche oder das Geschwisterkind.",
            "Alle Ehrenamtlichen sind geschult und werden von einer Fachkraft begleitet.",
        ),
        ("familienpatenschaft",),
        ("belastete-familien", "alleinerziehende"),
        (0, 3),
    ),
    Kind(
        (
            "Elternkurs „Starke Eltern – Starke Kinder“",
            "Elternkurs „Das erste Lebensjahr“ in {place}",
            "Babymassage-Kurs {place}",
        ),
        "Kurs für Eltern: Entwicklung, Erziehung und Alltag mit kleinen Kindern, in einer "
        "kleinen Gruppe.",
        (
            "Der Kurs umfasst acht Abende zu je zwei Stunden.",
            "Themen sind Schlafen, Essen, Grenzen setzen und Geschwisterstreit.",
            "Eine Kinderbetreuung ist während des Kurses möglich.",
            "Die Teilnahme kostet einen kleinen Beitrag; eine Ermäßigung ist möglich.",
        ),
        ("elternkurs",),
        ("eltern-kleinkinder",),
        (0, 6),
        weight=2,
    ),
    Kind(
        ("Geburtsvorbereitungskurs {place}", "Geburtsvorbereitung für Paare {name}"),
        "Kurs zur Vorbereitung auf Geburt und die erste Zeit mit dem Baby, für Schwangere "
        "und ihre Partner.",
        (
            "Eine Hebamme leitet den Kurs.",
            "Wir üben Atmung und Entspannung und sprechen über den Ablauf der Geburt.",
            "Die Krankenkasse übernimmt die Kosten für die Schwangere.",
        ),
        ("geburtsvorbereitung",),
        ("schwangere",),
        (0, 0),
    ),
    Kind(
        ("Deutschkurs mit Kinderbetreuung {place}", "Sprachcafé für Mütter {name}"),
        "Deutsch lernen, während Ihre Kinder im Nebenraum betreut werden.",
        (
            "Der Kurs ist für Mütter und Väter mit kleinen Kindern.",
            "Wir lernen Wörter für Arztbesuche, Kita und Behörden.",
            "Die Kinder spielen mit Erzieherinnen im Nebenraum.",
        ),
        ("sprachkurs-kinderbetreuung",),
        ("migrationsgeschichte",),
        (0, 6),
    ),
    Kind(
        ("Familienzentrum {name}", "Familienzentrum {place}"),
        "Anlaufstelle für Familien im Stadtteil: Beratung, offene Treffs, Kurse und "
        "Hebammensprechstunde unter einem Dach.",
        (
            "Im Familienzentrum finden Sie viele Angebote an einem Ort.",
            "Eine Hebamme kommt jeden Dienstag in die offene Sprechstunde.",
            "Das Elterncafé ist montags und donnerstags geöffnet.",
            "Wir vermitteln Ihnen auch Beratung zu Geld, Wohnen und Arbeit.",
        ),
        ("familienzentrum", "elterncafe"),
        ("eltern-kleinkinder",),
        (0, 6),
        weight=2,
    ),
    Kind(
        ("Interdisziplinäre Frühförderstelle {place}", "Frühförderung {org}"),
        "Förderung und Beratung für Kinder mit Entwicklungsverzögerung oder Behinderung, "
        "von der Geburt bis zur Einschulung.",
        (
            "Heilpädagoginnen, Logopäden und Physiotherapeutinnen arbeiten im Team.",
            "Die Förderung findet in unseren Räumen oder bei Ihnen zu Hause statt.",
            "Eine Überweisung der Kinderärztin ist hilfreich, aber nicht nötig.",
        ),
        ("fruehfoerderung",),
        ("eltern-kleinkinder", "eltern-mit-behinderung"),
        (0, 6),
    ),
    Kind(
        ("Sozialberatung für Familien {place}", "Beratung zu Geld und Anträgen {org}"),
        "Hilfe bei Anträgen auf Elterngeld, Kindergeld, Kinderzuschlag und Wohngeld.",
        (
            "Bringen Sie Ihre Unterlagen mit, wir füllen die Anträge gemeinsam aus.",
            "Wir beraten auch bei Schulden und Problemen mit der Wohnung.",
            "Die Beratung ist kostenlos und vertraulich.",
        ),
        ("sozialberatung",),
        ("belastete-familien", "alleinerziehende"),
        (0, 6),
    ),
    Kind(
        ("Väter-Kind-Treff {place}", "Papa-Café {name}"),
        "Treffpunkt für Väter mit Babys und Kleinkindern am Samstagvormittag.",
        (
            "Hier treffen sich Väter, spielen mit ihren Kindern und tauschen sich aus.",
            "Ein Vater aus unserem Team moderiert den Treff.",
        ),
        ("elterncafe",),
        ("vaeter",),
        (0, 3),
    ),
)

ORGANIZATIONS = (
    "Diakonisches Werk {place}",
    "Caritasverband {place}",
    "AWO Kreisverband {place}",
    "DRK Kreisverband {place}",
    "pro familia {place}",
    "Der Paritätische {place}",
    "Stadt {place} – Jugendamt",
    "Familienzentrum {place} e. V.",
    "Deutscher Kinderschutzbund Ortsverband {place}",
    "Sozialdienst katholischer Frauen {place}",
    "Evangelische Familienbildungsstätte {place}",
    "Gesundheitsamt {place}",
)
NAMES = (
    "Sonnenschein", "Regenbogen", "Kleine Strolche", "Pusteblume", "Löwenzahn", "Spatzennest",
    "Zwergenland", "Wirbelwind", "Sternschnuppe", "Marienkäfer", "Am Markt", "Lindenhof",
)  # fmt: skip
STREETS = (
    "Hauptstraße", "Bahnhofstraße", "Schulstraße", "Gartenstraße", "Kirchstraße", "Lindenweg",
    "Am Markt", "Goethestraße", "Rathausplatz", "Friedrich-Ebert-Straße", "Mühlenweg",
    "Waldstraße",
)  # fmt: skip
# (code, weight): German first; the languages the managed vocabulary lists most often asked.
LANGUAGES = (
    ("en", 30), ("tr", 20), ("ar", 20), ("uk", 15), ("ru", 12), ("fa", 8), ("pl", 8),
    ("ro", 5), ("ku", 4), ("fr", 4),
)  # fmt: skip
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR")
SHARE_SECOND_LOCATION = 0.25
SHARE_THIRD_LOCATION = 0.08
SHARE_POLYGON = 0.12
SHARE_CIRCLE = 0.10
SHARE_FREE = 0.8


def load_places(gazetteer: Path) -> list[Place]:
    """One entry per postcode and place name of the gazetteer (its `columns` name the row
    fields); rows without a resolved place keep their approximate centre."""
    with gzip.open(gazetteer, "rt", encoding="utf-8") as handle:
        data = json.load(handle)
    columns = {name: i for i, name in enumerate(data["columns"])}
    return [
        Place(
            postal_code=row[columns["postal_code"]],
            name=row[columns["name"]],
            latitude=row[columns["latitude"]],
            longitude=row[columns["longitude"]],
            population=int(row[columns["population"]] or 0),
        )
        for row in data["rows"]
    ]


class Generator:
    """generator.service(i) is offer number i; generator.services(n) the first n."""

    def __init__(self, places: list[Place], seed: int = SEED) -> None:
        self.seed = seed
        # A city with many postcodes lists its population once per postcode: its weight is
        # shared among them. Large places get more offers, with a floor so villages get some.
        per_place: dict[tuple[str, int], int] = {}
        for place in places:
            key = (place.name, place.population)
            per_place[key] = per_place.get(key, 0) + 1
        self.places = places
        weights = [
            (place.population**0.85 + 800) / per_place[(place.name, place.population)]
            for place in places
        ]
        self.cumulative = list(itertools.accumulate(weights))
        # Per postcode region (first two digits): the places and their cumulative weights.
        self.regions: dict[str, tuple[list[Place], list[float]]] = {}
        for place, weight in zip(places, weights, strict=True):
            members, cumulative = self.regions.setdefault(place.postal_code[:2], ([], []))
            members.append(place)
            cumulative.append((cumulative[-1] if cumulative else 0.0) + weight)
        self.kind_cumulative = list(itertools.accumulate(kind.weight for kind in KINDS))
        self.language_cumulative = list(itertools.accumulate(w for _c, w in LANGUAGES))

    def _place(self, rng: random.Random) -> Place:
        point = rng.random() * self.cumulative[-1]
        return self.places[bisect.bisect_left(self.cumulative, point)]

    def _nearby(self, rng: random.Random, place: Place) -> Place:
        """A place of the same postcode region (the first two digits)."""
        members, cumulative = self.regions[place.postal_code[:2]]
        return members[bisect.bisect_left(cumulative, rng.random() * cumulative[-1])]

    def services(self, count: int, start: int = 0) -> list[dict[str, Any]]:
        return [self.service(number) for number in range(start, start + count)]

    def service(self, number: int) -> dict[str, Any]:
        rng = random.Random(f"{self.seed}:{number}")
        kind = KINDS[
            bisect.bisect_left(self.kind_cumulative, rng.random() * self.kind_cumulative[-1])
        ]
        # A provider runs about eight offers, most in its own postcode region.
        org_number = number // 8
        org_rng = random.Random(f"{self.seed}:organization:{org_number}")
        home = self._place(org_rng)
        org_name = org_rng.choice(ORGANIZATIONS).format(place=home.name)
        place = home if rng.random() < 0.5 else self._nearby(rng, home)
        title = rng.choice(kind.titles).format(
            place=place.name, name=rng.choice(NAMES), org=org_name
        )
        sentences = list(kind.sentences)
        rng.shuffle(sentences)
        description = " ".join(sentences[: rng.randint(2, len(sentences))])
        description += (
            f" Das Angebot richtet sich an Familien aus {place.name} und Umgebung."
            if rng.random() < 0.6
            else ""
        )
        locations = [place]
        if rng.random() < SHARE_SECOND_LOCATION:
            locations.append(self._nearby(rng, place))
            if rng.random() < SHARE_THIRD_LOCATION / SHARE_SECOND_LOCATION:
                locations.append(self._nearby(rng, place))
        source = f"bench-{number:06d}"
        service: dict[str, Any] = {
            "id": _id(source),
            "name": title,
            "description": description,
            "status": "active",
            "url": f"https://angebote.example/{source}",
            "email": f"kontakt-{number}@angebote.example",
            "minimum_age": kind.ages[0],
            "maximum_age": kind.ages[1],
            "assured_date": f"2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}",
            "phones": [{"id": _id(f"{source}-phone"), "number": _phone(rng)}],
            "languages": [
                {"id": _id(f"{source}-lang-{code}"), "code": code} for code in self._languages(rng)
            ],
            "attributes": [
                {
                    "id": _id(f"{source}-attr-{code}"),
                    "link_type": "category",
                    "taxonomy_term": {
                        "id": _id(f"bench-term-{code}"),
                        "code": code,
                        "name": code,
                        "description": code,
                    },
                }
                for code in (*kind.categories, *rng.sample(kind.groups, 1))
            ],
            "organization": {
                "id": _id(f"bench-org-{org_number}"),
                "name": org_name,
                "description": f"Träger von Angeboten der Frühen Hilfen in {home.name}.",
            },
            "service_at_locations": [
                _location(rng, f"{source}-{i}", located, title)
                for i, located in enumerate(locations)
            ],
            "schedules": [
                {
                    "id": _id(f"{source}-schedule-{i}"),
                    "byday": day,
                    "opens_at": f"{hour:02d}:00",
                    "closes_at": f"{hour + rng.choice((2, 3, 4)):02d}:00",
                }
                for i, (day, hour) in enumerate(
                    (d, rng.choice((8, 9, 10, 14, 15)))
                    for d in rng.sample(WEEKDAYS, rng.randint(1, 3))
                )
            ],
            EXTENSION: {"summary": kind.summary, "circles": []},
        }
        if rng.random() >= SHARE_FREE:
            service["cost_options"] = [
                {
                    "id": _id(f"{source}-cost"),
                    "amount": rng.choice((5, 10, 25, 60)),
                    "currency": "EUR",
                    "amount_description": "pro Termin, Ermäßigung auf Anfrage",
                }
            ]
        draw = rng.random()
        if draw < SHARE_POLYGON:
            radius = rng.uniform(5, 25)
            service["service_areas"] = [
                {
                    "id": _id(f"{source}-area"),
                    "name": f"Stadtgebiet {place.name}",
                    "extent_type": "geojson",
                    "extent": json.dumps(_polygon(rng, place, radius)),
                }
            ]
        elif draw < SHARE_POLYGON + SHARE_CIRCLE:
            radius = rng.choice((15, 20, 30, 40))
            service[EXTENSION]["circles"].append(
                {
                    "name": f"Umkreis von {radius} km um {place.name}",
                    "latitude": place.latitude,
                    "longitude": place.longitude,
                    "radius_km": float(radius),
                }
            )
        return service

    def _languages(self, rng: random.Random) -> list[str]:
        codes = ["de"]
        for _ in range(rng.choice((0, 0, 1, 1, 2, 3))):
            point = rng.random() * self.language_cumulative[-1]
            code = LANGUAGES[bisect.bisect_left(self.language_cumulative, point)][0]
            if code not in codes:
                codes.append(code)
        return codes


# HSDS 3.1 wants UUIDs; another system's export has them, so the importer meets no schema
# warnings it would not meet there. Derived from names: the same offers every run.
ID_NAMESPACE = uuid.UUID("5f0c4d1e-8a7b-4c3d-9e2f-1a2b3c4d5e6f")


def _id(name: str) -> str:
    return str(uuid.uuid5(ID_NAMESPACE, name))


def _phone(rng: random.Random) -> str:
    return f"0{rng.randint(30, 9999)} {rng.randint(10000, 999999)}"


def _location(rng: random.Random, source: str, place: Place, title: str) -> dict[str, Any]:
    # Gazetteer coordinates are a place's centre; offers spread over the town around it.
    spread = 0.02 if place.population < 50_000 else 0.06
    return {
        "id": _id(f"{source}-sal"),
        "location": {
            "id": _id(f"{source}-loc"),
            "location_type": "physical",
            "name": title if rng.random() < 0.3 else "",
            "latitude": round(place.latitude + rng.uniform(-spread, spread), 5),
            "longitude": round(place.longitude + rng.uniform(-spread, spread) * 1.5, 5),
            "addresses": [
                {
                    "id": _id(f"{source}-address"),
                    "address_1": f"{rng.choice(STREETS)} {rng.randint(1, 120)}",
                    "city": place.name,
                    "postal_code": place.postal_code,
                    "state_province": "",
                    "country": "DE",
                    "address_type": "physical",
                }
            ],
        },
    }


def _polygon(rng: random.Random, place: Place, radius_km: float) -> dict[str, Any]:
    """An irregular octagon around the place ([longitude, latitude] positions, closed)."""
    ring = []
    for step in range(8):
        angle = step * math.pi / 4
        distance = radius_km * rng.uniform(0.7, 1.0)
        lat = place.latitude + distance / 111.0 * math.sin(angle)
        lon = place.longitude + distance / (111.0 * math.cos(math.radians(place.latitude))) * (
            math.cos(angle)
        )
        ring.append([round(lon, 5), round(lat, 5)])
    ring.append(ring[0])
    return {"type": "Polygon", "coordinates": [ring]}


def fingerprint() -> str:
    """Changes whenever this module (and so the generated data) changes."""
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]
