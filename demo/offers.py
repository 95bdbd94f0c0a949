"""The demo offers: about 150 offers of the Frühe Hilfen in the five demo regions, with their
providers, several locations, outreach areas, protected contact persons, fees, languages and
a few inactive, expired or temporarily closed offers, and a handful per region with titles
and summaries in English, Turkish, Arabic and Ukrainian (content in demo.data.offers).

Deterministic (seeded per offer), idempotent (offers and providers are found again by their
source id) and quick: built with the offer directory's factories and created per listing in
one batch (publishing.page_creation); the coordinates come from the towns' table, so nothing
waits for the geocoder."""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from wagtail.models import Page

from home.models import HomePage, RegionPage
from offers_directory.factories import (
    OfferIndexPageFactory,
    OfferPageFactory,
    OrganizationIndexPageFactory,
    OrganizationPageFactory,
    Town,
)
from offers_directory.importers.writer import DEFAULT_DIRECTORY
from offers_directory.models import (
    GeocodeStatus,
    Language,
    OfferPage,
    OfferStatus,
    OrganizationPage,
    Taxonomy,
    TaxonomyTerm,
)
from offers_directory.vocabularies import install_vocabularies
from publishing.page_creation import create_pages

from .data.offers import (
    OFFER_TYPES,
    PEOPLE,
    PROVIDERS,
    SEED,
    SPECIAL,
    STREETS,
    SUPRA_REGIONAL,
    TRANSLATIONS,
    OfferType,
)
from .data.regions import REGIONS, DemoRegion

SOURCE_SYSTEM = "demo"
# setup_site's supra-regional directory (the one the importer files offers without a region
# under), created here only when the demo is built without it.
SUPRA_REGIONAL_INDEX = {
    **DEFAULT_DIRECTORY,
    "intro": "Angebote, die Familien überall nutzen können – telefonisch oder online.",
}
ACCESS_NOTES = ("", "Eingang ebenerdig", "Aufzug vorhanden", "Kinderwagenstellplatz im Hof")


@dataclass
class OfferStats:
    created: int = 0
    existing: int = 0
    providers_created: int = 0


@transaction.atomic
def load_demo_offers(say: Callable[[str], None] = lambda message: None) -> OfferStats:
    """Create the demo offers that are missing; needs the demo regions (demo.site)."""
    home = HomePage.objects.first()
    regions = {r.slug: r for r in RegionPage.objects.filter(slug__in=[d.slug for d in REGIONS])}
    if home is None or not regions:
        raise RuntimeError("The demo regions are missing; run `manage.py load_demo` first.")
    # The vocabularies come with a migration; a site may have removed some of them.
    install_vocabularies(Taxonomy, TaxonomyTerm, Language)
    builder = _Builder(home)
    for demo in REGIONS:
        if demo.slug in regions:
            builder.add_region(demo, regions[demo.slug])
        else:
            say(f"Region {demo.slug} is missing; skipped.")
    builder.add_supra_regional()
    stats = builder.stats
    total = OfferPage.objects.filter(source_system=SOURCE_SYSTEM).count()
    say(
        f"Demo offers: {stats.created} created, {stats.existing} already there, "
        f"{stats.providers_created} providers created; {total} demo offers in total."
    )
    return stats


class _Builder:
    def __init__(self, home: HomePage) -> None:
        self.home = home
        self.today = timezone.localdate()
        self.now = timezone.now()
        self.stats = OfferStats()
        self.terms = {term.code: term for term in TaxonomyTerm.objects.all()}
        self.languages = {language.code: language for language in Language.objects.all()}
        self.existing = set(
            OfferPage.objects.filter(source_system=SOURCE_SYSTEM).values_list(
                "source_id", flat=True
            )
        )
        self.providers_index = _child(home, "traeger") or OrganizationIndexPageFactory(parent=home)
        self.provider_count = 0

    # --- regions -----------------------------------------------------------------------

    def add_region(self, region: DemoRegion, page: RegionPage) -> None:
        index = _child(page, "angebote") or OfferIndexPageFactory(
            parent=page,
            intro=f"Unterstützungsangebote für Schwangere und Familien {region.county}.",
        )
        wanted = [
            (offer_type, number)
            for offer_type in OFFER_TYPES
            for number in range(offer_type.count)
            if self._is_new(f"demo:{region.slug}:{offer_type.key}:{number}")
        ]
        providers = self.providers(region, [offer_type.provider for offer_type, _ in wanted])
        offers: dict[bool, list[OfferPage]] = {True: [], False: []}
        for offer_type, number in wanted:
            offer = self.offer(region, offer_type, number, providers[offer_type.provider])
            offers[offer.status != OfferStatus.INACTIVE].append(offer)
        for publish, pages in offers.items():
            create_pages(index, pages, publish=publish)
            self.stats.created += len(pages)

    def _is_new(self, source_id: str) -> bool:
        if source_id in self.existing:
            self.stats.existing += 1
            return False
        return True

    def providers(self, region: DemoRegion, kinds: list[str]) -> dict[str, OrganizationPage]:
        """The region's providers of these kinds, created together when missing."""
        found: dict[str, OrganizationPage] = {}
        new = []
        for kind in dict.fromkeys(kinds):
            source_id = f"demo:provider:{region.slug}:{kind}"
            page = OrganizationPage.objects.filter(source_id=source_id).first()
            if page is None:
                page = self.provider(region, kind, source_id)
                new.append(page)
            found[kind] = page
        create_pages(self.providers_index, new)
        self.stats.providers_created += len(new)
        return found

    def provider(self, region: DemoRegion, kind: str, source_id: str) -> OrganizationPage:
        name, description = next((n, text) for k, n, text in PROVIDERS if k == kind)
        title = name.format(short=region.short, clinic=region.clinic)
        town = region.towns[self.provider_count % len(region.towns)]
        self.provider_count += 1
        rng = random.Random(f"{SEED}:{source_id}")
        domain = _mail_domain(title)
        return OrganizationPageFactory.build(
            parent=self.providers_index,
            title=title,
            description=description.format(county=region.county),
            website=f"https://www.{domain}/",
            email=f"info@{domain}",
            phone=_phone(region, rng),
            street=rng.choice(STREETS),
            postal_code=town.postal_code,
            city=town.city,
            source_id=source_id,
            source_system=SOURCE_SYSTEM,
            contacts=[
                {
                    "name": rng.choice(PEOPLE),
                    "role": "Leitung",
                    "phone": _phone(region, rng),
                    "email": f"leitung@{domain}",
                    "is_public": False,
                }
            ],
        )

    # --- offers ------------------------------------------------------------------------

    def offer(
        self, region: DemoRegion, offer_type: OfferType, number: int, provider: OrganizationPage
    ) -> OfferPage:
        rng = random.Random(f"{SEED}:{region.slug}:{offer_type.key}:{number}")
        towns = region.towns
        town = towns[(number * 2 + len(offer_type.key)) % len(towns)]
        fill = {"town": town.city, "county": region.county, "clinic": region.clinic}
        domain = _mail_domain(provider.title)
        accessible = offer_type.wheelchair and rng.random() < 0.7
        fields: dict[str, Any] = {
            "title": offer_type.title.format(**fill),
            "summary": offer_type.summary,
            "description": offer_type.description.format(**fill),
            "provider": provider,
            "during_pregnancy": offer_type.pregnancy,
            "min_age_months": offer_type.min_age,
            "max_age_months": offer_type.max_age,
            "eligibility": offer_type.eligibility,
            "application_process": offer_type.application,
            "accessibility_notes": "Barrierefreier Zugang, Wickelraum vorhanden."
            if accessible
            else "",
            "wheelchair_accessible": accessible,
            "opening_hours_note": offer_type.opening_note,
            "phone": _phone(region, rng),
            "email": f"{offer_type.key}@{domain}",
            "website": f"https://www.{domain}/{offer_type.key}/",
            "status": OfferStatus.ACTIVE,
            "is_free": offer_type.fee is None,
            "last_reviewed": self._review_date(rng),
            "source_id": f"demo:{region.slug}:{offer_type.key}:{number}",
            "source_system": SOURCE_SYSTEM,
        }
        if offer_type.fee:
            amount, note = offer_type.fee
            fields.update(fee_amount=Decimal(amount) if amount else None, fee_note=note)
        if offer_type.valid_days:
            start = self.today - datetime.timedelta(days=rng.randint(10, 60))
            fields.update(
                valid_from=start, valid_to=start + datetime.timedelta(days=offer_type.valid_days)
            )
        special = SPECIAL.get((region.slug, offer_type.key, number))
        if special == "inactive":
            fields["status"] = OfferStatus.INACTIVE
        elif special == "expired":
            fields["valid_from"] = self.today - datetime.timedelta(days=200)
            fields["valid_to"] = self.today - datetime.timedelta(days=30)
        elif special == "temporarily closed":
            fields["status"] = OfferStatus.TEMPORARILY_CLOSED
        # German always, plus a seeded share of the kind's languages.
        extra = [code for code in offer_type.languages if rng.random() < 0.6]
        return OfferPageFactory.build(
            parent=None,
            languages=[self.languages[c] for c in ["de", *extra] if c in self.languages],
            categories=self._terms(offer_type.categories),
            target_groups=self._terms(offer_type.target_groups),
            locations=self._locations(offer_type, town, towns, provider, rng),
            service_areas=self._areas(offer_type, region, town),
            schedules=[
                {
                    "weekday": day,
                    "opens_at": datetime.time.fromisoformat(opens),
                    "closes_at": datetime.time.fromisoformat(closes),
                    "note": note,
                }
                for day, opens, closes, note in offer_type.schedule
            ],
            contacts=self._contacts(offer_type, region, domain, rng),
            translations={
                code: (title.format(town=town.city, short=region.short), summary)
                for code, (title, summary) in TRANSLATIONS.get((offer_type.key, number), {}).items()
            },
            **fields,
        )

    def _review_date(self, rng: random.Random) -> datetime.date | None:
        # Most within the year, some overdue, a few never reviewed.
        roll = rng.random()
        if roll < 0.05:
            return None
        if roll < 0.17:
            return self.today - datetime.timedelta(days=rng.randint(380, 700))
        return self.today - datetime.timedelta(days=rng.randint(5, 330))

    def _terms(self, codes: tuple[str, ...]) -> list[TaxonomyTerm]:
        return [self.terms[code] for code in codes if code in self.terms]

    def _locations(
        self,
        offer_type: OfferType,
        town: Town,
        towns: tuple[Town, ...],
        provider: OrganizationPage,
        rng: random.Random,
    ) -> list[dict[str, Any]]:
        """The main town first, then others of the region; streets near the town centre."""
        streets = list(STREETS)
        rng.shuffle(streets)
        others = [t for t in towns if t != town]
        if offer_type.locations:
            rng.shuffle(others)
        places = [town, *others][: offer_type.locations]
        return [
            {
                "name": provider.title if index == 0 else f"Außenstelle {place.city}",
                "street": streets[index],
                "postal_code": place.postal_code,
                "city": place.city,
                "country": "DE",
                # A few hundred metres around the centre is plausible for a street.
                "latitude": round(place.latitude + rng.uniform(-0.006, 0.006), 6),
                "longitude": round(place.longitude + rng.uniform(-0.009, 0.009), 6),
                "geocode_status": GeocodeStatus.APPROXIMATE,
                "geocode_message": "Demo-Daten: Koordinaten nahe der Ortsmitte",
                "geocoded_at": self.now,
                "accessibility_notes": rng.choice(ACCESS_NOTES),
            }
            for index, place in enumerate(places)
        ]

    def _areas(self, offer_type: OfferType, region: DemoRegion, town: Town) -> list[dict]:
        if offer_type.outreach == "county":
            return [
                {
                    "name": region.official_name,
                    "description": "Hausbesuche im ganzen Gebiet",
                    "extent": region.area,
                }
            ]
        if offer_type.outreach == "radius":
            return [
                {
                    "name": f"{town.city} und Umgebung",
                    "description": "Besuche im Umkreis von 20 km",
                    "town": town,
                    "radius_km": 20,
                }
            ]
        return []

    def _contacts(
        self, offer_type: OfferType, region: DemoRegion, domain: str, rng: random.Random
    ) -> list[dict[str, Any]]:
        roles = ("Koordinatorin Frühe Hilfen", "Familienhebamme", "Sozialpädagogin", "Beraterin")
        last = "Babylotsin" if offer_type.key == "babylotsin" else "Fachkraft"
        contacts = []
        for index in range(offer_type.contacts):
            person = PEOPLE[rng.randrange(len(PEOPLE))]
            contacts.append(
                {
                    "name": person,
                    "role": rng.choice((*roles, last)),
                    "phone": _phone(region, rng),
                    "email": f"{slugify(person).replace('-', '.')}@{domain}",
                    "is_public": offer_type.public_contact and index == 0,
                }
            )
        return contacts

    # --- offers for everybody ----------------------------------------------------------

    def add_supra_regional(self) -> None:
        fields = SUPRA_REGIONAL_INDEX
        index = _child(self.home, fields["slug"]) or OfferIndexPageFactory(
            parent=self.home, **fields
        )
        offers = []
        for data in SUPRA_REGIONAL:
            if not self._is_new(f"demo:ueberregional:{data['key']}"):
                continue
            domain = _mail_domain(data["title"])
            fee = data.get("fee")
            offers.append(
                OfferPageFactory.build(
                    parent=None,
                    title=data["title"],
                    summary=data["summary"],
                    description=data["description"],
                    during_pregnancy=data.get("pregnancy", False),
                    max_age_months=data.get("max_age"),
                    website=f"https://www.{domain}/",
                    email=f"beratung@{domain}",
                    last_reviewed=self.today - datetime.timedelta(days=60),
                    is_free=fee is None,
                    fee_amount=Decimal(fee[0]) if fee else None,
                    fee_note=fee[1] if fee else "",
                    source_id=f"demo:ueberregional:{data['key']}",
                    source_system=SOURCE_SYSTEM,
                    categories=self._terms(data["categories"]),
                    target_groups=self._terms(data["target_groups"]),
                    languages=[self.languages[c] for c in data["languages"]],
                )
            )
        create_pages(index, offers)
        self.stats.created += len(offers)


def _child(parent: Page, slug: str) -> Any:
    page = parent.get_children().filter(slug=slug).first()
    return page.specific if page else None


def _phone(region: DemoRegion, rng: random.Random) -> str:
    return f"{region.phone_prefix}-{rng.randint(0, 999):03d}"


def _mail_domain(text: str) -> str:
    return f"{slugify(text)[:40].strip('-')}.example"
