"""Demo offers for the quick start: about 150 realistic offers of the Frühe Hilfen in the five
demo regions, with providers, several locations, outreach areas, protected contact persons,
fees, languages and a few inactive or expired offers.

Deterministic (a fixed seed), idempotent (offers and providers are found again by their
source id) and fast: coordinates come from a built-in table of the towns, so loading needs no
geocoding round-trips. Phone numbers are from the Bundesnetzagentur's ranges reserved for
fiction; e-mail addresses and websites use the reserved ``.example`` domain; the people are
invented."""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from wagtail.models import Page, Site

from .models import (
    ContactPerson,
    GeocodeStatus,
    Language,
    OfferIndexPage,
    OfferLocation,
    OfferPage,
    OfferSchedule,
    OfferServiceArea,
    OfferStatus,
    OrganizationIndexPage,
    OrganizationPage,
    TaxonomyTerm,
)
from .regions import region_page_model
from .vocabularies import install_vocabularies

SEED = 20261123
SOURCE_SYSTEM = "demo"
OFFERS_SLUG = "angebote"
SUPRA_REGIONAL_SLUG = "angebote-ueberregional"
PROVIDERS_SLUG = "traeger"


@dataclass(frozen=True)
class Town:
    postal_code: str
    name: str
    latitude: float
    longitude: float


@dataclass(frozen=True)
class DemoRegion:
    slug: str
    county: str  # "im Landkreis Harburg"
    short: str  # "Harburg"
    state: str
    phone_prefix: str  # a range reserved for fiction
    towns: tuple[Town, ...]
    # A rough outline of the county ([lon, lat] positions), for county-wide outreach offers.
    outline: tuple[tuple[float, float], ...]
    clinic: str


REGIONS: tuple[DemoRegion, ...] = (
    DemoRegion(
        "landkreis-harburg",
        "im Landkreis Harburg",
        "Harburg",
        "Niedersachsen",
        "040 66969",
        (
            Town("21423", "Winsen (Luhe)", 53.3575, 10.2120),
            Town("21244", "Buchholz in der Nordheide", 53.3285, 9.8730),
            Town("21218", "Seevetal", 53.3960, 9.9710),
            Town("21271", "Hanstedt", 53.2590, 10.0150),
            Town("21255", "Tostedt", 53.2830, 9.7130),
            Town("21629", "Neu Wulmstorf", 53.4660, 9.7940),
            Town("21435", "Stelle", 53.3840, 10.1120),
        ),
        (
            (9.60, 53.30),
            (9.72, 53.50),
            (10.05, 53.48),
            (10.35, 53.43),
            (10.33, 53.27),
            (10.15, 53.14),
            (9.85, 53.15),
            (9.60, 53.30),
        ),
        "Krankenhaus Buchholz",
    ),
    DemoRegion(
        "landkreis-boerde",
        "im Landkreis Börde",
        "Börde",
        "Sachsen-Anhalt",
        "030 23125",
        (
            Town("39340", "Haldensleben", 52.2890, 11.4100),
            Town("39387", "Oschersleben (Bode)", 52.0300, 11.2270),
            Town("39326", "Wolmirstedt", 52.2480, 11.6290),
            Town("39365", "Eilsleben", 52.1470, 11.2100),
            Town("39179", "Barleben", 52.2020, 11.6180),
            Town("39164", "Wanzleben-Börde", 52.0610, 11.4410),
        ),
        (
            (10.98, 52.05),
            (11.05, 52.35),
            (11.30, 52.45),
            (11.70, 52.38),
            (11.75, 52.15),
            (11.50, 51.97),
            (11.15, 51.95),
            (10.98, 52.05),
        ),
        "Klinikum Haldensleben",
    ),
    DemoRegion(
        "landkreis-saarlouis",
        "im Landkreis Saarlouis",
        "Saarlouis",
        "Saarland",
        "069 90009",
        (
            Town("66740", "Saarlouis", 49.3140, 6.7510),
            Town("66763", "Dillingen/Saar", 49.3555, 6.7280),
            Town("66802", "Überherrn", 49.2420, 6.6990),
            Town("66787", "Wadgassen", 49.2670, 6.7830),
            Town("66793", "Saarwellingen", 49.3540, 6.8050),
            Town("66701", "Beckingen", 49.3930, 6.7010),
            Town("66780", "Rehlingen-Siersburg", 49.3690, 6.6830),
        ),
        (
            (6.56, 49.30),
            (6.62, 49.45),
            (6.78, 49.48),
            (6.92, 49.40),
            (6.90, 49.25),
            (6.76, 49.20),
            (6.60, 49.22),
            (6.56, 49.30),
        ),
        "Klinikum Saarlouis",
    ),
    DemoRegion(
        "wittenberg-dessau-rosslau",
        "in Wittenberg und Dessau-Roßlau",
        "Wittenberg/Dessau-Roßlau",
        "Sachsen-Anhalt",
        "030 23125",
        (
            Town("06886", "Lutherstadt Wittenberg", 51.8670, 12.6460),
            Town("06844", "Dessau-Roßlau", 51.8350, 12.2460),
            Town("06895", "Zahna-Elster", 51.9150, 12.7830),
            Town("06901", "Kemberg", 51.7720, 12.6320),
            Town("06917", "Jessen (Elster)", 51.7935, 12.9580),
            Town("06905", "Bad Schmiedeberg", 51.6850, 12.7350),
            Town("06869", "Coswig (Anhalt)", 51.8860, 12.4500),
        ),
        (
            (12.10, 51.80),
            (12.20, 51.95),
            (12.50, 52.03),
            (12.90, 52.00),
            (13.15, 51.85),
            (13.05, 51.68),
            (12.70, 51.62),
            (12.35, 51.72),
            (12.10, 51.80),
        ),
        "Evangelisches Krankenhaus Wittenberg",
    ),
    DemoRegion(
        "heidekreis",
        "im Heidekreis",
        "Heidekreis",
        "Niedersachsen",
        "040 66969",
        (
            Town("29614", "Soltau", 52.9860, 9.8430),
            Town("29664", "Walsrode", 52.8620, 9.5920),
            Town("29683", "Bad Fallingbostel", 52.8670, 9.6960),
            Town("29690", "Schwarmstedt", 52.6780, 9.6170),
            Town("29640", "Schneverdingen", 53.1170, 9.7950),
            Town("29633", "Munster", 52.9860, 10.0880),
            Town("29693", "Hodenhagen", 52.7650, 9.5950),
        ),
        (
            (9.35, 52.75),
            (9.45, 52.62),
            (9.70, 52.60),
            (9.95, 52.78),
            (10.20, 52.95),
            (10.10, 53.15),
            (9.75, 53.20),
            (9.50, 53.02),
            (9.35, 52.75),
        ),
        "Heidekreis-Klinikum Walsrode",
    ),
)

STREETS = (
    "Bahnhofstraße 12",
    "Schulstraße 3",
    "Rathausplatz 1",
    "Kirchweg 8",
    "Lindenstraße 21",
    "Am Markt 4",
    "Hauptstraße 45",
    "Gartenstraße 7",
    "Mühlenweg 2",
    "Bergstraße 16",
    "Am Sportplatz 5",
    "Friedrich-Ebert-Straße 30",
)

PEOPLE = (
    "Anna Berger",
    "Svenja Koch",
    "Melanie Hoffmann",
    "Ayşe Yılmaz",
    "Katharina Neumann",
    "Olena Kovalenko",
    "Jana Schulze",
    "Miriam Weber",
    "Fatma Demir",
    "Sabine Krüger",
    "Julia Lange",
    "Nadine Fischer",
    "Christina Wolf",
    "Tanja Schäfer",
    "Laura Braun",
    "Leyla Haddad",
    "Petra Zimmermann",
    "Birgit Hartmann",
    "Thomas Richter",
    "Jonas Becker",
)

# Provider kinds: (key, name pattern, description, website slug)
PROVIDERS: tuple[tuple[str, str, str], ...] = (
    (
        "jugendamt",
        "Jugendamt {short} – Koordinierungsstelle Frühe Hilfen",
        "Die Koordinierungsstelle Frühe Hilfen im Jugendamt verknüpft die Angebote für "
        "Schwangere und Familien mit kleinen Kindern {county}.",
    ),
    (
        "gesundheitsamt",
        "Gesundheitsamt {short}",
        "Der Kinder- und Jugendgesundheitsdienst berät Familien zu Gesundheit und "
        "Entwicklung ihrer Kinder.",
    ),
    (
        "diakonie",
        "Diakonisches Werk {short}",
        "Beratung und Begleitung für Familien in allen Lebenslagen, unabhängig von Religion "
        "und Herkunft.",
    ),
    (
        "awo",
        "AWO Kreisverband {short}",
        "Die Arbeiterwohlfahrt betreibt Familienzentren, Elterncafés und Beratungsangebote.",
    ),
    (
        "drk",
        "DRK-Kreisverband {short}",
        "Das Deutsche Rote Kreuz bietet Kurse, Familienbildung und ehrenamtliche "
        "Familienbegleitung an.",
    ),
    (
        "beratungsstelle",
        "Beratungsstelle für Schwangerschaft und Familie {short}",
        "Staatlich anerkannte Beratungsstelle für Schwangerschafts- und "
        "Schwangerschaftskonfliktberatung.",
    ),
    (
        "hebammen",
        "Hebammennetzwerk {short}",
        "Zusammenschluss freiberuflicher Hebammen und Familienhebammen.",
    ),
    (
        "kinderschutzbund",
        "Kinderschutzbund {short}",
        "Der Kinderschutzbund setzt sich für Kinder und ihre Familien ein.",
    ),
    (
        "vhs",
        "Kreisvolkshochschule {short}",
        "Sprach- und Elternkurse, viele mit Kinderbetreuung.",
    ),
    (
        "fruehfoerderung",
        "Interdisziplinäre Frühförderstelle {short}",
        "Früherkennung und Frühförderung für Kinder mit Entwicklungsauffälligkeiten.",
    ),
    (
        "klinik",
        "{clinic}",
        "Geburtsklinik mit Lotsendienst für Familien in belastenden Lebenslagen.",
    ),
)


@dataclass(frozen=True)
class OfferType:
    key: str
    title: str  # "{town}" is replaced by the town's name
    count: int  # per region
    provider: str
    categories: tuple[str, ...]
    target_groups: tuple[str, ...]
    summary: str
    description: str
    min_age: int | None = None
    max_age: int | None = None
    pregnancy: bool = False
    fee: tuple[str, str] | None = None  # (amount or "", note)
    schedule: tuple[tuple[str, str, str, str], ...] = ()
    opening_note: str = ""
    outreach: str = ""  # "" | "county" (polygon) | "radius"
    locations: int = 1
    contacts: int = 0  # protected contact persons
    public_contact: bool = False
    languages: tuple[str, ...] = ()
    eligibility: str = ""
    application: str = ""
    wheelchair: bool = True
    valid_days: int | None = None  # a course: valid for this many days around today


OFFER_TYPES: tuple[OfferType, ...] = (
    OfferType(
        "hebammensprechstunde",
        "Hebammensprechstunde {town}",
        3,
        "hebammen",
        ("hebammensprechstunde",),
        ("schwangere", "eltern-saeuglinge"),
        "Offene Sprechstunde für Schwangere und Eltern mit Babys – auch ohne eigene Hebamme.",
        "Sie haben keine Hebamme gefunden oder eine Frage, die nicht warten kann? In der "
        "offenen Hebammensprechstunde in {town} beraten erfahrene Hebammen zu "
        "Schwangerschaft, Wochenbett, Stillen, Ernährung und Schlaf. Sie können Ihr Baby "
        "wiegen lassen und bekommen Adressen für weitere Hilfen.",
        max_age=12,
        pregnancy=True,
        schedule=(("TU", "09:00", "11:30", ""), ("TH", "14:00", "16:00", "")),
        languages=("en", "ar", "tr"),
        eligibility="Schwangere und Eltern mit Babys im ersten Lebensjahr.",
        application="Ohne Anmeldung. Bitte bringen Sie Ihren Mutterpass oder das gelbe Heft mit.",
    ),
    OfferType(
        "elterncafe",
        "Elterncafé {town}",
        4,
        "awo",
        ("elterncafe",),
        ("eltern-saeuglinge", "eltern-kleinkinder", "alleinerziehende"),
        "Treffpunkt für Eltern mit Babys und Kleinkindern: Austausch, Frühstück und Beratung.",
        "Im Elterncafé in {town} treffen sich Mütter und Väter mit Kindern bis drei Jahre. "
        "Bei Kaffee und einem kleinen Frühstück kommen Sie mit anderen Eltern ins Gespräch. "
        "Eine Fachkraft der Frühen Hilfen ist dabei und beantwortet Fragen – vertraulich und "
        "kostenlos. Regelmäßig kommen Gäste, zum Beispiel eine Hebamme oder eine "
        "Ernährungsberaterin.",
        max_age=36,
        schedule=(("WE", "09:30", "11:30", ""),),
        opening_note="Nicht in den Schulferien.",
        languages=("en", "uk", "ru", "ar"),
        application="Einfach vorbeikommen, eine Anmeldung ist nicht nötig.",
    ),
    OfferType(
        "krabbelgruppe",
        "Krabbelgruppe {town}",
        4,
        "drk",
        ("krabbelgruppe",),
        ("eltern-saeuglinge", "eltern-kleinkinder"),
        "Spielen, singen, andere Eltern kennenlernen: Eltern-Kind-Gruppe für die Kleinsten.",
        "In der Krabbelgruppe in {town} entdecken Babys und Kleinkinder gemeinsam mit ihren "
        "Eltern Spielmaterial, Finger- und Bewegungsspiele. Eltern tauschen sich über "
        "Entwicklung, Schlaf und Alltag aus. Die Gruppe wird von einer pädagogischen "
        "Fachkraft begleitet.",
        min_age=6,
        max_age=24,
        fee=("", "Kostenbeitrag 2 € pro Treffen, Ermäßigung möglich"),
        schedule=(("MO", "10:00", "11:30", ""), ("FR", "10:00", "11:30", "")),
        languages=("en", "tr"),
        application="Bitte melden Sie sich vorher telefonisch an.",
    ),
    OfferType(
        "willkommensbesuch",
        "Willkommensbesuch für Neugeborene {county}",
        1,
        "jugendamt",
        ("willkommensbesuch",),
        ("eltern-saeuglinge",),
        "Wir besuchen Sie nach der Geburt zu Hause – mit Informationen und einem kleinen Geschenk.",
        "Alle Familien {county} mit einem neugeborenen Kind erhalten ein Angebot für einen "
        "Willkommensbesuch. Eine Fachkraft der Frühen Hilfen kommt zu Ihnen nach Hause, "
        "bringt eine Elternmappe mit Adressen und Informationen mit und beantwortet Ihre "
        "Fragen. Der Besuch ist freiwillig und kostenlos.",
        max_age=3,
        outreach="county",
        locations=0,
        contacts=2,
        languages=("en", "ar", "uk", "tr", "ru"),
        application="Sie erhalten nach der Geburt einen Brief mit einem Terminvorschlag. "
        "Sie können auch selbst einen Termin vereinbaren.",
    ),
    OfferType(
        "familienhebamme",
        "Familienhebammen und FGKiKP {county}",
        1,
        "gesundheitsamt",
        ("familienhebamme",),
        ("schwangere", "eltern-saeuglinge", "belastete-familien", "junge-eltern"),
        "Längere Begleitung durch Familienhebammen im ersten Lebensjahr – zu Hause.",
        "Familienhebammen und Familien-Gesundheits- und Kinderkrankenpflegerinnen (FGKiKP) "
        "begleiten Schwangere und Familien mit Babys bis zum ersten Geburtstag, wenn die "
        "Situation belastend ist: bei Frühgeburt, Erkrankung, Unsicherheit, Sorgen um Geld "
        "oder wenn Unterstützung im Alltag fehlt. Die Besuche finden bei Ihnen zu Hause "
        "statt.",
        max_age=12,
        pregnancy=True,
        outreach="county",
        locations=1,
        contacts=2,
        languages=("en", "ru"),
        eligibility="Schwangere und Familien mit Babys bis zu einem Jahr mit besonderem "
        "Unterstützungsbedarf.",
        application="Rufen Sie die Koordinierungsstelle an. Auch Ärztinnen, Hebammen und "
        "Beratungsstellen können den Kontakt mit Ihrem Einverständnis vermitteln.",
    ),
    OfferType(
        "babylotsin",
        "Babylotsin im {clinic}",
        1,
        "klinik",
        ("babylotse",),
        ("schwangere", "eltern-saeuglinge", "belastete-familien"),
        "Die Babylotsin berät Familien rund um die Geburt in der Klinik und vermittelt Hilfen.",
        "Rund um die Geburt ist vieles neu. Die Babylotsin im {clinic} spricht mit Familien "
        "auf der Geburtsstation, klärt, welche Unterstützung sie brauchen, und stellt den "
        "Kontakt zu passenden Angeboten her – von der Hebamme bis zur Beratungsstelle.",
        max_age=3,
        pregnancy=True,
        schedule=(
            ("MO", "08:00", "14:00", ""),
            ("TU", "08:00", "14:00", ""),
            ("WE", "08:00", "14:00", ""),
            ("TH", "08:00", "14:00", ""),
        ),
        contacts=1,
        public_contact=True,
        languages=("en", "ar", "fa"),
        application="Sprechen Sie das Team der Geburtsstation an oder rufen Sie uns an.",
    ),
    OfferType(
        "schwangerschaftsberatung",
        "Schwangerschaftsberatung {town}",
        2,
        "beratungsstelle",
        ("schwangerschaftsberatung",),
        ("schwangere", "junge-eltern", "alleinerziehende"),
        "Vertrauliche Beratung in der Schwangerschaft, auch zu Geld, Rechten und Konflikten.",
        "Wir beraten Sie vertraulich und auf Wunsch anonym zu allen Fragen rund um "
        "Schwangerschaft und Geburt: finanzielle Hilfen wie die Bundesstiftung Mutter und "
        "Kind, Elterngeld, Mutterschutz und Elternzeit. Wir bieten auch "
        "Schwangerschaftskonfliktberatung nach § 219 StGB an.",
        pregnancy=True,
        max_age=36,
        schedule=(("MO", "09:00", "12:00", ""), ("WE", "13:00", "17:00", "")),
        opening_note="Weitere Termine nach Vereinbarung.",
        locations=2,
        contacts=1,
        languages=("en", "fr", "ar", "tr"),
        application="Bitte vereinbaren Sie einen Termin. Beratung ist auch per Video möglich.",
    ),
    OfferType(
        "erziehungsberatung",
        "Erziehungs- und Familienberatung {town}",
        2,
        "diakonie",
        ("erziehungsberatung",),
        ("eltern-kleinkinder", "alleinerziehende", "vaeter", "belastete-familien"),
        "Beratung bei Fragen zu Erziehung, Entwicklung, Trennung und Familienalltag.",
        "Wenn das Baby viel weint, das Kleinkind nicht schlafen will oder es in der Familie "
        "oft Streit gibt, hilft ein Gespräch von außen. Die Erziehungsberatungsstelle berät "
        "Eltern, Kinder und Familien kostenlos und vertraulich.",
        max_age=72,
        schedule=(
            ("MO", "08:30", "16:00", ""),
            ("TU", "08:30", "16:00", ""),
            ("TH", "08:30", "18:00", ""),
        ),
        locations=3,
        contacts=1,
        languages=("en", "pl"),
        application="Melden Sie sich telefonisch oder per E-Mail. Die Wartezeit beträgt "
        "derzeit etwa zwei Wochen.",
    ),
    OfferType(
        "stillberatung",
        "Stillberatung {town}",
        2,
        "hebammen",
        ("stillberatung",),
        ("schwangere", "eltern-saeuglinge"),
        "Hilfe beim Stillen – von der Vorbereitung bis zum Abstillen.",
        "Eine Still- und Laktationsberaterin hilft bei wunden Brustwarzen, Milchstau, zu "
        "wenig oder zu viel Milch und beim Zufüttern. Auch Schwangere, die sich auf das "
        "Stillen vorbereiten möchten, sind willkommen.",
        max_age=24,
        pregnancy=True,
        schedule=(("FR", "09:00", "11:00", ""),),
        languages=("en", "ar"),
    ),
    OfferType(
        "fruehfoerderung",
        "Frühförderung {town}",
        1,
        "fruehfoerderung",
        ("fruehfoerderung",),
        ("eltern-kleinkinder", "eltern-mit-behinderung"),
        "Förderung und Therapie für Kinder mit Entwicklungsverzögerung, auch zu Hause.",
        "Die Interdisziplinäre Frühförderstelle unterstützt Kinder von der Geburt bis zur "
        "Einschulung, deren Entwicklung verzögert ist oder die eine Behinderung haben. "
        "Heilpädagoginnen, Physio-, Ergo- und Sprachtherapeutinnen arbeiten mit den Eltern "
        "zusammen.",
        max_age=72,
        schedule=(
            ("MO", "08:00", "16:00", ""),
            ("TU", "08:00", "16:00", ""),
            ("WE", "08:00", "16:00", ""),
            ("TH", "08:00", "16:00", ""),
            ("FR", "08:00", "13:00", ""),
        ),
        locations=2,
        contacts=1,
        languages=("en",),
        eligibility="Kinder von 0 bis 6 Jahren mit Entwicklungsauffälligkeiten.",
        application="Die Kosten übernehmen Krankenkasse und Sozialhilfeträger. Ein "
        "Erstgespräch ist ohne Verordnung möglich.",
    ),
    OfferType(
        "familienzentrum",
        "Familienzentrum {town}",
        2,
        "awo",
        ("familienzentrum", "elterncafe"),
        ("eltern-saeuglinge", "eltern-kleinkinder", "migrationsgeschichte", "alleinerziehende"),
        "Viele Angebote unter einem Dach: Beratung, Kurse, Spielgruppen und offener Treff.",
        "Das Familienzentrum in {town} ist Anlaufstelle für alle Familien im Stadtteil. Hier "
        "finden Sie Beratung, Eltern-Kind-Gruppen, Elternkurse und einen offenen Treff mit "
        "Spielecke. Wir helfen auch bei Anträgen und vermitteln zu anderen Stellen.",
        max_age=72,
        pregnancy=True,
        schedule=(
            ("MO", "09:00", "15:00", ""),
            ("TU", "09:00", "15:00", ""),
            ("WE", "09:00", "17:00", ""),
            ("TH", "09:00", "15:00", ""),
        ),
        contacts=1,
        public_contact=True,
        languages=("en", "tr", "ar", "uk", "ku"),
    ),
    OfferType(
        "sprachkurs",
        "Deutschkurs mit Kinderbetreuung {town}",
        2,
        "vhs",
        ("sprachkurs-kinderbetreuung",),
        ("migrationsgeschichte", "eltern-kleinkinder"),
        "Deutsch lernen, während Ihr Kind nebenan betreut wird.",
        "Der Kurs richtet sich an Mütter und Väter, die Deutsch lernen möchten. Während des "
        "Unterrichts werden die Kinder im Nebenraum von Fachkräften betreut. Themen sind "
        "Alltag, Kita, Arztbesuch und Behörden.",
        min_age=6,
        max_age=72,
        fee=("45.00", "pro Kurs (10 Termine), Ermäßigung mit Bildungskarte"),
        schedule=(("TU", "09:00", "11:15", ""), ("TH", "09:00", "11:15", "")),
        languages=("ar", "uk", "fa", "ti", "so"),
        eligibility="Eltern mit geringen Deutschkenntnissen (Niveau A1–A2).",
        application="Anmeldung bei der Kreisvolkshochschule.",
        valid_days=150,
    ),
    OfferType(
        "elternkurs",
        "Elternkurs „Das erste Jahr“ {town}",
        2,
        "drk",
        ("elternkurs",),
        ("eltern-saeuglinge", "vaeter"),
        "Sechs Abende über Entwicklung, Schlaf, Weinen und Alltag mit Baby.",
        "Im Elternkurs geht es um die Bedürfnisse von Babys, um Schlafen und Weinen, um "
        "Beikost und darum, wie Eltern gut für sich selbst sorgen. Väter sind ausdrücklich "
        "eingeladen.",
        max_age=12,
        fee=("30.00", "für sechs Abende"),
        schedule=(("WE", "19:00", "20:30", ""),),
        languages=("en",),
        application="Anmeldung telefonisch oder per E-Mail.",
        valid_days=90,
    ),
    OfferType(
        "geburtsvorbereitung",
        "Geburtsvorbereitungskurs {town}",
        1,
        "hebammen",
        ("geburtsvorbereitung",),
        ("schwangere", "vaeter"),
        "Geburtsvorbereitung für Schwangere und Partner, die Kosten trägt die Krankenkasse.",
        "Im Kurs lernen Sie Atem- und Entspannungsübungen, erfahren, wie eine Geburt "
        "abläuft, und bereiten sich auf die erste Zeit mit Baby vor. Partnerinnen und "
        "Partner sind an zwei Abenden dabei.",
        pregnancy=True,
        fee=("", "Für Schwangere übernimmt die Krankenkasse die Kosten, Partnergebühr 60 €"),
        schedule=(("MO", "18:30", "20:30", ""),),
        languages=("en",),
        valid_days=120,
    ),
    OfferType(
        "schreibaby",
        "Schreibaby-Sprechstunde {town}",
        1,
        "diakonie",
        ("schreibaby-beratung",),
        ("eltern-saeuglinge", "belastete-familien"),
        "Hilfe, wenn Ihr Baby viel weint, schlecht schläft oder nicht trinken will.",
        "Wenn ein Baby viel schreit, sind Eltern oft erschöpft und verzweifelt. In der "
        "Schreibaby-Sprechstunde schauen wir gemeinsam, was Ihrem Kind und Ihnen helfen "
        "kann. Schütteln Sie Ihr Baby nie – rufen Sie uns lieber an.",
        max_age=24,
        schedule=(("TH", "14:00", "17:00", ""),),
        opening_note="Und nach Vereinbarung.",
        contacts=1,
        languages=("en", "ru"),
    ),
    OfferType(
        "familienpatenschaft",
        "Ehrenamtliche Familienpatenschaften {county}",
        1,
        "kinderschutzbund",
        ("familienpatenschaft",),
        ("eltern-saeuglinge", "alleinerziehende", "belastete-familien"),
        "Ehrenamtliche Familienpatinnen entlasten Familien im ersten Lebensjahr.",
        "Familienpatinnen und -paten besuchen Familien einmal pro Woche für zwei bis drei "
        "Stunden: Sie spielen mit den Geschwistern, begleiten zum Kinderarzt oder hören "
        "einfach zu. Sie werden von einer hauptamtlichen Koordinatorin begleitet.",
        max_age=12,
        pregnancy=True,
        outreach="radius",
        contacts=1,
        languages=("en",),
    ),
    OfferType(
        "sozialberatung",
        "Sozialberatung für Familien {town}",
        1,
        "diakonie",
        ("sozialberatung",),
        ("alleinerziehende", "belastete-familien", "migrationsgeschichte"),
        "Hilfe bei Anträgen, Geldsorgen, Wohnungssuche und Behördenpost.",
        "Wir helfen beim Ausfüllen von Anträgen auf Kindergeld, Elterngeld, Kinderzuschlag "
        "oder Bürgergeld, bei Schulden und bei der Wohnungssuche.",
        schedule=(("TU", "09:00", "12:00", ""), ("TH", "13:00", "16:00", "")),
        languages=("en", "ar", "ru", "tr"),
    ),
)

SUPRA_REGIONAL: tuple[dict[str, Any], ...] = (
    {
        "key": "online-elternberatung",
        "title": "Online-Beratung für Eltern",
        "summary": "Anonyme Beratung per Chat und E-Mail für Eltern von Babys und Kleinkindern.",
        "description": "Erfahrene Beraterinnen beantworten Fragen zu Erziehung, Entwicklung "
        "und Familienalltag – schriftlich, anonym und kostenlos.",
        "categories": ("erziehungsberatung",),
        "target_groups": ("eltern-saeuglinge", "eltern-kleinkinder"),
        "languages": ("de", "en", "tr", "ar"),
        "max_age": 72,
    },
    {
        "key": "telefon-schwangere",
        "title": "Telefonberatung für Schwangere",
        "summary": "Rund um die Uhr erreichbar: vertrauliche Beratung für Schwangere in Not.",
        "description": "Schwangere in schwierigen Situationen erreichen rund um die Uhr eine "
        "Beraterin, auf Wunsch anonym und mit Dolmetscherin.",
        "categories": ("schwangerschaftsberatung",),
        "target_groups": ("schwangere",),
        "languages": ("de", "en", "ar", "uk", "ru", "fa", "tr"),
        "pregnancy": True,
    },
    {
        "key": "video-stillberatung",
        "title": "Video-Stillberatung",
        "summary": "Stillberatung per Videosprechstunde, auch am Wochenende.",
        "description": "Zertifizierte Stillberaterinnen helfen per Video bei Fragen zum "
        "Stillen und zur Ernährung des Babys.",
        "categories": ("stillberatung",),
        "target_groups": ("eltern-saeuglinge",),
        "languages": ("de", "en"),
        "max_age": 24,
        "fee": ("25.00", "pro Beratung, manche Krankenkassen erstatten die Kosten"),
    },
)


@dataclass
class DemoStats:
    offers_created: int = 0
    offers_existing: int = 0
    providers_created: int = 0
    messages: list[str] = field(default_factory=list)


def _phone(region: DemoRegion, rng: random.Random) -> str:
    return f"{region.phone_prefix}-{rng.randint(0, 999):03d}"


def _mail_domain(text: str) -> str:
    return f"{slugify(text)[:40].strip('-')}.example"


def _time(value: str) -> datetime.time:
    hours, minutes = value.split(":")
    return datetime.time(int(hours), int(minutes))


def _child(parent: Page, slug: str) -> Page | None:
    page = parent.get_children().filter(slug=slug).first()
    return page.specific if page else None


def _create(parent: Page, page: Page, *, publish: bool = True) -> Page:
    """Add a page, live or as a draft, with one revision. Cheaper than `save_revision().
    publish()`, which saves (and indexes) the page twice more: the demo creates ~200 pages."""
    now = timezone.now()
    page.live = publish
    page.has_unpublished_changes = not publish
    if publish:
        page.first_published_at = page.last_published_at = now
    parent.add_child(instance=page)
    revision = page.save_revision(changed=not publish)
    if publish:
        type(page).objects.filter(pk=page.pk).update(live_revision=revision)
        page.live_revision = revision
    return page


def _ensure_index(parent: Page, model: type[Page], slug: str, title: str, intro: str) -> Page:
    existing = _child(parent, slug)
    if existing is not None:
        return existing
    return _create(parent, model(title=title, slug=slug, intro=intro))


def _home_page() -> Page:
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        raise RuntimeError("No default site; run `manage.py load_demo_content` first.")
    return site.root_page.specific


def _regions(home: Page) -> dict[str, Page]:
    model = region_page_model()
    if model is None:
        return {}
    found = {page.slug: page for page in model.objects.descendant_of(home)}
    return {region.slug: found[region.slug] for region in REGIONS if region.slug in found}


def _location(
    town: Town, street: str, rng: random.Random, name: str = "", now: Any = None
) -> OfferLocation:
    location = OfferLocation(
        name=name,
        street=street,
        postal_code=town.postal_code,
        city=town.name,
        country="DE",
        # Streets spread around the town centre; a few hundred metres is plausible.
        latitude=round(town.latitude + rng.uniform(-0.006, 0.006), 6),
        longitude=round(town.longitude + rng.uniform(-0.009, 0.009), 6),
        geocode_status=GeocodeStatus.APPROXIMATE,
        geocode_message="Demo-Daten: Koordinaten nahe der Ortsmitte",
        geocoded_at=now,
        accessibility_notes=rng.choice(
            ("", "Eingang ebenerdig", "Aufzug vorhanden", "Kinderwagenstellplatz im Hof")
        ),
    )
    location.geocoded_address = location.address_key
    return location


class DemoLoader:
    def __init__(self, say: Callable[[str], None]) -> None:
        self.say = say
        self.rng = random.Random(SEED)
        self.today = timezone.localdate()
        self.now = timezone.now()
        self.stats = DemoStats()
        self.terms = {term.code: term for term in TaxonomyTerm.objects.all()}
        self.languages = {language.code: language for language in Language.objects.all()}
        self.providers: dict[tuple[str, str], OrganizationPage] = {}

    # --- providers ---

    def provider(self, index: OrganizationIndexPage, region: DemoRegion, kind: str) -> Any:
        key = (region.slug, kind)
        if key in self.providers:
            return self.providers[key]
        source_id = f"demo:provider:{region.slug}:{kind}"
        page = OrganizationPage.objects.filter(source_id=source_id).first()
        if page is None:
            name_pattern, description = next(
                (name, text) for k, name, text in PROVIDERS if k == kind
            )
            title = name_pattern.format(short=region.short, clinic=region.clinic)
            town = region.towns[len(self.providers) % len(region.towns)]
            rng = random.Random(f"{SEED}:{source_id}")
            domain = _mail_domain(title)
            page = OrganizationPage(
                title=title,
                slug=slugify(title)[:80].strip("-"),
                description=description.format(county=region.county),
                website=f"https://www.{domain}/",
                email=f"info@{domain}",
                phone=_phone(region, rng),
                street=rng.choice(STREETS),
                postal_code=town.postal_code,
                city=town.name,
                source_id=source_id,
                source_system=SOURCE_SYSTEM,
            )
            page.contacts = [
                ContactPerson(
                    name=rng.choice(PEOPLE),
                    role="Leitung",
                    phone=_phone(region, rng),
                    email=f"leitung@{domain}",
                    is_public=False,
                )
            ]
            _create(index, page)
            self.stats.providers_created += 1
        self.providers[key] = page
        return page

    # --- offers ---

    def build_offer(
        self,
        region: DemoRegion,
        offer_type: OfferType,
        number: int,
        provider: OrganizationPage,
    ) -> OfferPage:
        rng = random.Random(f"{SEED}:{region.slug}:{offer_type.key}:{number}")
        towns = region.towns
        town = towns[(number * 2 + len(offer_type.key)) % len(towns)]
        county_name = region.county.split(" ", 1)[1]
        fill = {
            "town": town.name,
            "county": region.county,
            "county_name": county_name,
            "clinic": region.clinic,
        }
        title = offer_type.title.format(**fill)
        domain = _mail_domain(provider.title)
        offer = OfferPage(
            title=title,
            slug=slugify(title)[:80].strip("-"),
            summary=offer_type.summary,
            description=offer_type.description.format(**fill),
            provider=provider,
            during_pregnancy=offer_type.pregnancy,
            min_age_months=offer_type.min_age,
            max_age_months=offer_type.max_age,
            eligibility=offer_type.eligibility,
            application_process=offer_type.application,
            accessibility_notes=(
                "Barrierefreier Zugang, Wickelraum vorhanden."
                if offer_type.wheelchair and rng.random() < 0.7
                else ""
            ),
            opening_hours_note=offer_type.opening_note,
            phone=_phone(region, rng),
            email=f"{offer_type.key}@{domain}",
            website=f"https://www.{domain}/{offer_type.key}/",
            status=OfferStatus.ACTIVE,
            source_id=f"demo:{region.slug}:{offer_type.key}:{number}",
            source_system=SOURCE_SYSTEM,
        )
        offer.wheelchair_accessible = bool(offer.accessibility_notes)
        if offer_type.fee:
            amount, note = offer_type.fee
            offer.is_free = False
            offer.fee_amount = Decimal(amount) if amount else None
            offer.fee_note = note
        else:
            offer.is_free = True
        # Review dates: most within the year, some overdue, a few never reviewed.
        roll = rng.random()
        if roll < 0.05:
            offer.last_reviewed = None
        elif roll < 0.17:
            offer.last_reviewed = self.today - datetime.timedelta(days=rng.randint(380, 700))
        else:
            offer.last_reviewed = self.today - datetime.timedelta(days=rng.randint(5, 330))
        if offer_type.valid_days:
            start = self.today - datetime.timedelta(days=rng.randint(10, 60))
            offer.valid_from = start
            offer.valid_to = start + datetime.timedelta(days=offer_type.valid_days)

        # Languages: German always, plus a seeded share of the type's languages.
        extra = [code for code in offer_type.languages if rng.random() < 0.6]
        codes = ["de", *extra]
        offer.languages = [self.languages[c] for c in codes if c in self.languages]
        offer.categories = [self.terms[c] for c in offer_type.categories if c in self.terms]
        offer.target_groups = [self.terms[c] for c in offer_type.target_groups if c in self.terms]

        # Locations: the main town first, then others of the region.
        locations = []
        streets = list(STREETS)
        rng.shuffle(streets)
        if offer_type.locations:
            others = [t for t in towns if t != town]
            rng.shuffle(others)
            for index, place in enumerate([town, *others][: offer_type.locations]):
                name = provider.title if index == 0 else f"Außenstelle {place.name}"
                locations.append(_location(place, streets[index], rng, name, self.now))
        offer.locations = locations

        areas = []
        if offer_type.outreach == "county":
            areas.append(
                OfferServiceArea(
                    name=f"Landkreis {county_name}"
                    if region.slug != "wittenberg-dessau-rosslau"
                    else "Landkreis Wittenberg und Stadt Dessau-Roßlau",
                    description="Hausbesuche im ganzen Gebiet",
                    extent={"type": "Polygon", "coordinates": [[list(p) for p in region.outline]]},
                )
            )
        elif offer_type.outreach == "radius":
            areas.append(
                OfferServiceArea(
                    name=f"{town.name} und Umgebung",
                    description="Besuche im Umkreis von 20 km",
                    center_latitude=town.latitude,
                    center_longitude=town.longitude,
                    radius_km=20,
                )
            )
        offer.service_areas = areas

        offer.schedules = [
            OfferSchedule(
                weekday=day,
                opens_at=_time(opens),
                closes_at=_time(closes),
                note=note,
                sort_order=index,
            )
            for index, (day, opens, closes, note) in enumerate(offer_type.schedule)
        ]

        contacts = []
        for index in range(offer_type.contacts):
            person = PEOPLE[rng.randrange(len(PEOPLE))]
            contacts.append(
                ContactPerson(
                    name=person,
                    role=rng.choice(
                        (
                            "Koordinatorin Frühe Hilfen",
                            "Familienhebamme",
                            "Sozialpädagogin",
                            "Beraterin",
                            "Babylotsin" if offer_type.key == "babylotsin" else "Fachkraft",
                        )
                    ),
                    phone=_phone(region, rng),
                    email=f"{slugify(person).replace('-', '.')}@{domain}",
                    is_public=offer_type.public_contact and index == 0,
                    sort_order=index,
                )
            )
        offer.contacts = contacts
        return offer

    def add_offer(self, index: OfferIndexPage, offer: OfferPage, publish: bool = True) -> None:
        # Slugs must be unique below the index; a repeated title gets a number.
        base, suffix = offer.slug, 2
        while index.get_children().filter(slug=offer.slug).exists():
            offer.slug = f"{base}-{suffix}"
            suffix += 1
        _create(index, offer, publish=publish)
        self.stats.offers_created += 1

    def run(self) -> DemoStats:
        home = _home_page()
        regions = _regions(home)
        if not regions:
            raise RuntimeError(
                "The demo regions are missing; run `manage.py load_demo_content` first."
            )
        providers_index = _ensure_index(
            home,
            OrganizationIndexPage,
            PROVIDERS_SLUG,
            "Träger",
            "Die Träger der Angebote in den Netzwerken Frühe Hilfen.",
        )
        existing = set(
            OfferPage.objects.filter(source_system=SOURCE_SYSTEM).values_list(
                "source_id", flat=True
            )
        )
        special = {
            # (region slug, offer key, number) → what is special about it
            ("landkreis-harburg", "krabbelgruppe", 3): "inactive",
            ("landkreis-boerde", "stillberatung", 1): "inactive",
            ("heidekreis", "elterncafe", 2): "inactive",
            ("landkreis-saarlouis", "elternkurs", 0): "expired",
            ("wittenberg-dessau-rosslau", "sprachkurs", 1): "expired",
            ("heidekreis", "geburtsvorbereitung", 0): "expired",
            ("landkreis-boerde", "elterncafe", 3): "temporarily closed",
            ("landkreis-saarlouis", "krabbelgruppe", 2): "temporarily closed",
        }
        for region in REGIONS:
            region_page = regions.get(region.slug)
            if region_page is None:
                self.stats.messages.append(f"Region {region.slug} is missing; skipped.")
                continue
            offers_index = _ensure_index(
                region_page,
                OfferIndexPage,
                OFFERS_SLUG,
                "Angebote",
                f"Unterstützungsangebote für Schwangere und Familien {region.county}.",
            )
            for offer_type in OFFER_TYPES:
                for number in range(offer_type.count):
                    source_id = f"demo:{region.slug}:{offer_type.key}:{number}"
                    if source_id in existing:
                        self.stats.offers_existing += 1
                        continue
                    provider = self.provider(providers_index, region, offer_type.provider)
                    offer = self.build_offer(region, offer_type, number, provider)
                    kind = special.get((region.slug, offer_type.key, number))
                    publish = True
                    if kind == "inactive":
                        offer.status = OfferStatus.INACTIVE
                        publish = False
                    elif kind == "expired":
                        offer.valid_from = self.today - datetime.timedelta(days=200)
                        offer.valid_to = self.today - datetime.timedelta(days=30)
                    elif kind == "temporarily closed":
                        offer.status = OfferStatus.TEMPORARILY_CLOSED
                    self.add_offer(offers_index, offer, publish=publish)
        self.load_supra_regional(home, existing)
        return self.stats

    def load_supra_regional(self, home: Page, existing: set[str]) -> None:
        index = _ensure_index(
            home,
            OfferIndexPage,
            SUPRA_REGIONAL_SLUG,
            "Überregionale Angebote",
            "Angebote, die Familien überall nutzen können – telefonisch oder online.",
        )
        for data in SUPRA_REGIONAL:
            source_id = f"demo:ueberregional:{data['key']}"
            if source_id in existing:
                self.stats.offers_existing += 1
                continue
            offer = OfferPage(
                title=data["title"],
                slug=slugify(data["title"]),
                summary=data["summary"],
                description=data["description"],
                during_pregnancy=data.get("pregnancy", False),
                max_age_months=data.get("max_age"),
                website=f"https://www.{_mail_domain(data['title'])}/",
                email=f"beratung@{_mail_domain(data['title'])}",
                last_reviewed=self.today - datetime.timedelta(days=60),
                source_id=source_id,
                source_system=SOURCE_SYSTEM,
            )
            if data.get("fee"):
                offer.is_free = False
                offer.fee_amount = Decimal(data["fee"][0])
                offer.fee_note = data["fee"][1]
            offer.categories = [self.terms[c] for c in data["categories"] if c in self.terms]
            offer.target_groups = [self.terms[c] for c in data["target_groups"] if c in self.terms]
            offer.languages = [self.languages[c] for c in data["languages"]]
            self.add_offer(index, offer)


def load_demo_offers(stdout: Any = None) -> DemoStats:
    """Create the demo offers that are missing (idempotent)."""

    def say(message: str) -> None:
        if stdout is not None:
            stdout.write(message)

    # The vocabularies come with a migration; a site may have removed some of them.
    from .models import Taxonomy

    install_vocabularies(Taxonomy, TaxonomyTerm, Language)
    with transaction.atomic():
        stats = DemoLoader(say).run()
    for message in stats.messages:
        say(message)
    say(
        f"Demo offers: {stats.offers_created} created, {stats.offers_existing} already there, "
        f"{stats.providers_created} providers created; "
        f"{OfferPage.objects.filter(source_system=SOURCE_SYSTEM).count()} demo offers in total."
    )
    return stats
