"""Factories for the offer directory (factory_boy and wagtail-factories): offers with their
locations, service areas, contact persons and opening hours; providers; the offer listings;
taxonomy terms and languages (found again by code, created when missing).

An offer's child objects are post-generation declarations that take a list: dicts of field
values (or traits) for the child factory, or instances (`OfferLocationFactory.build(...)`);
a location also takes a `Town`. They are written with the offer, before its revision, like an
editor's inline panels. A location in a town the factory knows carries that town's
coordinates and needs no geocoding; an address the factory does not know has none and waits
for the geocoder (`geocode_status` pending)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import partial
from typing import Any

import factory
from factory.django import DjangoModelFactory

from home.factories import Given, PublishedPageFactory, RegionPageFactory, default_home

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
    OfferTranslation,
    OrganizationIndexPage,
    OrganizationPage,
    Taxonomy,
    TaxonomyTerm,
)


@dataclass(frozen=True)
class Town:
    """A real place: postcode, name and its centre (WGS84)."""

    postal_code: str
    city: str
    latitude: float
    longitude: float

    @property
    def point(self) -> tuple[float, float]:
        return (self.latitude, self.longitude)


WINSEN = Town("21423", "Winsen (Luhe)", 53.3575, 10.2120)
BUCHHOLZ = Town("21244", "Buchholz in der Nordheide", 53.3275, 9.8794)
LUENEBURG = Town("21335", "Lüneburg", 53.2464, 10.4115)
HAMBURG = Town("20095", "Hamburg", 53.5511, 9.9937)
HANNOVER = Town("30159", "Hannover", 52.3759, 9.7320)
MUENCHEN = Town("80331", "München", 48.1372, 11.5755)
TOWNS = (
    WINSEN,
    BUCHHOLZ,
    LUENEBURG,
    HAMBURG,
    HANNOVER,
    Town("21218", "Seevetal", 53.3960, 9.9710),
    Town("29614", "Soltau", 52.9860, 9.8430),
    Town("39340", "Haldensleben", 52.2890, 11.4100),
    Town("66740", "Saarlouis", 49.3140, 6.7510),
    Town("06886", "Lutherstadt Wittenberg", 51.8670, 12.6460),
)

# (category code, title pattern, summary): what the networks offer, for realistic defaults.
OFFER_KINDS = (
    (
        "elterncafe",
        "Elterncafé {town}",
        "Offener Treffpunkt für Eltern mit Babys und Kleinkindern.",
    ),
    ("hebammensprechstunde", "Hebammensprechstunde {town}", "Offene Sprechstunde einer Hebamme."),
    ("familienhebamme", "Familienhebammen {town}", "Begleitung im ersten Lebensjahr zu Hause."),
    ("krabbelgruppe", "Krabbelgruppe {town}", "Spielen, singen und Kontakte knüpfen."),
    ("stillberatung", "Stillberatung {town}", "Beratung rund ums Stillen und die Ernährung."),
    (
        "schwangerschaftsberatung",
        "Schwangerschaftsberatung {town}",
        "Beratung in der Schwangerschaft, vertraulich und kostenfrei.",
    ),
    (
        "erziehungsberatung",
        "Erziehungsberatung {town}",
        "Beratung bei Fragen zu Erziehung und Familienleben.",
    ),
)
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR")


# --- Vocabularies ------------------------------------------------------------------------------


class TaxonomyFactory(DjangoModelFactory):
    slug = "angebotsarten"
    name = "Angebotsarten"

    class Meta:
        model = Taxonomy
        django_get_or_create = ("slug",)


class TaxonomyTermFactory(DjangoModelFactory):
    """A term by its stable code: the installed vocabularies' term when it exists, else a new
    one (in the categories taxonomy unless given another)."""

    code = factory.Sequence(lambda n: f"begriff-{n}")
    name = factory.LazyAttribute(lambda term: term.code.replace("-", " ").title())
    taxonomy = factory.SubFactory(TaxonomyFactory)

    class Meta:
        model = TaxonomyTerm
        django_get_or_create = ("code",)


class LanguageFactory(DjangoModelFactory):
    """A language by its ISO 639-1 code (the model names it)."""

    code = "de"

    class Meta:
        model = Language
        django_get_or_create = ("code",)


def terms(values: list[Any]) -> list[TaxonomyTerm]:
    return [v if isinstance(v, TaxonomyTerm) else TaxonomyTermFactory(code=v) for v in values]


def languages(values: list[Any]) -> list[Language]:
    return [v if isinstance(v, Language) else LanguageFactory(code=v) for v in values]


# --- Child objects -----------------------------------------------------------------------------


class OfferLocationFactory(DjangoModelFactory):
    """An address; in a known town (the default) with that town's coordinates. `pending=True`
    (or an address the factory does not know) leaves it to the geocoder."""

    name = ""
    street = factory.Faker("street_address", locale="de_DE")
    postal_code = factory.SelfAttribute("town.postal_code")
    city = factory.SelfAttribute("town.city")
    latitude = factory.LazyAttribute(lambda loc: loc.town.latitude if _in_town(loc) else None)
    longitude = factory.LazyAttribute(lambda loc: loc.town.longitude if _in_town(loc) else None)
    geocode_status = factory.LazyAttribute(
        lambda loc: GeocodeStatus.PENDING if loc.latitude is None else GeocodeStatus.EXACT
    )

    class Meta:
        model = OfferLocation

    class Params:
        town = factory.Faker("random_element", elements=TOWNS)
        pending = factory.Trait(latitude=None, longitude=None)

    @classmethod
    def _build(cls, model_class: type[OfferLocation], *args: Any, **kwargs: Any) -> OfferLocation:
        location = model_class(*args, **kwargs)
        if location.geocode_status != GeocodeStatus.PENDING:
            # The geocoder has seen this address (found or not): nothing left to do.
            location.geocoded_address = location.address_key
        return location

    @classmethod
    def _create(cls, model_class: type[OfferLocation], *args: Any, **kwargs: Any) -> OfferLocation:
        location = cls._build(model_class, *args, **kwargs)
        location.save()
        return location


def _of_kind(offer: Any) -> bool:
    return offer.title == offer.kind[1].format(town=offer.town.city)


def _in_town(location: Any) -> bool:
    return (location.postal_code, location.city) == (location.town.postal_code, location.town.city)


class OfferServiceAreaFactory(DjangoModelFactory):
    """An outreach area: by default 20 km around a town (`extent=` for a GeoJSON polygon)."""

    name = factory.LazyAttribute(lambda area: f"{area.town.city} und Umgebung")
    description = "Hausbesuche im Umkreis"
    center_latitude = factory.LazyAttribute(lambda a: None if a.extent else a.town.latitude)
    center_longitude = factory.LazyAttribute(lambda a: None if a.extent else a.town.longitude)
    radius_km = factory.LazyAttribute(lambda area: None if area.extent else 20)
    extent = None

    class Meta:
        model = OfferServiceArea

    class Params:
        town = factory.Faker("random_element", elements=TOWNS)


class ContactPersonFactory(DjangoModelFactory):
    """A named contact person, protected (professionals only) unless `is_public=True`."""

    name = factory.Faker("name", locale="de_DE")
    role = factory.Faker(
        "random_element",
        elements=("Koordinatorin Frühe Hilfen", "Familienhebamme", "Sozialpädagogin", "Beraterin"),
    )
    phone = factory.Faker("phone_number", locale="de_DE")
    email = factory.Faker("email", locale="de_DE", domain="traeger.example")
    is_public = False

    class Meta:
        model = ContactPerson


class OfferScheduleFactory(DjangoModelFactory):
    """Weekly opening hours; a tuple ("MO", "09:00", "12:00") in an offer's `schedules`."""

    weekday = factory.Faker("random_element", elements=WEEKDAYS)
    opens_at = datetime.time(9, 0)
    closes_at = datetime.time(12, 0)

    class Meta:
        model = OfferSchedule


class OfferTranslationFactory(DjangoModelFactory):
    """An offer's title and summary in another language; an offer's `translations` take a
    dict language → (title, summary)."""

    language = "en"
    title = "Offer"
    summary = "For families."

    class Meta:
        model = OfferTranslation


def child_rows(factory_class: type[DjangoModelFactory], values: list[Any], **fixed: Any) -> list:
    """A cluster's child rows in the given order (`sort_order`): a dict (or a Town) is built by
    `factory_class`, a row object is kept."""
    built = []
    for number, value in enumerate(values):
        if isinstance(value, Town):
            value = {"town": value}
        if isinstance(value, dict):
            value = factory_class.build(**{"sort_order": number, **value, **fixed})
        else:
            value.sort_order = number
        built.append(value)
    return built


def _schedule(value: Any) -> Any:
    if isinstance(value, tuple):
        weekday, opens, closes = value
        return {
            "weekday": weekday,
            "opens_at": datetime.time.fromisoformat(opens),
            "closes_at": datetime.time.fromisoformat(closes),
        }
    return value


# --- Pages -------------------------------------------------------------------------------------


class OrganizationIndexPageFactory(PublishedPageFactory):
    title = "Träger"
    slug = "traeger"
    intro = "Die Träger der Angebote in den Netzwerken Frühe Hilfen."
    parent = factory.LazyFunction(default_home)

    class Meta:
        model = OrganizationIndexPage


def default_organization_index() -> OrganizationIndexPage:
    """The providers' listing (/traeger/), created on first use."""
    return OrganizationIndexPage.objects.first() or OrganizationIndexPageFactory()


class OrganizationPageFactory(PublishedPageFactory):
    """A provider (Träger) with an address in a town; `contacts=[...]` as for offers."""

    title = factory.LazyAttribute(lambda org: f"{org.kind} {org.town.city}")
    description = factory.LazyAttribute(
        lambda org: f"Träger von Angeboten der Frühen Hilfen in {org.town.city}."
    )
    email = factory.Faker("email", locale="de_DE", domain="traeger.example")
    phone = factory.Faker("phone_number", locale="de_DE")
    street = factory.Faker("street_address", locale="de_DE")
    postal_code = factory.SelfAttribute("town.postal_code")
    city = factory.SelfAttribute("town.city")
    parent = factory.LazyFunction(default_organization_index)

    class Meta:
        model = OrganizationPage

    class Params:
        town = factory.Faker("random_element", elements=TOWNS)
        kind = factory.Faker(
            "random_element",
            elements=("Familienzentrum", "Diakonisches Werk", "AWO Familienbildung", "DRK"),
        )

    contacts = Given(partial(child_rows, ContactPersonFactory))


class OfferIndexPageFactory(PublishedPageFactory):
    """A region's offer listing (/netzwerk/<region>/angebote/)."""

    title = "Angebote"
    slug = "angebote"
    intro = factory.LazyAttribute(
        lambda index: f"Unterstützungsangebote für Schwangere und Familien im {index.parent.title}."
    )
    parent = factory.SubFactory(RegionPageFactory)

    class Meta:
        model = OfferIndexPage


class OfferPageFactory(PublishedPageFactory):
    """An offer of a kind (OFFER_KINDS) in a town: its title, summary, description and
    category follow the kind; an offer given its own title is described by the caller alone
    (no summary, description or category unless given). `categories`, `target_groups` and
    `languages` take codes or instances (no languages unless given: "not stated");
    `locations`, `service_areas`, `contacts` and `schedules` take lists (see the module),
    `translations` a dict language → (title, summary)."""

    title = factory.LazyAttribute(lambda offer: offer.kind[1].format(town=offer.town.city))
    summary = factory.LazyAttribute(lambda offer: offer.kind[2] if _of_kind(offer) else "")
    description = factory.LazyAttribute(lambda offer: offer.text if _of_kind(offer) else "")
    status = OfferStatus.ACTIVE
    is_free = True
    last_reviewed = factory.LazyFunction(datetime.date.today)
    parent = factory.SubFactory(OfferIndexPageFactory)

    class Meta:
        model = OfferPage

    class Params:
        town = factory.Faker("random_element", elements=TOWNS)
        kind = factory.Faker("random_element", elements=OFFER_KINDS)
        text = factory.Faker("paragraph", nb_sentences=3, locale="de_DE")

    categories__kind = factory.SelfAttribute("..kind")
    categories__town = factory.SelfAttribute("..town")

    @factory.post_generation
    def categories(offer: OfferPage, create: bool, extracted: Any, **kwargs: Any) -> None:
        if extracted is None:
            code, title, _summary = kwargs["kind"]
            extracted = [code] if offer.title == title.format(town=kwargs["town"].city) else []
        offer.categories = terms(extracted)

    target_groups = Given(terms)
    languages = Given(languages)
    locations = Given(partial(child_rows, OfferLocationFactory))
    service_areas = Given(partial(child_rows, OfferServiceAreaFactory))
    contacts = Given(partial(child_rows, ContactPersonFactory))
    schedules = Given(
        lambda values: child_rows(OfferScheduleFactory, [_schedule(v) for v in values])
    )
    translations = Given(
        lambda given: child_rows(
            OfferTranslationFactory,
            [
                {"language": code, "title": title, "summary": summary}
                for code, (title, summary) in given.items()
            ],
        )
    )
