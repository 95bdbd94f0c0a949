"""Our models as HSDS 3.1 objects (export and API). The reverse direction lives in
offers_directory/importers/hsds.py. Contact persons and protected locations pass through
`include_protected`: only public ones (protected locations reduced to their town) unless the
caller (an export with --include-protected) asks for all."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django.conf import settings

from ..models import (
    ContactPerson,
    OfferLocation,
    OfferPage,
    OfferSchedule,
    OfferServiceArea,
    OfferStatus,
    OrganizationPage,
    Taxonomy,
    TaxonomyTerm,
)
from ..models.translations import translation_map
from ..privacy import public_location
from .ids import generated_id, hsds_id

EMPTY = (None, "", [], {})


def compact(data: dict[str, Any], keep: tuple[str, ...] = ()) -> dict[str, Any]:
    """Drop empty values (an empty string is not a valid `email` or `uri`), keeping `keep`."""
    return {key: value for key, value in data.items() if key in keep or value not in EMPTY}


def months_to_years(months: int | None) -> float | int | None:
    if months is None:
        return None
    years = months / 12
    return int(years) if years == int(years) else round(years, 4)


def _time(value: Any) -> str | None:
    return value.strftime("%H:%M") if value else None


def taxonomy_data(taxonomy: Taxonomy) -> dict[str, Any]:
    return compact(
        {
            "id": hsds_id("taxonomy", taxonomy),
            "name": taxonomy.name,
            "description": taxonomy.description or "",
            "uri": taxonomy.uri,
            "version": taxonomy.version,
        },
        keep=("description",),
    )


def taxonomy_term_data(term: TaxonomyTerm, *, nested: bool = True) -> dict[str, Any]:
    """HSDS 3.0 and 3.1 name the taxonomy twice: `taxonomy` is a string ("which taxonomy is in
    use", a URI if possible), `taxonomy_detail` the taxonomy object."""
    data = {
        "id": hsds_id("taxonomy_term", term),
        "code": term.code,
        "name": term.name,
        "description": term.description or "",
        "parent_id": hsds_id("taxonomy_term", term.parent) if term.parent_id else None,
        "taxonomy_id": hsds_id("taxonomy", term.taxonomy),
        "term_uri": term.term_uri,
        "language": settings.LANGUAGE_CODE,
    }
    if nested:
        data["taxonomy"] = term.taxonomy.uri or term.taxonomy.name
        data["taxonomy_detail"] = taxonomy_data(term.taxonomy)
    return compact(data, keep=("description",))


def contact_data(contact: ContactPerson) -> dict[str, Any]:
    data = compact(
        {
            "id": hsds_id("contact", contact),
            "name": contact.name,
            "title": contact.role,
            "email": contact.email,
        }
    )
    if contact.phone:
        data["phones"] = [
            {"id": generated_id("phone", contact.pk, "contact"), "number": contact.phone}
        ]
    return data


def contacts_data(contacts: Any, include_protected: bool) -> list[dict[str, Any]]:
    if hasattr(contacts, "all"):
        contacts = contacts.all()
    return [contact_data(c) for c in contacts if include_protected or c.is_public]


def organization_data(
    organization: OrganizationPage, *, include_protected: bool = False, full: bool = True
) -> dict[str, Any]:
    data = {
        "id": hsds_id("organization", organization),
        "name": organization.title,
        "alternate_name": organization.alternate_name,
        "description": organization.description or "",
        "email": organization.email,
        "website": organization.website,
    }
    if full:
        if organization.phone:
            data["phones"] = [
                {
                    "id": generated_id("phone", organization.pk, "organization"),
                    "number": organization.phone,
                }
            ]
        data["contacts"] = contacts_data(organization.contacts, include_protected)
    return compact(data, keep=("description",))


def location_data(location: OfferLocation, *, include_protected: bool = False) -> dict[str, Any]:
    """A location in HSDS; a protected one as the public sees it (no street, its town's
    centre) unless an export for professionals includes what is protected. HSDS has no
    field for the visibility: the extension `x_visibility` carries it (the importer reads it)."""
    if not include_protected:
        location = public_location(location)
    data: dict[str, Any] = {
        "id": hsds_id("location", location, "location_source_id"),
        "location_type": "physical",
        "name": location.name,
    }
    if location.has_coordinates:
        data["latitude"] = location.latitude
        data["longitude"] = location.longitude
    if location.has_address or location.street:
        data["addresses"] = [
            {
                "id": generated_id("address", location.pk),
                "address_1": location.street or "",
                "city": location.city or "",
                "state_province": location.state_province or "",
                "postal_code": location.postal_code or "",
                "country": location.country or "DE",
                "address_type": "physical",
            }
        ]
    if location.accessibility_notes:
        data["accessibility"] = [
            {
                "id": generated_id("location", location.pk, "accessibility"),
                "description": location.accessibility_notes,
            }
        ]
    if location.is_protected:
        data["x_visibility"] = location.visibility
    return compact(data)


def service_at_location_data(
    location: OfferLocation,
    offer: OfferPage,
    *,
    with_service: bool = False,
    include_protected: bool = False,
) -> dict[str, Any]:
    data = {
        "id": hsds_id("service_at_location", location),
        "service_id": hsds_id("service", offer),
        "location_id": hsds_id("location", location, "location_source_id"),
        "location": location_data(location, include_protected=include_protected),
    }
    if with_service:
        data["description"] = offer.title
    return compact(data)


def schedule_data(schedule: OfferSchedule, offer: OfferPage) -> dict[str, Any]:
    return compact(
        {
            "id": generated_id("schedule", schedule.pk),
            "service_id": hsds_id("service", offer),
            "freq": "WEEKLY",
            "wkst": "MO",
            "byday": schedule.weekday,
            "opens_at": _time(schedule.opens_at),
            "closes_at": _time(schedule.closes_at),
            "description": schedule.note,
        }
    )


def service_area_data(area: OfferServiceArea) -> dict[str, Any]:
    geometry = None
    try:
        geometry = area.as_geojson()["geometry"]
    except Exception:  # an invalid stored area must not break the export of the offer
        geometry = None
    return compact(
        {
            "id": hsds_id("service_area", area),
            "name": area.name,
            "description": area.description,
            "extent": json.dumps(geometry, separators=(",", ":")) if geometry else None,
            "extent_type": "geojson" if geometry else None,
        }
    )


def translated_term_id(term: TaxonomyTerm, language: str) -> str:
    """The HSDS id of the term's translation into `language` (derived from the German term's
    primary key, so it cannot be read back: the API compares, api._translated_term)."""
    return generated_id("taxonomy_term", term.pk, f"language:{language}")


def taxonomy_term_translations(term: TaxonomyTerm) -> list[dict[str, Any]]:
    """The term in its other languages. An HSDS taxonomy_term has one `language`, so each
    translation is a term of its own: same `code`, its own id (derived from the German
    term's), `language` and `name`; the German term is the one with `language` "de"."""
    german = taxonomy_term_data(term)
    return [
        {
            **german,
            "id": translated_term_id(term, language),
            "name": name,
            "description": "",
            "language": language,
        }
        for language, name in term.names.items()
        if language != settings.LANGUAGE_CODE
    ]


def term_in_every_language(term: TaxonomyTerm) -> list[dict[str, Any]]:
    """The German term, then one term per translation."""
    return [taxonomy_term_data(term), *taxonomy_term_translations(term)]


def _attributes(term: TaxonomyTerm, offer: OfferPage, link_type: str) -> list[dict[str, Any]]:
    """The service's link to the term, and one to each of its translations."""
    attributes = []
    for data in term_in_every_language(term):
        language = data["language"]
        suffix = "" if language == settings.LANGUAGE_CODE else f":{language}"
        attributes.append(
            {
                "id": generated_id("attribute", offer.pk, f"{link_type}:{term.code}{suffix}"),
                "link_id": hsds_id("service", offer),
                "link_type": link_type,
                "link_entity": "service",
                "taxonomy_term_id": data["id"],
                "taxonomy_term": data,
                # HSDS 3.1: a free-text label, so a consumer can show the attribute as it is.
                "label": data["name"],
            }
        )
    return attributes


def cost_options_data(offer: OfferPage) -> list[dict[str, Any]]:
    # HSDS has no "free" flag: no cost option means free of charge.
    if offer.is_free:
        return []
    amount = offer.fee_amount
    return [
        compact(
            {
                "id": generated_id("cost_option", offer.pk),
                "service_id": hsds_id("service", offer),
                "currency": "EUR" if amount is not None else None,
                "amount": float(amount) if isinstance(amount, Decimal) else amount,
                "amount_description": offer.fee_note,
            }
        )
    ]


def translations_data(offer: OfferPage) -> list[dict[str, str]]:
    """The editors' translations as our extension of `service` (HSDS 3.x has no translated
    fields; its conformance rules let a publication add properties where its own terms do not
    suffice, and the schemas allow them): `translations`, a list of `language` (ISO 639-1),
    `name` (the title) and `summary`."""
    return [
        {"language": code, "name": text["title"], "summary": text["summary"]}
        for code, text in translation_map(offer.translations.all()).items()
    ]


def service_data(
    offer: OfferPage,
    *,
    include_protected: bool = False,
    minimal: bool = False,
) -> dict[str, Any]:
    """An offer as an HSDS `service_full` object (or the plain `service` fields if minimal)."""
    organization = offer.provider
    data: dict[str, Any] = {
        "id": hsds_id("service", offer),
        "name": offer.title,
        "alternate_name": offer.alternate_name,
        "description": offer.description or offer.summary,
        "url": offer.website,
        "email": offer.email,
        "status": offer.status or OfferStatus.ACTIVE,
        "organization_id": hsds_id("organization", organization) if organization else None,
        "application_process": offer.application_process,
        "fees_description": offer.fee_note,
        "eligibility_description": offer.eligibility,
        "minimum_age": months_to_years(offer.min_age_months),
        "maximum_age": months_to_years(offer.max_age_months),
        "assured_date": offer.last_reviewed.isoformat() if offer.last_reviewed else None,
        # What the API's `modified_after` filter compares with.
        "last_modified": offer.last_published_at.isoformat() if offer.last_published_at else None,
    }
    if minimal:
        return compact(data)
    data["organization"] = (
        organization_data(organization, include_protected=include_protected, full=False)
        if organization
        else None
    )
    data["languages"] = [
        {"id": generated_id("language", language.pk), "name": language.name, "code": language.code}
        for language in offer.languages.all()
    ]
    data["service_at_locations"] = [
        service_at_location_data(location, offer, include_protected=include_protected)
        for location in offer.locations.all()
    ]
    data["service_areas"] = [service_area_data(area) for area in offer.service_areas.all()]
    data["schedules"] = [schedule_data(s, offer) for s in offer.sorted_schedules()]
    data["phones"] = (
        [{"id": generated_id("phone", offer.pk, "service"), "number": offer.phone}]
        if offer.phone
        else []
    )
    data["contacts"] = contacts_data(offer.contacts, include_protected)
    data["cost_options"] = cost_options_data(offer)
    data["translations"] = translations_data(offer)
    data["attributes"] = [
        attribute
        for link_type, terms in (
            ("category", offer.categories.all()),
            ("target_group", offer.target_groups.all()),
        )
        for term in terms
        for attribute in _attributes(term, offer, link_type)
    ]
    return compact(data, keep=("languages", "service_at_locations", "cost_options"))
