"""HSDS JSON → OfferData: a list of `service_full` objects, a single one, or a paged
`/services` response (`{"total_items": …, "contents": [...]}`), in HSDS 3.0 or 3.1.

The version is read from the document (`detect_version`): a `version` the document declares
(as the API root does), else its shape. Each service is checked against the schemas of that
version; deviations are warnings, because the reader below copes with most of them (an id that
is no UUID is still a usable source id). The spellings of the pre-release 3.0 drafts
(`addresss`, `accessibilitys`, the taxonomy object in `taxonomy_term.taxonomy`) are read too."""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError

from jsonschema import ValidationError as SchemaError

from .. import geo
from ..hsds.validation import VERSIONS, error_path, iter_errors
from ..models import OfferStatus, TranslationLanguage
from .records import (
    AreaData,
    ContactData,
    ImportReport,
    LocationData,
    OfferData,
    OrganizationData,
    RowError,
    ScheduleData,
    TermData,
    clean_amount,
    clean_coordinates,
    clean_email,
    clean_languages,
    clean_url,
    clean_visibility,
    field_text,
    parse_number,
    text,
    unexpected,
    years_to_months,
)

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# Where a field only HSDS 3.1 knows sits (3.1 only added fields): the list or object key the
# containing object hangs from ("" for the service itself) and the field.
FIELDS_SINCE_3_1 = (
    ("", "additional_urls"),
    ("", "capacities"),
    ("organization", "additional_websites"),
    ("attributes", "label"),
    ("service_at_locations", "service_areas"),
    ("service_areas", "service_at_location_id"),
)
# Spellings of the pre-release 3.0 drafts that the released 3.0 renamed.
DRAFT_KEYS = ("addresss", "accessibilitys", "fundings")
SHOWN_SCHEMA_ERRORS = 3
# How the report words a value that fails a "format" or "type" check of the schemas.
FORMAT_NAMES = {
    "uuid": "keine UUID",
    "uri": "keine gültige URI",
    "email": "keine gültige E-Mail-Adresse",
    "date-time": "kein Zeitpunkt nach RFC 3339",
    "date": "kein Datum",
}
TYPE_NAMES = {
    "string": "kein Text",
    "number": "keine Zahl",
    "integer": "keine ganze Zahl",
    "array": "keine Liste",
    "object": "kein Objekt",
    "boolean": "kein Wahrheitswert",
}


class UnusableInput(Exception):
    """The file cannot be read as the format at all."""


@dataclass
class HsdsDocument:
    services: list[Any]
    version: str  # the HSDS version whose schemas the services are checked against
    reason: str  # how the version was found, for the report


def load_document(raw: bytes) -> HsdsDocument:
    """The service objects in an HSDS JSON document, and the version it is written in."""
    try:
        document = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise UnusableInput(f"Die Datei ist nicht UTF-8-kodiert ({error}).") from error
    except ValueError as error:
        raise UnusableInput(f"Die Datei ist kein gültiges JSON: {error}") from error
    services = None
    if isinstance(document, list):
        services = document
    elif isinstance(document, dict):
        if isinstance(document.get("contents"), list):
            services = document["contents"]
        elif "id" in document or "name" in document:
            services = [document]
    if services is None:
        raise UnusableInput(
            "Kein HSDS-Dokument: erwartet wird eine Liste von service_full-Objekten, ein "
            "einzelnes Objekt oder eine /services-Seite mit 'contents'."
        )
    declared = document.get("version") if isinstance(document, dict) else None
    version, reason = detect_version(services, declared)
    return HsdsDocument(services=services, version=version, reason=reason)


def detect_version(services: list[Any], declared: Any = None) -> tuple[str, str]:
    """("3.0" or "3.1", why). A declared version wins; else a field only 3.1 knows makes it
    3.1. Everything else is 3.0: 3.1 only added fields, so such a document is valid in 3.1
    exactly when it is valid in 3.0."""
    prefix = ""
    if declared not in (None, ""):
        match = re.match(r"^\s*(?:HSDS\s*)?v?(\d+\.\d+)", str(declared), re.IGNORECASE)
        if match and match.group(1) in VERSIONS:
            return match.group(1), f"angegeben im Feld version ({declared!r})"
        prefix = f"angegebene Version {declared!r} unbekannt; "
    newer = sorted(
        {f"{parent}.{field}".lstrip(".") for parent, field in _fields_since_3_1(services)}
    )
    if newer:
        return "3.1", f"{prefix}erkannt an Feldern, die erst HSDS 3.1 kennt ({', '.join(newer)})"
    draft = sorted(_draft_traits(services))
    if draft:
        return "3.0", (
            f"{prefix}in der Form einer Vorabfassung von 3.0 ({', '.join(draft)}); gelesen "
            "wird sie trotzdem, Abweichungen vom veröffentlichten 3.0 werden gemeldet"
        )
    return "3.0", f"{prefix}keine Felder, die erst HSDS 3.1 kennt; damit auch gültiges 3.1"


def _objects(value: Any, parent: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every object in the document with the key it hangs from (list items: the list's key)."""
    if isinstance(value, dict):
        yield parent, value
        for key, child in value.items():
            yield from _objects(child, key)
    elif isinstance(value, list):
        for item in value:
            yield from _objects(item, parent)


def _fields_since_3_1(services: list[Any]) -> Iterator[tuple[str, str]]:
    for service in services:
        for parent, obj in _objects(service):
            for where, field in FIELDS_SINCE_3_1:
                if parent == where and field in obj:
                    yield where, field


def _draft_traits(services: list[Any]) -> Iterator[str]:
    for service in services:
        for parent, obj in _objects(service):
            yield from (key for key in DRAFT_KEYS if key in obj)
            if parent == "taxonomy_term" and isinstance(obj.get("taxonomy"), dict):
                yield "taxonomy_term.taxonomy als Objekt"


def schema_warning(service: dict[str, Any], version: str) -> str | None:
    """One line about how the service deviates from the HSDS `version` schemas, or None."""
    messages = list(
        dict.fromkeys(_schema_message(e) for e in iter_errors(service, "service", version))
    )
    if not messages:
        return None
    shown = "; ".join(messages[:SHOWN_SCHEMA_ERRORS])
    more = (
        f"; und {len(messages) - SHOWN_SCHEMA_ERRORS} weitere"
        if len(messages) > SHOWN_SCHEMA_ERRORS
        else ""
    )
    return f"Weicht vom Schema HSDS {version} ab ({len(messages)}×): {shown}{more}."


def _schema_message(error: SchemaError) -> str:
    where = f"{error_path(error)}: " if error.path else ""
    value = error.instance
    if error.validator == "format":
        return f"{where}{value!r} ist {FORMAT_NAMES.get(error.validator_value, 'ungültig')}"
    if error.validator == "type":
        wrong = TYPE_NAMES.get(str(error.validator_value), f"nicht vom Typ {error.validator_value}")
        return f"{where}{_short(value)} ist {wrong}"
    if error.validator == "required":
        missing = [name for name in error.validator_value if name not in (value or {})]
        return f"{where}Pflichtfeld {', '.join(missing)} fehlt"
    if error.validator == "enum":
        allowed = ", ".join(str(v) for v in error.validator_value)
        return f"{where}{value!r} ist nicht vorgesehen (erlaubt: {allowed})"
    return f"{where}{error.message}"


def _short(value: Any) -> str:
    shown = json.dumps(value, ensure_ascii=False)
    return shown if len(shown) <= 40 else f"{shown[:37]}…"


def _first(values: Any) -> dict[str, Any]:
    if isinstance(values, list):
        for value in values:
            if isinstance(value, dict):
                return value
    return {}


def _list(value: Any) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _time(value: Any) -> datetime.time | None:
    value = text(value)
    if not value:
        return None
    # HSDS allows a zone suffix ("09:00Z", "09:00+01:00"); opening hours are local times.
    core = value.rstrip("Zz").split("+")[0]
    if core.count("-") and len(core) > 5:
        core = core.rsplit("-", 1)[0]
    for pattern in ("%H:%M:%S", "%H:%M"):
        try:
            return datetime.datetime.strptime(core, pattern).time()
        except ValueError:
            continue
    raise ValueError(value)


def _date(value: Any) -> datetime.date | None:
    value = text(value)
    if not value:
        return None
    return datetime.date.fromisoformat(value[:10])


def parse_service(service: Any, number: int, report: ImportReport, version: str) -> OfferData:
    if not isinstance(service, dict):
        raise RowError("Eintrag ist kein JSON-Objekt.")
    source_id = field_text(service, "id")
    label = f"Angebot {number}" + (f" (id {source_id})" if source_id else "")
    title = field_text(service, "name")
    if not title:
        raise RowError("Titel (name) fehlt.")
    if not source_id:
        raise RowError("HSDS-id fehlt; ohne id kann ein erneuter Import nicht zuordnen.")
    deviation = schema_warning(service, version)
    if deviation:
        report.warn(label, deviation)
    offer = OfferData(label=label, source_id=source_id[:255], title=title[:255])
    status = field_text(service, "status") or OfferStatus.ACTIVE
    if status not in OfferStatus.values:
        report.warn(label, f"Unbekannter Status {status!r}; als 'inactive' importiert.")
        status = OfferStatus.INACTIVE
    fields: dict[str, Any] = {
        "alternate_name": field_text(service, "alternate_name")[:255],
        "description": field_text(service, "description"),
        "website": clean_url(
            service.get("url") or _first_url(service, "additional_urls"), label, report
        ),
        "email": clean_email(service.get("email"), label, report),
        "status": status,
        "application_process": field_text(service, "application_process"),
        "eligibility": field_text(service, "eligibility_description"),
        "min_age_months": years_to_months(
            service.get("minimum_age"), label, report, "Mindestalter"
        ),
        "max_age_months": years_to_months(service.get("maximum_age"), label, report, "Höchstalter"),
    }
    low, high = fields["min_age_months"], fields["max_age_months"]
    if low is not None and high is not None and low > high:
        report.warn(label, "Mindestalter über Höchstalter; beide Altersangaben verworfen.")
        fields["min_age_months"] = fields["max_age_months"] = None
    try:
        fields["last_reviewed"] = _date(service.get("assured_date"))
    except ValueError:
        report.warn(label, f"assured_date {service.get('assured_date')!r} ist kein Datum.")
        fields["last_reviewed"] = None
    phone = field_text(_first(service.get("phones")), "number", "phones[].")
    fields["phone"] = phone[:50]
    _cost(service, fields, label, report)
    offer.fields = fields
    offer.languages = clean_languages(
        [lang.get("code") or "" for lang in _list(service.get("languages"))], label, report
    )
    offer.terms = _terms(service, label, report)
    offer.organization = _organization(service.get("organization"), label, report)
    for number_, sal in enumerate(_list(service.get("service_at_locations")), start=1):
        location = _location(sal, f"{label}, Standort {number_}", report)
        if location is not None:
            offer.locations.append(location)
    for area in _service_areas(service):
        parsed = _area(area, label, report)
        if parsed is not None:
            offer.areas.append(parsed)
    offer.schedules = _schedules(service.get("schedules"), label, report)
    # Without the extension a document says nothing of translations: an offer keeps its own.
    if "translations" in service:
        offer.translations = _translations(service["translations"], label, report)
    for contact in _list(service.get("contacts")):
        name = field_text(contact, "name", "contacts[].")
        if not name:
            report.warn(label, "Kontaktperson ohne Namen verworfen.")
            continue
        offer.contacts.append(
            ContactData(
                source_id=field_text(contact, "id", "contacts[].")[:255],
                name=name[:200],
                role=field_text(contact, "title", "contacts[].")[:200],
                email=clean_email(contact.get("email"), label, report, "Kontakt-E-Mail"),
                phone=field_text(_first(contact.get("phones")), "number", "contacts[].phones[].")[
                    :50
                ],
            )
        )
    return offer


def _cost(service: dict[str, Any], fields: dict[str, Any], label: str, report: ImportReport):
    options = _list(service.get("cost_options"))
    fee_note = field_text(service, "fees_description")
    paid = [option for option in options if parse_number_safe(option.get("amount")) != 0]
    if not paid:
        # No cost option (or only zero amounts) means free of charge.
        fields.update(is_free=True, fee_amount=None, fee_note=fee_note[:255])
        return
    option = paid[0]
    amount = clean_amount(option.get("amount"), label, report, "Betrag")
    note = (
        fee_note
        or field_text(option, "amount_description", "cost_options[].")
        or field_text(option, "option", "cost_options[].")
    )
    if amount is None and not note:
        note = "kostenpflichtig"
    fields.update(is_free=False, fee_amount=amount, fee_note=note[:255])


def parse_number_safe(value: Any) -> float | None:
    try:
        return parse_number(value)
    except (TypeError, ValueError):
        return None


def _first_url(obj: dict[str, Any], key: str) -> str:
    """HSDS 3.1's extra links (`additional_urls`, `additional_websites`): the first one."""
    return field_text(_first(obj.get(key)), "url", f"{key}[].")


def _service_areas(service: dict[str, Any]) -> list[dict[str, Any]]:
    """The service's areas; HSDS 3.1 may also attach them to a service_at_location (ours
    belong to the offer, so they are collected there, each once)."""
    areas = _list(service.get("service_areas"))
    for sal in _list(service.get("service_at_locations")):
        areas.extend(_list(sal.get("service_areas")))
    unique: dict[str, dict[str, Any]] = {}
    for area in areas:
        key = field_text(area, "id", "service_areas[].") or json.dumps(area, sort_keys=True)
        unique.setdefault(key, area)
    return list(unique.values())


def _terms(service: dict[str, Any], label: str, report: ImportReport) -> list[TermData]:
    """The service's terms; a term in another `language` than German is the translation of
    the term with the same code (our export writes one taxonomy_term per language)."""
    terms = _all_terms(service, label, report)
    german = [t for t in terms if t.language in ("", settings.LANGUAGE_CODE)]
    by_code = {term.code: term for term in german}
    for term in terms:
        if term.language not in ("", settings.LANGUAGE_CODE) and term.code in by_code:
            by_code[term.code].names.setdefault(term.language, term.name)
    return german


def _all_terms(service: dict[str, Any], label: str, report: ImportReport) -> list[TermData]:
    terms: list[TermData] = []
    for attribute in _list(service.get("attributes")):
        term = attribute.get("taxonomy_term")
        if not isinstance(term, dict):
            continue
        code = field_text(term, "code", "attributes[].taxonomy_term.") or field_text(
            term, "id", "attributes[].taxonomy_term."
        )
        if not code:
            report.warn(label, "Taxonomie-Begriff ohne code verworfen.")
            continue
        # HSDS 3.0 and 3.1: `taxonomy` names the taxonomy (a URI if possible), the object is
        # `taxonomy_detail`; the pre-release drafts had the object in `taxonomy`.
        named = term.get("taxonomy")
        detail = term.get("taxonomy_detail")
        if not isinstance(detail, dict):
            detail = named if isinstance(named, dict) else {}
        named = (
            field_text(term, "taxonomy", "attributes[].taxonomy_term.")
            if not isinstance(named, dict)
            else ""
        )
        terms.append(
            TermData(
                code=code[:100],
                name=(field_text(term, "name", "attributes[].taxonomy_term.") or code)[:200],
                description=field_text(term, "description", "attributes[].taxonomy_term."),
                source_id=field_text(term, "id", "attributes[].taxonomy_term.")[:255],
                taxonomy_source_id=(
                    field_text(detail, "id", "taxonomy_detail.")
                    or field_text(term, "taxonomy_id", "attributes[].taxonomy_term.")
                )[:255],
                taxonomy_name=(field_text(detail, "name", "taxonomy_detail.") or named)[:200],
                taxonomy_description=field_text(detail, "description", "taxonomy_detail."),
                taxonomy_uri=(
                    field_text(detail, "uri", "taxonomy_detail.") or _uri_or_empty(named)
                )[:200],
                link_type=field_text(attribute, "link_type", "attributes[]."),
                language=field_text(term, "language", "attributes[].taxonomy_term.")
                .lower()
                .split("-")[0],
            )
        )
    return terms


def _uri_or_empty(value: str) -> str:
    return value if value.startswith(("http://", "https://")) else ""


def _organization(value: Any, label: str, report: ImportReport) -> OrganizationData | None:
    if not isinstance(value, dict):
        return None
    name = field_text(value, "name", "organization.")
    if not name:
        report.warn(label, "Träger ohne Namen verworfen.")
        return None
    return OrganizationData(
        source_id=field_text(value, "id", "organization.")[:255],
        name=name[:255],
        alternate_name=field_text(value, "alternate_name", "organization.")[:255],
        description=field_text(value, "description", "organization."),
        email=clean_email(value.get("email"), label, report, "Träger-E-Mail"),
        website=clean_url(
            value.get("website") or _first_url(value, "additional_websites"), label, report
        ),
        phone=field_text(_first(value.get("phones")), "number", "organization.phones[].")[:50],
    )


def _location(sal: dict[str, Any], label: str, report: ImportReport) -> LocationData | None:
    location = sal.get("location") if isinstance(sal.get("location"), dict) else {}
    # The pre-release 3.0 drafts spelled the lists "addresss" and "accessibilitys".
    addresses = _list(location.get("addresses")) or _list(location.get("addresss"))
    physical = [a for a in addresses if a.get("address_type") != "postal"] or addresses
    address = physical[0] if physical else {}
    latitude, longitude = clean_coordinates(
        location.get("latitude"), location.get("longitude"), label, report
    )
    accessibility = _list(location.get("accessibility")) or _list(location.get("accessibilitys"))
    country = field_text(address, "country", "location.addresses[].").upper()
    if country and (len(country) != 2 or not country.isalpha()):
        report.warn(label, f"Land {country!r} ist kein ISO-3166-Code; 'DE' angenommen.")
        country = "DE"
    data = LocationData(
        source_id=field_text(sal, "id", "service_at_locations[].")[:255],
        location_source_id=field_text(location, "id", "location.")[:255],
        name=field_text(location, "name", "location.")[:255],
        street=" ".join(
            part
            for part in (
                field_text(address, "address_1", "location.addresses[]."),
                field_text(address, "address_2", "location.addresses[]."),
            )
            if part
        )[:255],
        postal_code=field_text(address, "postal_code", "location.addresses[].")[:10],
        city=field_text(address, "city", "location.addresses[].")[:100],
        state_province=field_text(address, "state_province", "location.addresses[].")[:100],
        country=country or "DE",
        latitude=latitude,
        longitude=longitude,
        accessibility_notes=field_text(
            _first(accessibility), "description", "location.accessibility[]."
        )[:255],
        # HSDS has no field for it: our extension, as the export writes it.
        visibility=clean_visibility(
            field_text(location, "x_visibility", "location."), label, report
        ),
    )
    if location.get("location_type") == "virtual" and not addresses and latitude is None:
        report.warn(label, "Virtueller Standort ohne Adresse übersprungen.")
        return None
    if not (data.postal_code or data.city) and data.latitude is None:
        report.warn(label, "Standort ohne PLZ, Ort und Koordinaten verworfen.")
        return None
    return data


def _area(area: dict[str, Any], label: str, report: ImportReport) -> AreaData | None:
    name = (
        field_text(area, "name", "service_areas[].")
        or field_text(area, "description", "service_areas[].")
        or "Einzugsgebiet"
    )
    extent = area.get("extent")
    kind = field_text(area, "extent_type", "service_areas[].").lower()
    geometry = None
    if extent not in (None, ""):
        if kind and kind != "geojson":
            report.warn(
                label, f"Einzugsgebiet {name!r}: extent_type {kind!r} wird nicht unterstützt."
            )
        else:
            try:
                geometry = geo.normalize_geometry(extent)
            except ValidationError as error:
                report.warn(
                    label,
                    f"Einzugsgebiet {name!r}: kein gültiges GeoJSON ({'; '.join(error.messages)}).",
                )
    if geometry is None:
        # Without a polygon the area cannot be stored (the model wants a polygon or radius).
        report.warn(label, f"Einzugsgebiet {name!r} ohne gültige Fläche verworfen.")
        return None
    return AreaData(
        source_id=field_text(area, "id", "service_areas[].")[:255],
        name=name[:255],
        description=field_text(area, "description", "service_areas[].")[:255],
        extent=geometry,
    )


def _translations(value: Any, label: str, report: ImportReport) -> dict[str, tuple[str, str]]:
    """Our extension `translations` (offers_directory/hsds/mapping.py `translations_data`):
    title and summary per language; one without either, or in a language the site does not
    speak, is dropped with a warning (a visitor must never get half a translation)."""
    found: dict[str, tuple[str, str]] = {}
    for item in _list(value):
        code = field_text(item, "language", "translations[].").lower()
        name = field_text(item, "name", "translations[].")[:255]
        summary = field_text(item, "summary", "translations[].")[:300]
        if code not in TranslationLanguage.values:
            report.warn(label, f"Übersetzung in {code!r} verworfen: keine Sprache der Website.")
        elif not name or not summary:
            report.warn(label, f"Übersetzung ({code}) ohne Titel oder Kurzbeschreibung verworfen.")
        else:
            found[code] = (name, summary)
    return found


def _schedules(value: Any, label: str, report: ImportReport) -> list[ScheduleData]:
    schedules: list[ScheduleData] = []
    for schedule in _list(value):
        days = [
            d.strip().upper()[-2:]
            for d in field_text(schedule, "byday", "schedules[].").split(",")
            if d.strip()
        ]
        if not days:
            continue
        try:
            opens, closes = _time(schedule.get("opens_at")), _time(schedule.get("closes_at"))
        except ValueError as error:
            report.warn(label, f"Öffnungszeit {error} ist keine Uhrzeit (HH:MM), verworfen.")
            continue
        if opens and closes and closes <= opens:
            report.warn(label, "Öffnungszeit endet vor dem Beginn, verworfen.")
            continue
        note = (
            field_text(schedule, "description", "schedules[].")
            or field_text(schedule, "notes", "schedules[].")
        )[:255]
        for day in days:
            if day not in WEEKDAYS:
                report.warn(label, f"Wochentag {day!r} unbekannt (MO…SU), verworfen.")
                continue
            schedules.append(ScheduleData(weekday=day, opens_at=opens, closes_at=closes, note=note))
    return schedules


def iter_offers(
    services: list[Any], report: ImportReport, version: str
) -> Iterator[tuple[str, OfferData | None]]:
    """(label, OfferData) per service; None (after a rejection in the report) when unusable.
    `version` is the HSDS version whose schemas the services are checked against."""
    for number, service in enumerate(services, start=1):
        label = f"Angebot {number}"
        try:
            yield label, parse_service(service, number, report, version)
        except RowError as error:
            report.reject(label, str(error))
            yield label, None
        except Exception as error:  # any surprise costs this row only, not the run
            report.reject(label, unexpected(error))
            yield label, None
