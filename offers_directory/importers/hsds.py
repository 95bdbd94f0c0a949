"""HSDS 3.0 JSON → OfferData: a list of `service_full` objects, a single one, or a paged
`/services` response (`{"total_items": …, "contents": [...]}`)."""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError

from .. import geo
from ..models import OfferStatus
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
    clean_coordinates,
    clean_email,
    clean_languages,
    clean_url,
    parse_number,
    text,
    years_to_months,
)

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


class UnusableInput(Exception):
    """The file cannot be read as the format at all."""


def load_services(raw: bytes) -> list[Any]:
    """The service objects in an HSDS JSON document."""
    try:
        document = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise UnusableInput(f"Die Datei ist nicht UTF-8-kodiert ({error}).") from error
    except ValueError as error:
        raise UnusableInput(f"Die Datei ist kein gültiges JSON: {error}") from error
    if isinstance(document, list):
        return document
    if isinstance(document, dict):
        if isinstance(document.get("contents"), list):
            return document["contents"]
        if "id" in document or "name" in document:
            return [document]
    raise UnusableInput(
        "Kein HSDS-Dokument: erwartet wird eine Liste von service_full-Objekten, ein "
        "einzelnes Objekt oder eine /services-Seite mit 'contents'."
    )


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


def parse_service(service: Any, number: int, report: ImportReport) -> OfferData:
    if not isinstance(service, dict):
        raise RowError("Eintrag ist kein JSON-Objekt.")
    source_id = text(service.get("id"))
    label = f"Angebot {number}" + (f" (id {source_id})" if source_id else "")
    title = text(service.get("name"))
    if not title:
        raise RowError("Titel (name) fehlt.")
    if not source_id:
        raise RowError("HSDS-id fehlt; ohne id kann ein erneuter Import nicht zuordnen.")
    offer = OfferData(label=label, source_id=source_id[:255], title=title[:255])
    status = text(service.get("status")) or OfferStatus.ACTIVE
    if status not in OfferStatus.values:
        report.warn(label, f"Unbekannter Status {status!r}; als 'inactive' importiert.")
        status = OfferStatus.INACTIVE
    fields: dict[str, Any] = {
        "alternate_name": text(service.get("alternate_name"))[:255],
        "description": text(service.get("description")),
        "website": clean_url(service.get("url"), label, report),
        "email": clean_email(service.get("email"), label, report),
        "status": status,
        "application_process": text(service.get("application_process")),
        "eligibility": text(service.get("eligibility_description")),
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
    phone = text(_first(service.get("phones")).get("number"))
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
    for area in _list(service.get("service_areas")):
        parsed = _area(area, label, report)
        if parsed is not None:
            offer.areas.append(parsed)
    offer.schedules = _schedules(service.get("schedules"), label, report)
    for contact in _list(service.get("contacts")):
        name = text(contact.get("name"))
        if not name:
            report.warn(label, "Kontaktperson ohne Namen verworfen.")
            continue
        offer.contacts.append(
            ContactData(
                source_id=text(contact.get("id"))[:255],
                name=name[:200],
                role=text(contact.get("title"))[:200],
                email=clean_email(contact.get("email"), label, report, "Kontakt-E-Mail"),
                phone=text(_first(contact.get("phones")).get("number"))[:50],
            )
        )
    return offer


def _cost(service: dict[str, Any], fields: dict[str, Any], label: str, report: ImportReport):
    options = _list(service.get("cost_options"))
    fee_note = text(service.get("fees_description"))
    paid = [option for option in options if parse_number_safe(option.get("amount")) != 0]
    if not paid:
        # No cost option (or only zero amounts) means free of charge.
        fields.update(is_free=True, fee_amount=None, fee_note=fee_note[:255])
        return
    option = paid[0]
    amount = None
    if option.get("amount") not in (None, ""):
        try:
            amount = Decimal(str(option["amount"])).quantize(Decimal("0.01"))
        except InvalidOperation:
            report.warn(label, f"Betrag {option.get('amount')!r} ist keine Zahl, verworfen.")
        else:
            if amount < 0 or amount >= Decimal("1000000"):
                report.warn(label, f"Betrag {amount} außerhalb des gültigen Bereichs, verworfen.")
                amount = None
    note = fee_note or text(option.get("amount_description")) or text(option.get("option"))
    if amount is None and not note:
        note = "kostenpflichtig"
    fields.update(is_free=False, fee_amount=amount, fee_note=note[:255])


def parse_number_safe(value: Any) -> float | None:
    try:
        return parse_number(value)
    except (TypeError, ValueError):
        return None


def _terms(service: dict[str, Any], label: str, report: ImportReport) -> list[TermData]:
    terms: list[TermData] = []
    for attribute in _list(service.get("attributes")):
        term = attribute.get("taxonomy_term")
        if not isinstance(term, dict):
            continue
        code = text(term.get("code")) or text(term.get("id"))
        if not code:
            report.warn(label, "Taxonomie-Begriff ohne code verworfen.")
            continue
        taxonomy = term.get("taxonomy") if isinstance(term.get("taxonomy"), dict) else {}
        terms.append(
            TermData(
                code=code[:100],
                name=(text(term.get("name")) or code)[:200],
                description=text(term.get("description")),
                source_id=text(term.get("id"))[:255],
                taxonomy_source_id=text(taxonomy.get("id") or term.get("taxonomy_id"))[:255],
                taxonomy_name=text(taxonomy.get("name"))[:200],
                taxonomy_description=text(taxonomy.get("description")),
                taxonomy_uri=text(taxonomy.get("uri"))[:200],
                link_type=text(attribute.get("link_type")),
            )
        )
    return terms


def _organization(value: Any, label: str, report: ImportReport) -> OrganizationData | None:
    if not isinstance(value, dict):
        return None
    name = text(value.get("name"))
    if not name:
        report.warn(label, "Träger ohne Namen verworfen.")
        return None
    return OrganizationData(
        source_id=text(value.get("id"))[:255],
        name=name[:255],
        alternate_name=text(value.get("alternate_name"))[:255],
        description=text(value.get("description")),
        email=clean_email(value.get("email"), label, report, "Träger-E-Mail"),
        website=clean_url(value.get("website"), label, report),
        phone=text(_first(value.get("phones")).get("number"))[:50],
    )


def _location(sal: dict[str, Any], label: str, report: ImportReport) -> LocationData | None:
    location = sal.get("location") if isinstance(sal.get("location"), dict) else {}
    # 3.0.0 spelled the list "addresss"; 3.0.1 and later "addresses".
    addresses = _list(location.get("addresses")) or _list(location.get("addresss"))
    physical = [a for a in addresses if a.get("address_type") != "postal"] or addresses
    address = physical[0] if physical else {}
    latitude, longitude = clean_coordinates(
        location.get("latitude"), location.get("longitude"), label, report
    )
    accessibility = _list(location.get("accessibility")) or _list(location.get("accessibilitys"))
    country = text(address.get("country")).upper()
    if country and (len(country) != 2 or not country.isalpha()):
        report.warn(label, f"Land {country!r} ist kein ISO-3166-Code; 'DE' angenommen.")
        country = "DE"
    data = LocationData(
        source_id=text(sal.get("id"))[:255],
        location_source_id=text(location.get("id"))[:255],
        name=text(location.get("name"))[:255],
        street=" ".join(
            part
            for part in (text(address.get("address_1")), text(address.get("address_2")))
            if part
        )[:255],
        postal_code=text(address.get("postal_code"))[:10],
        city=text(address.get("city"))[:100],
        state_province=text(address.get("state_province"))[:100],
        country=country or "DE",
        latitude=latitude,
        longitude=longitude,
        accessibility_notes=text(_first(accessibility).get("description"))[:255],
    )
    if location.get("location_type") == "virtual" and not addresses and latitude is None:
        report.warn(label, "Virtueller Standort ohne Adresse übersprungen.")
        return None
    if not (data.postal_code or data.city) and data.latitude is None:
        report.warn(label, "Standort ohne PLZ, Ort und Koordinaten verworfen.")
        return None
    return data


def _area(area: dict[str, Any], label: str, report: ImportReport) -> AreaData | None:
    name = text(area.get("name")) or text(area.get("description")) or "Einzugsgebiet"
    extent = area.get("extent")
    kind = text(area.get("extent_type")).lower()
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
        source_id=text(area.get("id"))[:255],
        name=name[:255],
        description=text(area.get("description"))[:255],
        extent=geometry,
    )


def _schedules(value: Any, label: str, report: ImportReport) -> list[ScheduleData]:
    schedules: list[ScheduleData] = []
    for schedule in _list(value):
        days = [d.strip().upper()[-2:] for d in text(schedule.get("byday")).split(",") if d.strip()]
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
        note = (text(schedule.get("description")) or text(schedule.get("notes")))[:255]
        for day in days:
            if day not in WEEKDAYS:
                report.warn(label, f"Wochentag {day!r} unbekannt (MO…SU), verworfen.")
                continue
            schedules.append(ScheduleData(weekday=day, opens_at=opens, closes_at=closes, note=note))
    return schedules


def iter_offers(
    services: list[Any], report: ImportReport
) -> Iterator[tuple[str, OfferData | None]]:
    """(label, OfferData) per service; None (after a rejection in the report) when unusable."""
    for number, service in enumerate(services, start=1):
        label = f"Angebot {number}"
        try:
            yield label, parse_service(service, number, report)
        except RowError as error:
            report.reject(label, str(error))
            yield label, None
