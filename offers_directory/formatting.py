"""Offer facts as the text families read, in the active language."""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext, pgettext

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


def _age_from(months: int) -> str:
    if months % 12 == 0:
        years = months // 12
        return ngettext("from %(count)s year", "from %(count)s years", years) % {"count": years}
    return ngettext("from %(count)s month", "from %(count)s months", months) % {"count": months}


def _age_until(months: int) -> str:
    if months and months % 12 == 0:
        years = months // 12
        return ngettext("up to %(count)s year", "up to %(count)s years", years) % {"count": years}
    return ngettext("up to %(count)s month", "up to %(count)s months", months) % {"count": months}


def format_age_range(min_months: int | None, max_months: int | None, during_pregnancy: bool) -> str:
    """The age range an offer is for, in the active language: 'Schwangerschaft bis 3 Jahre',
    'ab 6 Monaten'. Each case is its own sentence in the catalogue, with the ages as phrases
    that carry their own grammar ('ab 6 Monaten', 'bis 3 Jahre'), so every language can
    order and inflect them its way."""
    start = _age_from(min_months) if min_months else None
    until = _age_until(max_months) if max_months is not None else None
    if during_pregnancy:
        if start and until:
            return pgettext("age range", "pregnancy and %(from)s %(until)s") % {
                "from": start,
                "until": until,
            }
        if start:
            return pgettext("age range", "pregnancy and %(from)s") % {"from": start}
        if until:
            return pgettext("age range", "pregnancy %(until)s") % {"until": until}
        return gettext("Pregnancy")
    if start and until:
        return pgettext("age range", "%(from)s %(until)s") % {"from": start, "until": until}
    if start:
        return start
    if until:
        return pgettext("age range", "from birth %(until)s") % {"until": until}
    return pgettext("age range", "all ages")
