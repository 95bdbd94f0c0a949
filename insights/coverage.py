"""Where a region lacks offers: its municipalities (the main places of the gazetteer's
postcodes in the region, region_postcodes), the offers located in each per main
category, and the main categories no offer reaches from a municipality's centre.

An offer reaches a municipality when one of its locations lies within INSIGHTS["REACH_KM"]
(15 km) of the centre, when one of its service areas covers the centre, or when it is an
offer of the region with neither (outreach offers, which come to families anywhere in the
region, as the printed guides treat them). Offers of every region count: a family near the
county border uses the neighbour's too."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Q

from home.models import RegionPage
from offers_directory import geo
from offers_directory.geocoding.gazetteer import get_gazetteer
from offers_directory.models import OfferLocation, OfferPage, OfferServiceArea, TaxonomyTerm
from offers_directory.models.taxonomy import category_choices
from search.offers.indexing import public_offers

from .regions import RegionMap


def reach_km() -> float:
    return float((getattr(settings, "INSIGHTS", None) or {}).get("REACH_KM", 15.0))


@dataclass
class Municipality:
    name: str
    postcodes: list[str]
    latitude: float
    longitude: float
    offers: dict[str, int] = field(default_factory=dict)  # main category code → offers
    reached: set[str] = field(default_factory=set)  # main category codes reaching it

    def gaps(self, categories: list[TaxonomyTerm]) -> list[TaxonomyTerm]:
        return [c for c in categories if c.code not in self.reached]

    @property
    def offer_total(self) -> int:
        return sum(self.offers.values())


@dataclass
class Coverage:
    region: RegionPage
    categories: list[TaxonomyTerm]  # the main categories
    municipalities: list[Municipality]
    reach_km: float

    def gap_rows(self) -> list[tuple[Municipality, list[TaxonomyTerm]]]:
        rows = [(m, m.gaps(self.categories)) for m in self.municipalities]
        return [(m, gaps) for m, gaps in rows if gaps]


def main_categories() -> tuple[list[TaxonomyTerm], dict[int, str]]:
    """The top terms of the category taxonomy, and every term's id → its top term's code."""
    terms = {t.pk: t for t in TaxonomyTerm.objects.filter(category_choices())}
    top: dict[int, str] = {}
    for pk, term in terms.items():
        node, seen = term, set()
        while node.parent_id is not None and node.parent_id in terms and node.pk not in seen:
            seen.add(node.pk)
            node = terms[node.parent_id]
        top[pk] = node.code
    mains = sorted(
        (t for t in terms.values() if t.parent_id is None), key=lambda t: (t.sort_order, t.name)
    )
    return mains, top


def region_postcodes(region: RegionPage) -> list[str]:
    """The postcodes of the county the region is named after (its official name, else its
    title: the gazetteer knows each postcode's county), else those its outline and postcode
    prefixes give it (insights/regions.py; those route imports and are often rougher)."""
    gazetteer = get_gazetteer()
    for name in (region.official_name, region.title):
        codes = gazetteer.county_postcodes(name)
        if codes:
            return codes
    return RegionMap.load().postcodes(region)


def municipalities(region: RegionPage) -> list[Municipality]:
    """The region's municipalities: its postcodes grouped by their main place's name, each
    centred on the mean of its postcodes' positions; by name."""
    gazetteer = get_gazetteer()
    grouped: dict[str, list[str]] = defaultdict(list)
    for code in region_postcodes(region):
        grouped[gazetteer.postcode_rows(code)[0].name].append(code)
    found = []
    for name, codes in sorted(grouped.items()):
        points = [gazetteer.position(code) for code in codes]
        found.append(
            Municipality(
                name,
                codes,
                sum(p[0] for p in points if p) / len(codes),
                sum(p[1] for p in points if p) / len(codes),
            )
        )
    return found


def _bounds(places: list[Municipality], km: float) -> tuple[float, float, float, float]:
    dlat = km / 110.5
    dlon = km / (111.3 * max(0.01, math.cos(math.radians(places[0].latitude))))
    return (
        min(p.latitude for p in places) - dlat,
        min(p.longitude for p in places) - dlon,
        max(p.latitude for p in places) + dlat,
        max(p.longitude for p in places) + dlon,
    )


def _candidate_offers(region: RegionPage, places: list[Municipality], km: float) -> Any:
    """Public offers that may reach the region: a location near it, a service area, or none
    of either inside the region (one query, plus the prefetches)."""
    south, west, north, east = _bounds(places, km)
    near = OfferLocation.objects.filter(
        page=OuterRef("pk"), latitude__range=(south, north), longitude__range=(west, east)
    )
    located = OfferLocation.objects.filter(page=OuterRef("pk"))
    areas = OfferServiceArea.objects.filter(page=OuterRef("pk"))
    inside = Q(path__startswith=region.path) & ~Exists(located) & ~Exists(areas)
    return (
        public_offers()
        .filter(Q(Exists(near)) | Q(Exists(areas)) | inside)
        .prefetch_related("categories", "locations", "service_areas")
    )


def coverage(region: RegionPage) -> Coverage:
    km = reach_km()
    categories, top = main_categories()
    places = municipalities(region)
    if not places:
        return Coverage(region, categories, [], km)
    by_postcode = {code: place for place in places for code in place.postcodes}
    gazetteer = get_gazetteer()
    for offer in _candidate_offers(region, places, km):
        codes = {top[t.pk] for t in offer.categories.all() if t.pk in top}
        if not codes:
            continue
        _count_offer(offer, codes, places, by_postcode, gazetteer, km, region)
    return Coverage(region, categories, places, km)


def _count_offer(
    offer: OfferPage,
    codes: set[str],
    places: list[Municipality],
    by_postcode: dict[str, Municipality],
    gazetteer: Any,
    km: float,
    region: RegionPage,
) -> None:
    locations = [loc for loc in offer.locations.all() if loc.has_coordinates]
    areas = list(offer.service_areas.all())
    # Where the offer is: each municipality it has a location in counts it once.
    located: set[int] = set()
    for loc in locations:
        code = loc.postal_code or gazetteer.nearest_postcode(loc.latitude, loc.longitude) or ""
        place = by_postcode.get(code)
        if place is not None and id(place) not in located:
            located.add(id(place))
            for c in codes:
                place.offers[c] = place.offers.get(c, 0) + 1
    everywhere = not locations and not areas and offer.path.startswith(region.path)
    for place in places:
        if codes <= place.reached:
            continue
        if (
            everywhere
            or any(
                geo.haversine_km(place.latitude, place.longitude, loc.latitude, loc.longitude) <= km
                for loc in locations
            )
            or any(area.covers(place.latitude, place.longitude) for area in areas)
        ):
            place.reached |= codes
