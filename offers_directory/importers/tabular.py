"""The flat CSV/XLSX template for coordinators: German column headers, one row per
offer-location. Rows with the same "Angebots-ID" form one offer with several locations (the
offer's own columns are taken from its first row). The same columns are written by
`export_offers --format csv` and by the template download in the admin."""

from __future__ import annotations

import csv
import datetime
import io
from collections import OrderedDict
from collections.abc import Iterable
from typing import Any

from django.utils.text import slugify

from ..models import OfferStatus
from .hsds import UnusableInput
from .records import (
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
    parse_number,
    shown,
    text,
    unexpected,
)

# (header, key, help text for the template's second sheet)
COLUMNS: list[tuple[str, str, str]] = [
    (
        "Angebots-ID",
        "id",
        "Eindeutige, gleichbleibende Kennung des Angebots, z. B. HAR-0001. "
        "Zeilen mit derselben ID bilden ein Angebot mit mehreren Standorten.",
    ),
    ("Titel", "title", "Pflichtfeld: Name des Angebots."),
    ("Kurzbeschreibung", "summary", "Ein bis zwei Sätze (höchstens 300 Zeichen)."),
    ("Beschreibung", "description", "Ausführliche Beschreibung."),
    (
        "Status",
        "status",
        "aktiv, inaktiv, vorübergehend geschlossen oder eingestellt. Leer: aktiv.",
    ),
    ("Träger", "provider", "Name des Trägers."),
    ("Träger-ID", "provider_id", "Optionale Kennung des Trägers."),
    (
        "Kategorien",
        "categories",
        "Codes der Angebotsarten, getrennt durch Komma, z. B. hebammenhilfe, elterncafe.",
    ),
    ("Zielgruppen", "target_groups", "Codes der Zielgruppen, getrennt durch Komma."),
    ("Sprachen", "languages", "ISO-639-1-Codes, getrennt durch Komma, z. B. de, en, tr."),
    ("Alter von (Monate)", "min_age", "Alter des Kindes in Monaten; leer: ab Geburt."),
    ("Alter bis (Monate)", "max_age", "Alter des Kindes in Monaten; leer: ohne Obergrenze."),
    ("Schwangerschaft", "during_pregnancy", "ja, wenn sich das Angebot an Schwangere richtet."),
    ("Kostenlos", "is_free", "ja oder nein. Leer: ja."),
    ("Gebühr (EUR)", "fee_amount", "Betrag in Euro, z. B. 25,00."),
    ("Hinweis zu Kosten", "fee_note", "z. B. pro Kurs, Ermäßigung möglich."),
    ("Voraussetzungen", "eligibility", "Wer das Angebot nutzen kann."),
    ("Zugang", "application_process", "Wie man das Angebot bekommt."),
    ("Barrierefreiheit", "accessibility_notes", "Hinweise zur Barrierefreiheit."),
    ("Öffnungszeiten", "schedules", "z. B. Mo 09:00-12:00; Mi 14:00-16:00"),
    ("Telefon", "phone", ""),
    ("E-Mail", "email", ""),
    ("Website", "website", ""),
    ("Zuletzt geprüft", "last_reviewed", "Datum (TT.MM.JJJJ oder JJJJ-MM-TT)."),
    ("Standort-ID", "location_id", "Optionale Kennung des Standorts."),
    ("Standortname", "location_name", "z. B. Familienzentrum Mitte"),
    ("Straße und Hausnummer", "street", ""),
    ("PLZ", "postal_code", "Postleitzahl."),
    ("Ort", "city", ""),
    ("Bundesland", "state_province", ""),
    ("Breitengrad", "latitude", "z. B. 53,3592. Leer: die Adresse wird geokodiert."),
    ("Längengrad", "longitude", "z. B. 10,2134."),
]
HEADERS = [header for header, _key, _help in COLUMNS]
_ALIASES = {
    "id": ["angebots-id", "angebot-id", "id", "kennung", "source_id"],
    "title": ["titel", "name", "angebot", "title"],
    "postal_code": ["plz", "postleitzahl", "postal_code"],
    "city": ["ort", "stadt", "city"],
    "street": ["straße und hausnummer", "straße", "strasse", "address_1", "street"],
    "latitude": ["breitengrad", "breite", "latitude", "lat"],
    "longitude": ["längengrad", "länge", "longitude", "lon", "lng"],
    "email": ["e-mail", "email"],
    "website": ["website", "webseite", "url", "internet"],
}
STATUS_WORDS = {
    "": OfferStatus.ACTIVE,
    "aktiv": OfferStatus.ACTIVE,
    "inaktiv": OfferStatus.INACTIVE,
    "vorübergehend geschlossen": OfferStatus.TEMPORARILY_CLOSED,
    "eingestellt": OfferStatus.DEFUNCT,
    **{value: value for value in OfferStatus.values},
}
STATUS_LABELS = {
    OfferStatus.ACTIVE: "aktiv",
    OfferStatus.INACTIVE: "inaktiv",
    OfferStatus.TEMPORARILY_CLOSED: "vorübergehend geschlossen",
    OfferStatus.DEFUNCT: "eingestellt",
}
WEEKDAYS_DE = {"MO": "MO", "DI": "TU", "MI": "WE", "DO": "TH", "FR": "FR", "SA": "SA", "SO": "SU"}
WEEKDAYS_EN = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"}
WEEKDAY_LABELS = {
    "MO": "Mo",
    "TU": "Di",
    "WE": "Mi",
    "TH": "Do",
    "FR": "Fr",
    "SA": "Sa",
    "SU": "So",
}
YES = {"ja", "j", "yes", "y", "true", "wahr", "1", "x"}
NO = {"nein", "n", "no", "false", "falsch", "0", ""}


def _header_map(headers: list[Any]) -> dict[int, str]:
    """Column index → key; raises UnusableInput when the file is not our template."""
    lookup: dict[str, str] = {}
    for header, key, _help in COLUMNS:
        lookup[header.casefold()] = key
        lookup[key] = key
    for key, aliases in _ALIASES.items():
        for alias in aliases:
            lookup[alias] = key
    mapping: dict[int, str] = {}
    for index, raw in enumerate(headers):
        key = lookup.get(text(raw).casefold())
        if key and key not in mapping.values():
            mapping[index] = key
    if "title" not in mapping.values():
        found = ", ".join(repr(text(h)) for h in headers if text(h)) or "keine"
        raise UnusableInput(
            "Die Kopfzeile passt nicht zur Vorlage: die Spalte 'Titel' fehlt "
            f"(gefunden: {found}). Erwartete Spalten: {', '.join(HEADERS)}."
        )
    return mapping


def read_csv(raw: bytes) -> list[list[str]]:
    if not raw.strip():
        raise UnusableInput("Die Datei ist leer.")
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnusableInput(
            "Die CSV-Datei ist nicht UTF-8-kodiert (Byte "
            f"{raw[error.start]:#04x} an Position {error.start}). Bitte in Excel als "
            "„CSV UTF-8 (durch Trennzeichen getrennt)“ speichern oder die XLSX-Vorlage verwenden."
        ) from error
    first_line = content.splitlines()[0] if content.splitlines() else ""
    delimiter = max(";,\t", key=first_line.count) if first_line else ";"
    try:
        return list(csv.reader(io.StringIO(content), delimiter=delimiter))
    except csv.Error as error:
        raise UnusableInput(f"Die CSV-Datei ist nicht lesbar: {error}") from error


def read_xlsx(raw: bytes) -> list[list[Any]]:
    from openpyxl import load_workbook

    if not raw.strip():
        raise UnusableInput("Die Datei ist leer.")
    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for broken files
        raise UnusableInput(f"Die XLSX-Datei ist nicht lesbar: {error}") from error
    sheet = workbook.worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    return rows


def parse_rows(rows: list[list[Any]], report: ImportReport) -> list[tuple[str, OfferData | None]]:
    """Group the rows into offers. Returns (label, OfferData or None when rejected)."""
    rows = [row for row in rows if any(text(cell) for cell in row)]
    if not rows:
        raise UnusableInput("Die Datei enthält keine Zeilen.")
    mapping = _header_map(rows[0])
    unknown = [text(h) for i, h in enumerate(rows[0]) if i not in mapping and text(h)]
    if unknown:
        report.warn("Kopfzeile", f"Unbekannte Spalten werden ignoriert: {', '.join(unknown)}.")
    if len(rows) == 1:
        raise UnusableInput("Die Datei enthält nur die Kopfzeile, keine Angebote.")
    groups: OrderedDict[str, list[tuple[int, dict[str, Any]]]] = OrderedDict()
    results: list[tuple[str, OfferData | None]] = []
    for number, row in enumerate(rows[1:], start=2):
        values = {key: row[index] if index < len(row) else None for index, key in mapping.items()}
        label = f"Zeile {number}"
        title = text(values.get("title"))
        key = text(values.get("id"))
        if not title and not key:
            report.reject(label, "Titel fehlt.")
            results.append((label, None))
            continue
        if not key:
            # Without an ID the title (and provider) must identify the offer on re-import.
            key = "csv-" + slugify(f"{title} {text(values.get('provider'))}")[:120]
        groups.setdefault(key, []).append((number, values))
    for key, members in groups.items():
        numbers = [n for n, _v in members]
        label = (
            f"Zeile {numbers[0]}" if len(numbers) == 1 else f"Zeilen {', '.join(map(str, numbers))}"
        )
        try:
            results.append((label, _offer(key, members, label, report)))
        except RowError as error:
            report.reject(label, str(error))
            results.append((label, None))
        except Exception as error:  # any surprise costs this offer only, not the run
            report.reject(label, unexpected(error))
            results.append((label, None))
    return results


def _split(value: Any) -> list[str]:
    return [part.strip() for part in text(value).replace(";", ",").split(",") if part.strip()]


def _yes(value: Any, label: str, report: ImportReport, what: str, default: bool) -> bool:
    word = text(value).casefold()
    if word == "":
        return default
    if word in YES:
        return True
    if word in NO:
        return False
    report.warn(
        label,
        f"{what}: {shown(text(value))} ist weder ja noch nein; "
        f"{'ja' if default else 'nein'} angenommen.",
    )
    return default


def _months(value: Any, label: str, report: ImportReport, what: str) -> int | None:
    if text(value) == "":
        return None
    try:
        number = parse_number(value)
    except (TypeError, ValueError):
        number = None
    if number is None or number < 0 or number > 1200 or number != int(number):
        report.warn(
            label, f"{what} {shown(text(value))} ist keine ganze Zahl von Monaten, verworfen."
        )
        return None
    return int(number)


def _date(value: Any, label: str, report: ImportReport) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    raw = text(value)
    if not raw:
        return None
    for pattern in ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y"):
        try:
            return datetime.datetime.strptime(raw, pattern).date()
        except ValueError:
            continue
    report.warn(label, f"Datum {shown(raw)} nicht erkannt (TT.MM.JJJJ), verworfen.")
    return None


def _time(value: str) -> datetime.time:
    value = value.strip().replace(".", ":")
    if ":" not in value:
        value = f"{value}:00"
    return datetime.datetime.strptime(value, "%H:%M").time()


def parse_schedules(value: Any, label: str, report: ImportReport) -> list[ScheduleData]:
    """ "Mo 09:00-12:00; Mi, Do 14-16 Uhr" → one ScheduleData per weekday and time span."""
    schedules: list[ScheduleData] = []
    for part in text(value).split(";"):
        part = part.strip().replace("Uhr", "").replace("–", "-").strip()
        if not part:
            continue
        tokens = part.replace(",", " ").split()
        days = []
        times = []
        for token in tokens:
            code = token.strip(":").upper()[:2]
            if token[:1].isalpha() and (code in WEEKDAYS_DE or code in WEEKDAYS_EN):
                days.append(WEEKDAYS_DE.get(code, code))
            else:
                times.append(token)
        try:
            if not days:
                raise ValueError(part)
            opens = closes = None
            if times:
                start, _sep, end = "".join(times).partition("-")
                opens, closes = _time(start), _time(end) if end else None
            if opens and closes and closes <= opens:
                raise ValueError(part)
        except ValueError:
            report.warn(
                label,
                f"Öffnungszeit {shown(part)} nicht erkannt (z. B. „Mo 09:00-12:00“), verworfen.",
            )
            continue
        schedules.extend(ScheduleData(weekday=d, opens_at=opens, closes_at=closes) for d in days)
    return schedules


def _offer(
    key: str, members: list[tuple[int, dict[str, Any]]], label: str, report: ImportReport
) -> OfferData:
    first = members[0][1]
    title = text(first.get("title"))
    if not title:
        raise RowError("Titel fehlt.")
    offer = OfferData(label=label, source_id=key[:255], title=title[:255])
    status_word = text(first.get("status")).casefold()
    status = STATUS_WORDS.get(status_word)
    if status is None:
        report.warn(
            label, f"Status {shown(text(first.get('status')))} unbekannt; 'inaktiv' angenommen."
        )
        status = OfferStatus.INACTIVE
    is_free = _yes(first.get("is_free"), label, report, "Kostenlos", True)
    fee_amount = clean_amount(first.get("fee_amount"), label, report, "Gebühr")
    fee_note = text(first.get("fee_note"))[:255]
    if fee_amount:
        is_free = False
    if not is_free and fee_amount is None and not fee_note:
        fee_note = "kostenpflichtig"
    min_age = _months(first.get("min_age"), label, report, "Alter von")
    max_age = _months(first.get("max_age"), label, report, "Alter bis")
    if min_age is not None and max_age is not None and min_age > max_age:
        report.warn(label, "'Alter von' über 'Alter bis'; beide Altersangaben verworfen.")
        min_age = max_age = None
    offer.fields = {
        "summary": text(first.get("summary"))[:300],
        "description": text(first.get("description")),
        "status": status,
        "is_free": is_free,
        "fee_amount": None if is_free else fee_amount,
        "fee_note": fee_note,
        "min_age_months": min_age,
        "max_age_months": max_age,
        "during_pregnancy": _yes(
            first.get("during_pregnancy"), label, report, "Schwangerschaft", False
        ),
        "eligibility": text(first.get("eligibility")),
        "application_process": text(first.get("application_process")),
        "accessibility_notes": text(first.get("accessibility_notes")),
        "phone": text(first.get("phone"))[:50],
        "email": clean_email(first.get("email"), label, report),
        "website": clean_url(first.get("website"), label, report),
        "last_reviewed": _date(first.get("last_reviewed"), label, report),
    }
    offer.languages = clean_languages(_split(first.get("languages")), label, report)
    offer.terms = [
        TermData(code=c, link_type="category", create=False)
        for c in _split(first.get("categories"))
    ] + [
        TermData(code=c, link_type="target_group", create=False)
        for c in _split(first.get("target_groups"))
    ]
    provider = text(first.get("provider"))
    if provider:
        offer.organization = OrganizationData(
            source_id=text(first.get("provider_id"))[:255], name=provider[:255]
        )
    offer.schedules = parse_schedules(first.get("schedules"), label, report)
    for number, values in members:
        row_label = f"Zeile {number}"
        if (
            number != members[0][0]
            and text(values.get("title"))
            and text(values.get("title")) != title
        ):
            report.warn(
                row_label,
                f"Anderer Titel als die erste Zeile des Angebots {key!r}; die erste Zeile gilt.",
            )
        latitude, longitude = clean_coordinates(
            values.get("latitude"), values.get("longitude"), row_label, report
        )
        location = LocationData(
            location_source_id=text(values.get("location_id"))[:255],
            name=text(values.get("location_name"))[:255],
            street=text(values.get("street"))[:255],
            postal_code=text(values.get("postal_code"))[:10],
            city=text(values.get("city"))[:100],
            state_province=text(values.get("state_province"))[:100],
            latitude=latitude,
            longitude=longitude,
        )
        if not (location.postal_code or location.city or location.street) and latitude is None:
            continue  # an offer without a place (e.g. phone counselling)
        if not (location.postal_code or location.city) and latitude is None:
            report.warn(row_label, "Standort ohne PLZ und Ort verworfen (nicht geokodierbar).")
            continue
        offer.locations.append(location)
    return offer


# --- writing the template ---------------------------------------------------------------------


def offer_rows(offers: Iterable[Any]) -> Iterable[list[Any]]:
    """Template rows (one per offer-location) for OfferPages."""
    for offer in offers:
        categories = ", ".join(t.code for t in offer.categories.all())
        target_groups = ", ".join(t.code for t in offer.target_groups.all())
        base = {
            "id": offer.source_id or f"cms-{offer.pk}",
            "title": offer.title,
            "summary": offer.summary,
            "description": offer.description,
            "status": STATUS_LABELS.get(offer.status, offer.status),
            "provider": offer.provider.title if offer.provider_id else "",
            "provider_id": (offer.provider.source_id or "") if offer.provider_id else "",
            "categories": categories,
            "target_groups": target_groups,
            "languages": ", ".join(lang.code for lang in offer.languages.all()),
            "min_age": offer.min_age_months if offer.min_age_months is not None else "",
            "max_age": offer.max_age_months if offer.max_age_months is not None else "",
            "during_pregnancy": "ja" if offer.during_pregnancy else "nein",
            "is_free": "ja" if offer.is_free else "nein",
            "fee_amount": str(offer.fee_amount).replace(".", ",")
            if offer.fee_amount is not None
            else "",
            "fee_note": offer.fee_note,
            "eligibility": offer.eligibility,
            "application_process": offer.application_process,
            "accessibility_notes": offer.accessibility_notes,
            "schedules": format_schedules(offer.sorted_schedules()),
            "phone": offer.phone,
            "email": offer.email,
            "website": offer.website,
            "last_reviewed": offer.last_reviewed.strftime("%d.%m.%Y")
            if offer.last_reviewed
            else "",
        }
        locations = list(offer.locations.all()) or [None]
        for location in locations:
            row = dict(base)
            if location is not None:
                row.update(
                    location_id=location.location_source_id or location.source_id,
                    location_name=location.name,
                    street=location.street,
                    postal_code=location.postal_code,
                    city=location.city,
                    state_province=location.state_province,
                    latitude=_decimal_comma(location.latitude),
                    longitude=_decimal_comma(location.longitude),
                )
            yield [row.get(key, "") for _header, key, _help in COLUMNS]


def _decimal_comma(value: float | None) -> str:
    return "" if value is None else f"{value:.6f}".rstrip("0").rstrip(".").replace(".", ",")


def format_schedules(schedules: Iterable[Any]) -> str:
    parts = []
    for s in schedules:
        span = ""
        if s.opens_at:
            span = s.opens_at.strftime("%H:%M")
            if s.closes_at:
                span += "-" + s.closes_at.strftime("%H:%M")
        parts.append(f"{WEEKDAY_LABELS.get(s.weekday, s.weekday)} {span}".strip())
    return "; ".join(parts)


EXAMPLE_ROW = {
    "id": "HAR-0001",
    "title": "Elterncafé Winsen",
    "summary": "Offener Treff für Eltern mit Babys.",
    "status": "aktiv",
    "provider": "Familienzentrum Winsen e. V.",
    "categories": "elterncafe",
    "languages": "de, tr",
    "min_age": "0",
    "max_age": "36",
    "is_free": "ja",
    "schedules": "Mi 09:30-11:30",
    "email": "info@example.org",
    "location_name": "Familienzentrum",
    "street": "Rathausstraße 1",
    "postal_code": "21423",
    "city": "Winsen (Luhe)",
    "state_province": "Niedersachsen",
}


def write_csv(rows: Iterable[list[Any]], stream: io.TextIOBase) -> None:
    """Semicolon-separated UTF-8 with BOM, which German Excel opens correctly."""
    writer = csv.writer(stream, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADERS)
    for row in rows:
        writer.writerow(["" if value is None else value for value in row])


def template_csv(example: bool = True) -> bytes:
    buffer = io.StringIO()
    rows = [[EXAMPLE_ROW.get(key, "") for _h, key, _help in COLUMNS]] if example else []
    write_csv(rows, buffer)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def term_codes() -> list[tuple[str, str, str]]:
    """(code, name, taxonomy) of every term the Kategorien and Zielgruppen columns accept."""
    from ..models import TaxonomyTerm

    return list(
        TaxonomyTerm.objects.order_by("taxonomy__name", "sort_order", "name").values_list(
            "code", "name", "taxonomy__name"
        )
    )


def template_xlsx(example: bool = True) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Angebote"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    if example:
        sheet.append([EXAMPLE_ROW.get(key, "") for _h, key, _help in COLUMNS])
    sheet.freeze_panes = "A2"
    for index, header in enumerate(HEADERS, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = max(
            12, len(header) + 2
        )
    help_sheet = workbook.create_sheet("Hinweise")
    help_sheet.append(["Spalte", "Bedeutung"])
    for header, _key, help_text in COLUMNS:
        help_sheet.append([header, help_text])
    help_sheet.column_dimensions["A"].width = 28
    help_sheet.column_dimensions["B"].width = 100
    terms_sheet = workbook.create_sheet("Begriffe")
    terms_sheet.append(["Code", "Bezeichnung", "Verzeichnis"])
    for row in term_codes():
        terms_sheet.append(list(row))
    terms_sheet.column_dimensions["A"].width = 32
    terms_sheet.column_dimensions["B"].width = 48
    terms_sheet.column_dimensions["C"].width = 28
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
