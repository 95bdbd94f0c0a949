"""Geocoding for the offer directory.

- ``geocode_address(street=, postal_code=, city=, country=)``: an address → coordinates with
  the geocoder chosen by ``OFFERS_DIRECTORY["GEOCODER"]``: ``offline`` (the embedded
  gazetteer: postcode or town centre), ``nominatim`` or ``photon`` (through geopy, at
  ``GEOCODER_URL``, rate limited, cached in the database, falling back to the gazetteer when
  an address is not found). None = nothing found; GeocoderUnavailable = try again later;
  GeocodingError = the input is unusable.
- ``resolve_place(text)``: what a visitor types as "near" — a postcode ("21423"), a place
  ("Winsen (Luhe)", "Winsen Luhe", "Buchholz in der Nordheide"), both ("21423 Winsen") or
  "lat,lon" — through the offline gazetteer only (fast, no network, no database). Raises
  InvalidCoordinates (a GeocodingError) for a coordinate pair out of range.
- ``ambiguous_place(text)``: the places a bare name may mean when it names several and none
  clearly ("Neustadt"), each with its county and a postcode that picks it; [] when clear.
- ``municipality_centre(postal_code, city)``: the centre of an address's town, where a
  protected location's pin is shown to the public (offers_directory.privacy).
- ``suggest_places(prefix, near=)``: completions of a postcode or place name prefix, those
  near a point first; ``region_centre(name)``: the middle of the county a region is named after.

The gazetteer data (offers_directory/data/gazetteer.json.gz) is built by
``manage.py build_gazetteer`` from open data: © OpenStreetMap contributors (ODbL), GeoNames
(CC BY 4.0); see offers_directory/data/README.md."""

from typing import Any

from .gazetteer import Candidate, get_gazetteer, parse_coordinates
from .providers import (
    Geocoder,
    NominatimGeocoder,
    OfflineGeocoder,
    OnlineGeocoder,
    PhotonGeocoder,
    cache_key,
    get_geocoder,
)
from .results import (
    PRECISION_APPROXIMATE,
    PRECISION_EXACT,
    GeocodeResult,
    GeocoderUnavailable,
    GeocodingError,
    InvalidCoordinates,
)

__all__ = [
    "PRECISION_APPROXIMATE",
    "PRECISION_EXACT",
    "Candidate",
    "GeocodeResult",
    "Geocoder",
    "GeocoderUnavailable",
    "GeocodingError",
    "InvalidCoordinates",
    "NominatimGeocoder",
    "ambiguous_place",
    "OfflineGeocoder",
    "OnlineGeocoder",
    "PhotonGeocoder",
    "cache_key",
    "gazetteer_stats",
    "geocode_address",
    "get_geocoder",
    "municipality_centre",
    "parse_coordinates",
    "region_centre",
    "resolve_place",
    "resolve_place_candidates",
    "suggest_places",
]


def geocode_address(
    *, street: str = "", postal_code: str = "", city: str = "", country: str = "DE"
) -> GeocodeResult | None:
    """An address → its coordinates with the configured geocoder (see the module doc)."""
    return get_geocoder().geocode(
        street=street or "", postal_code=postal_code or "", city=city or "", country=country
    )


def resolve_place(text: str) -> GeocodeResult | None:
    """A place query → its most likely place (the most populous of namesakes), or None."""
    results = get_gazetteer().resolve_all(text)
    return results[0] if results else None


def resolve_place_candidates(text: str) -> list[GeocodeResult]:
    """Every place a query may mean, the most likely first ("Winsen" → Winsen (Luhe),
    Winsen (Aller), Winsen in Holstein), for a "did you mean" list."""
    return get_gazetteer().resolve_all(text)


def ambiguous_place(text: str) -> list[Candidate]:
    """The places a bare name may mean when it is not clear which one ("Neustadt"); []
    for a clear query. Callers ask the visitor instead of picking one silently."""
    return get_gazetteer().ambiguous(text)


def suggest_places(
    prefix: str, limit: int = 10, near: tuple[float, float] | None = None
) -> list[GeocodeResult]:
    """Completions of a postcode prefix ("214") or a place name prefix ("Wins"); with `near`
    (latitude, longitude), the places near it first."""
    return get_gazetteer().suggest(prefix, limit, near)


def municipality_centre(postal_code: str, city: str) -> tuple[float, float] | None:
    """The centre of the town (by postcode and name) an address lies in, or None."""
    return get_gazetteer().municipality_centre(postal_code, city)


def region_centre(name: str) -> tuple[float, float] | None:
    """The middle of the county (or counties: "Wittenberg und Dessau-Roßlau") a region is
    named after, or None."""
    return get_gazetteer().region_centre(name)


def gazetteer_stats() -> dict[str, Any]:
    """The built data's own statistics (coverage etc., see build.BuildStats)."""
    return dict(get_gazetteer().stats)
