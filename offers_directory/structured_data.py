"""schema.org JSON-LD of the offer directory's pages (rendered by the site's head tags, see
home/templatetags/head_tags.py). Contact persons are deliberately absent: JSON-LD is public
even on the pages professionals see."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest

if TYPE_CHECKING:
    from wagtail.models import Page

    from .models import OfferPage, OrganizationPage


def present(**values: Any) -> dict[str, Any]:
    """The properties that have a value, in the order given."""
    return {name: value for name, value in values.items() if value}


def postal_address(street: str, postal_code: str, city: str, country: str = "DE") -> dict[str, Any]:
    return {
        "@type": "PostalAddress",
        "streetAddress": street,
        "postalCode": postal_code,
        "addressLocality": city,
        "addressCountry": country or "DE",
    }


def _page_thing(kind: str, page: Page, request: HttpRequest | None) -> dict[str, Any]:
    """A page as a schema.org thing of `kind`, named by its title, with its address when
    there is a request to take the host from."""
    data: dict[str, Any] = {"@context": "https://schema.org", "@type": kind, "name": page.title}
    if request is not None:
        data["url"] = page.get_full_url(request)
    return data


def organization_json_ld(
    organization: OrganizationPage, request: HttpRequest | None = None
) -> dict[str, Any]:
    """A provider as a schema.org Organization."""
    data = _page_thing("Organization", organization, request)
    data.update(
        present(
            description=organization.description,
            email=organization.email,
            telephone=organization.phone,
            sameAs=organization.website,
        )
    )
    if organization.street or organization.city:
        data["address"] = postal_address(
            organization.street, organization.postal_code, organization.city
        )
    return data


def offer_json_ld(offer: OfferPage, request: HttpRequest | None = None) -> dict[str, Any]:
    """An offer as a schema.org Service offered by its provider at its locations."""
    data = _page_thing("Service", offer, request)
    if offer.summary or offer.description:
        data["description"] = offer.summary or offer.description
    if offer.categories.all():
        data["serviceType"] = [term.name for term in offer.categories.all()]
    if offer.provider_id:
        provider = offer.provider
        data["provider"] = {"@type": "Organization", "name": provider.title}
        if request is not None and provider.live:
            data["provider"]["url"] = provider.get_full_url(request)
    data.update(present(telephone=offer.phone, email=offer.email, sameAs=offer.website))
    if offer.languages.all():
        data["availableLanguage"] = [
            {"@type": "Language", "name": lang.name, "alternateName": lang.code}
            for lang in offer.languages.all()
        ]
    places = []
    for loc in offer.public_locations(getattr(request, "user", None)):
        place: dict[str, Any] = {
            "@type": "Place",
            "name": loc.name or offer.title,
            "address": postal_address(loc.street, loc.postal_code, loc.city, loc.country),
        }
        if loc.has_coordinates:
            place["geo"] = {
                "@type": "GeoCoordinates",
                "latitude": loc.latitude,
                "longitude": loc.longitude,
            }
        places.append(place)
    if places:
        data["availableChannel"] = [
            {"@type": "ServiceChannel", "serviceLocation": place} for place in places
        ]
    areas = [area.name for area in offer.service_areas.all() if area.name]
    if areas:
        data["areaServed"] = [{"@type": "AdministrativeArea", "name": n} for n in areas]
    price: dict[str, Any] = {"@type": "Offer", "priceCurrency": "EUR"}
    if offer.is_free:
        price["price"] = "0"
    elif offer.fee_amount is not None:
        price["price"] = str(offer.fee_amount)
    if offer.fee_note:
        price["description"] = offer.fee_note
    if "price" in price or "description" in price:
        data["offers"] = price
    hours = [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": f"https://schema.org/{s.get_weekday_display_en()}",
            "opens": s.opens_at.strftime("%H:%M") if s.opens_at else None,
            "closes": s.closes_at.strftime("%H:%M") if s.closes_at else None,
        }
        for s in offer.sorted_schedules()
    ]
    if hours:
        data["hoursAvailable"] = hours
    audience = [term.name for term in offer.target_groups.all()]
    if audience:
        data["audience"] = [{"@type": "Audience", "audienceType": a} for a in audience]
    return data
