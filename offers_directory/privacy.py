"""Who sees protected contact persons and protected locations: the one gate every surface
(pages, print view, APIs, exports, the search index, the partner directory, the handout, the
printed guides) passes contact persons and offer locations through."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from .conf import get_setting

if TYPE_CHECKING:
    from .models import ContactPerson, OfferLocation


def can_see_protected_contacts(user: Any) -> bool:
    """Professionals (the configured group, or anyone granted the permission) and editors with
    admin access see protected contact persons and the exact address of protected locations;
    anonymous visitors never do."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser or user.has_perm("offers_directory.view_protected_contacts"):
        return True
    if user.has_perm("wagtailadmin.access_admin"):
        return True
    group = get_setting("PROFESSIONALS_GROUP")
    return bool(group) and user.groups.filter(name=group).exists()


def visible_contacts(contacts: Any, user: Any) -> list[ContactPerson]:
    """Public contact persons for everybody, protected ones only for professionals and
    editors. Accepts a queryset, a modelcluster relation manager or a plain iterable."""
    if hasattr(contacts, "all"):
        contacts = contacts.all()
    allowed = can_see_protected_contacts(user)
    return [contact for contact in contacts if allowed or contact.is_public]


def visible_locations(locations: Any, user: Any) -> list[OfferLocation]:
    """Public locations as they are for everybody; a protected one (visibility
    "professionals" or "hidden") exactly only for professionals and editors, for everyone else
    as `reduced_location()`. Accepts a queryset, a modelcluster relation manager or a plain
    iterable. `user=None` is the public (the search index, HSDS, printed paper)."""
    if hasattr(locations, "all"):
        locations = locations.all()
    allowed = can_see_protected_contacts(user)
    return [
        location if allowed or not location.is_protected else reduced_location(location)
        for location in locations
    ]


def public_location(location: OfferLocation) -> OfferLocation:
    """One location as the public sees it (for the surfaces that handle one at a time)."""
    return reduced_location(location) if location.is_protected else location


def reduced_location(location: OfferLocation) -> OfferLocation:
    """An unsaved copy of a protected location with what the public may know: the street
    withheld, the pin on the centre of its town (the offline gazetteer's; none when the
    town is unknown, rather than the exact one), and for a hidden one no name or notes."""
    from .geocoding import municipality_centre
    from .models.locations import LocationVisibility

    shown = copy.copy(location)
    shown.address_withheld = True
    shown.street = ""
    # The normalised address holds the street too.
    shown.geocoded_address = shown.geocode_message = ""
    centre = municipality_centre(location.postal_code, location.city)
    shown.latitude, shown.longitude = centre if centre is not None else (None, None)
    if location.visibility == LocationVisibility.HIDDEN:
        shown.name = ""
        shown.accessibility_notes = ""
    return shown
