"""What each printed guide covers, who may regenerate it, and its stored editions.

- The Familienbegleitbuch of a region: the public offers below the region page.
- The Familienbegleitbuch of a municipality: the region's public offers with a location in
  that municipality (its city name, as slug), plus the region's offers without any location
  (outreach offers, which come to families wherever they live in the region).
- An Angebotskatalog: its saved selection (booklets.models.OfferCatalogue.offers).

Regenerating a region's or municipality's booklet is for those who may publish in the region
(its coordinator group, the network editors); a catalogue's, for those who may change
catalogues (Wagtail's snippet permission)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext

from wagtail.models import Site

from home.models import RegionPage
from offers_directory.models import OfferLocation, OfferPage
from offers_directory.printing import with_print_relations

from . import booklet as engine
from .models import OfferCatalogue, PrintEdition

BOOKLET = "familienbegleitbuch"
CATALOGUE = "angebotskatalog"


def public_offers() -> QuerySet[OfferPage]:
    # The public index's rule (live, public, active, inside the validity period).
    from search.offers.indexing import public_offers as indexed

    return indexed()


@dataclass
class Source:
    key: str  # the path without language: "familienbegleitbuch/<region>[/<place>]"
    kind: str
    place: str
    intro: str
    region: RegionPage | None = None
    municipality: str = ""  # the city's name, as the offers' locations spell it
    spellings: tuple[str, ...] = ()  # every spelling with the municipality's slug
    catalogue: OfferCatalogue | None = None

    def offers(self) -> QuerySet[OfferPage]:
        public = public_offers()
        if self.catalogue is not None:
            return self.catalogue.offers(public)
        offers = public.descendant_of(self.region)
        if self.municipality:
            here = OfferLocation.objects.filter(page=OuterRef("pk"))
            offers = offers.filter(Exists(here.filter(city__in=self.spellings)) | ~Exists(here))
        return offers.order_by("title")

    def html_url(self) -> str:
        return reverse(f"booklets:{self._name()}", args=self._args())

    def pdf_url(self) -> str:
        return reverse(f"booklets:{self._name()}_pdf", args=self._args())

    def _name(self) -> str:
        if self.catalogue is not None:
            return "catalogue"
        return "municipality" if self.municipality else "region"

    def _args(self) -> list[str]:
        if self.catalogue is not None:
            return [self.catalogue.slug]
        if self.municipality:
            return [self.region.slug, place_slug(self.municipality)]
        return [self.region.slug]

    def build(self, request: HttpRequest | None, lang: str) -> engine.Booklet:
        """Call inside translation.override(lang): URLs and texts follow it."""
        return engine.build(
            with_print_relations(self.offers()),
            request,
            lang,
            kind=self.kind_label(),
            place=self.place,
            intro=self.intro or default_intro(),
            intro_lang="de" if self.intro else lang,
            url=absolute_url(request, self.html_url()),
        )

    def kind_label(self) -> str:
        return gettext("Offer catalogue") if self.catalogue else gettext("Family guide")

    def may_regenerate(self, user: Any) -> bool:
        return may_regenerate(user, self)


def absolute_url(request: HttpRequest | None, path: str) -> str:
    """The path on the Wagtail Site's root URL, as offer pages' own full URLs are."""
    site = Site.find_for_request(request) if request is not None else None
    site = site or Site.objects.filter(is_default_site=True).first()
    if site is None:
        return request.build_absolute_uri(path) if request is not None else path
    return f"{site.root_url}{path}"


def default_intro() -> str:
    return gettext(
        "Support for expectant parents and families with young children: advice, meeting "
        "places, courses and help at home. Scan a code to open the offer's current entry."
    )


def region_source(region_slug: str, place: str = "") -> Source:
    region = RegionPage.objects.live().public().filter(slug=region_slug).first()
    if region is None:
        raise Http404("no such region")
    if not place:
        return Source(f"{BOOKLET}/{region.slug}", BOOKLET, region.title, "", region=region)
    spellings = municipalities(region).get(place)
    if not spellings:
        raise Http404("no such municipality")
    city = spellings[0]
    return Source(
        f"{BOOKLET}/{region.slug}/{place}",
        BOOKLET,
        f"{city} ({region.title})",
        "",
        region=region,
        municipality=city,
        spellings=tuple(spellings),
    )


def catalogue_source(slug: str) -> Source:
    catalogue = OfferCatalogue.objects.filter(slug=slug).first()
    if catalogue is None:
        raise Http404("no such catalogue")
    return Source(
        f"{CATALOGUE}/{catalogue.slug}",
        CATALOGUE,
        catalogue.title,
        catalogue.intro,
        region=catalogue.region,
        catalogue=catalogue,
    )


def source_for_key(key: str) -> Source:
    """The booklet an edition key names (Http404 for anything else)."""
    kind, _sep, rest = key.partition("/")
    parts = rest.split("/")
    if kind == CATALOGUE and len(parts) == 1:
        return catalogue_source(parts[0])
    if kind == BOOKLET and len(parts) in (1, 2) and parts[0]:
        return region_source(*parts)
    raise Http404("no such booklet")


def place_slug(city: str) -> str:
    """A place name as a URL part; punctuation separates words ("Winsen/Luhe" and
    "Winsen (Luhe)" are both `winsen-luhe`)."""
    return slugify(re.sub(r"[^\w]+", " ", city))


def municipalities(region: RegionPage) -> dict[str, list[str]]:
    """{slug: spellings} of the places where the region's public offers are, by name
    ("Winsen (Luhe)" and "Winsen/Luhe" are one place, `winsen-luhe`), in name order."""
    cities = (
        OfferLocation.objects.filter(page__in=public_offers().descendant_of(region))
        .exclude(city="")
        .values_list("city", flat=True)
        .distinct()
    )
    places: dict[str, list[str]] = {}
    for city in sorted(set(cities)):
        places.setdefault(place_slug(city), []).append(city)
    return places


def may_regenerate(user: Any, source: Source) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if not user.has_perm("wagtailadmin.access_admin"):
        return False
    if source.catalogue is not None:
        return user.has_perm("booklets.change_offercatalogue")
    return source.region.permissions_for_user(user).can_publish()


def store_edition(source: Source, lang: str, user: Any = None) -> PrintEdition:
    """Generate the PDF in one language and keep it as the public edition."""
    with translation.override(lang):
        booklet = source.build(None, lang)
        pdf = engine.render_pdf(booklet)
    edition, _created = PrintEdition.objects.update_or_create(
        key=source.key,
        language=lang,
        defaults={
            "pdf": pdf,
            "offer_count": len(booklet.offers),
            "generated_at": timezone.now(),
            "generated_by": user,
        },
    )
    return edition


def edition(source: Source, lang: str) -> PrintEdition | None:
    return PrintEdition.objects.filter(key=source.key, language=lang).first()
