"""Venue coordinates from the offer directory's geocoder (offline gazetteer, Nominatim or
Photon, as configured in OFFERS_DIRECTORY). An unreachable or unknowing geocoder leaves the
coordinates empty: the event still saves, and editors may type them in."""

from __future__ import annotations

import logging

logger = logging.getLogger(__name__)


def geocode_address(street: str, postal_code: str, city: str) -> tuple[float, float] | None:
    try:
        from offers_directory import geocoding
    except ImportError:  # the events app also works without the offer directory
        return None
    try:
        result = geocoding.geocode_address(street=street, postal_code=postal_code, city=city)
    except geocoding.GeocodingError:
        logger.warning("Geocoding the venue %r failed", (street, postal_code, city), exc_info=True)
        return None
    if result is None:
        return None
    return result.latitude, result.longitude
