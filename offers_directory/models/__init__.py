"""The offer directory's data, one module per concern: offers (`offers`), providers
(`organizations`), the pages listing both (`index_pages`), locations, service areas and
region areas (`locations`), the geocoded-address base shared with events and partners
(`addresses`), opening hours (`schedules`), contact persons (`contacts`, with the
protected-contact base the referral partners' contacts share), the managed vocabularies
(`taxonomy`), offers' titles and summaries in other languages (`translations`), the
geocoder's cache (`geocoding`) and the providers' verification requests (`verification`)."""

from .addresses import GeocodedAddress, GeocodeStatus
from .contacts import ContactPerson, ProtectedContact
from .geocoding import GeocodeCacheEntry
from .index_pages import OfferIndexPage, OrganizationIndexPage
from .locations import OfferLocation, OfferServiceArea, RegionArea
from .offers import OfferPage, OfferStatus
from .organizations import OrganizationPage
from .schedules import OfferSchedule, Weekday
from .taxonomy import (
    CODE_VALIDATOR,
    Language,
    Taxonomy,
    TaxonomyTerm,
    category_choices,
    target_group_choices,
)
from .translations import OfferTranslation, TranslationLanguage
from .verification import VerificationAnswer, VerificationRequest

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
    "OfferTranslation",
    "OrganizationIndexPage",
    "OrganizationPage",
    "ProtectedContact",
    "VerificationAnswer",
    "VerificationRequest",
    "RegionArea",
    "Taxonomy",
    "TaxonomyTerm",
    "TranslationLanguage",
    "Weekday",
    "category_choices",
    "target_group_choices",
]
