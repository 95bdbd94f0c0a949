"""Offer facts as the German text families read."""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.translation import gettext

# Closer than this, a distance is noise of the geocoding (a postcode's or a town's centre
# against an address in it): "0,0 km entfernt" would look like an error.
AT_PLACE_KM = 0.1


def format_distance(km: float) -> str:
    """A distance as families read it, in the active language: "2,4 km entfernt", or "am Ort"
    under AT_PLACE_KM. Every distance the site shows (finder, partner directory, the API's
    `distance_label`) is written by this function."""
    if km < AT_PLACE_KM:
        return gettext("at the place")
    return gettext("%(km)s km away") % {"km": number_format(round(km, 1), 1)}


def format_age_range(min_months: int | None, max_months: int | None, during_pregnancy: bool) -> str:
    """The age range an offer is for, e.g. 'Schwangerschaft bis 3 Jahre', 'ab 6 Monaten'."""

    def months(value: int) -> str:
        if value and value % 12 == 0:
            years = value // 12
            return f"{years} Jahr" if years == 1 else f"{years} Jahren"
        return f"{value} Monat" if value == 1 else f"{value} Monaten"

    def months_nominative(value: int) -> str:
        if value and value % 12 == 0:
            years = value // 12
            return f"{years} Jahr" if years == 1 else f"{years} Jahre"
        return f"{value} Monat" if value == 1 else f"{value} Monate"

    start = "Schwangerschaft" if during_pregnancy else None
    if min_months:
        start = f"{start} und ab {months(min_months)}" if start else f"ab {months(min_months)}"
    elif start is None and max_months is not None:
        start = "ab Geburt"
    if max_months is not None:
        end = f"bis {months_nominative(max_months)}"
        return f"{start} {end}" if start else end
    if start:
        return start if during_pregnancy and not min_months else f"{start}"
    return "alle Altersgruppen"
