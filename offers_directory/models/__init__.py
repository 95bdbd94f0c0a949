"""The offer directory's data, one module per concern: offers and their index pages
(`offers`), providers (`organizations`), locations, service areas and region areas
(`locations`), the geocoded-address base shared with events and partners (`addresses`),
opening hours (`schedules`), contact persons (`contacts`), the managed vocabularies
(`taxonomy`) and the geocoder's cache (`geocoding`)."""

from .addresses import GeocodedAddress, GeocodeStatus
from .contacts import ContactPerson
from .geocoding import GeocodeCacheEntry
from .locations import OfferLocation, OfferServiceArea, RegionArea
from .offers import OfferIndexPage, OfferPage, OfferStatus
from .organizations import OrganizationIndexPage, OrganizationPage
from .schedules import OfferSchedule, Weekday
from .taxonomy import (
    CODE_VALIDATOR,
    Language,
    Taxonomy,
    TaxonomyTerm,
    category_choices,
    target_group_choices,
)

__all__ = [
    "CODE_VALIDATOR",
    "ContactPerson",
    "GeocodeCacheEntry",
    "GeocodeStatus",
    "GeocodedAddress",
    "Language",
    "OfferIndexPage",
    "OfferLocation",
    "OfferPage",
    "OfferSchedule",
    "OfferServiceArea",
    "OfferStatus",
    "OrganizationIndexPage",
    "OrganizationPage",
    "RegionArea",
    "Taxonomy",
    "TaxonomyTerm",
    "Weekday",
    "category_choices",
    "target_group_choices",
]
