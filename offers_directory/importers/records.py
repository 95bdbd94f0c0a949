"""The format-neutral shape of one offer to import, and the run's report. The HSDS and the
CSV/XLSX readers produce `OfferData`; `writer.OfferWriter` stores it."""

from __future__ import annotations

import datetime
import math
import re
import sys
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, TextIO

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator

from ..languages import normalize_language_code
from ..models import OfferStatus
from ..models.locations import LocationVisibility


@dataclass
class LocationData:
    source_id: str = ""
    location_source_id: str = ""
    name: str = ""
    street: str = ""
    postal_code: str = ""
    city: str = ""
    state_province: str = ""
    country: str = "DE"
    latitude: float | None = None
    longitude: float | None = None
    accessibility_notes: str = ""
    visibility: str = LocationVisibility.PUBLIC


@dataclass
class AreaData:
    source_id: str = ""
    name: str = ""
    description: str = ""
    extent: dict[str, Any] | None = None


@dataclass
class ScheduleData:
    weekday: str
    opens_at: datetime.time | None = None
    closes_at: datetime.time | None = None
    note: str = ""


@dataclass
class ContactData:
    source_id: str = ""
    name: str = ""
    role: str = ""
    email: str = ""
    phone: str = ""


@dataclass
class OrganizationData:
    source_id: str = ""
    name: str = ""
    alternate_name: str = ""
    description: str = ""
    email: str = ""
    website: str = ""
    phone: str = ""


@dataclass
class TermData:
    code: str
    name: str = ""
    description: str = ""
    source_id: str = ""
    taxonomy_source_id: str = ""
    taxonomy_name: str = ""
    taxonomy_description: str = ""
    taxonomy_uri: str = ""
    link_type: str = ""
    # HSDS brings the term's definition; a CSV only a code, where a typo must not create one.
    create: bool = True
    # HSDS: the term row's `language`; the names of its translations (rows with the same code
    # in another language), by language.
    language: str = ""
    names: dict[str, str] = field(default_factory=dict)


@dataclass
class OfferData:
    """One offer. `fields` holds OfferPage field values by model field name."""

    label: str
    source_id: str = ""
    title: str = ""
    fields: dict[str, Any] = field(default_factory=dict)
    languages: list[str] = field(default_factory=list)
    terms: list[TermData] = field(default_factory=list)
    organization: OrganizationData | None = None
    locations: list[LocationData] = field(default_factory=list)
    areas: list[AreaData] = field(default_factory=list)
    schedules: list[ScheduleData] = field(default_factory=list)
    contacts: list[ContactData] = field(default_factory=list)
    # Language → (title, summary); None where the source format has no translations (kept).
    translations: dict[str, tuple[str, str]] | None = None
    # Text fields of the model the source format cannot express; kept as they are on update.
    untouched: tuple[str, ...] = ()
    # Saved as a draft although active: too little to show visitors (hold_incomplete).
    draft: bool = False


@dataclass
class Message:
    label: str
    level: str  # "warning" or "rejected"
    text: str

    def __str__(self) -> str:
        prefix = "FEHLER" if self.level == "rejected" else "Warnung"
        return f"{self.label}: {prefix}: {self.text}"


class RowError(Exception):
    """The row cannot be imported at all (e.g. no title); the run goes on."""


def unexpected(error: Exception) -> str:
    """The rejection text for an error no reader rule foresaw; the row is skipped, the run
    goes on (one bad row never costs the others)."""
    return f"Unerwarteter Wert, Zeile übersprungen ({type(error).__name__}: {error})."[:500]


class ImportReport:
    """Counts and row-level messages of one run, printed as it goes."""

    COUNTERS = ("imported", "updated", "unchanged", "rejected", "warnings", "geocoded")

    def __init__(self, stream: TextIO | None = None, *, verbosity: int = 1) -> None:
        self.stream = stream or sys.stdout
        self.verbosity = verbosity
        self.counts = dict.fromkeys(self.COUNTERS, 0)
        self.messages: list[Message] = []
        self.to_geocode: list[int] = []
        self.notes: list[str] = []
        # The exchange format's version the file was read as (e.g. "HSDS 3.1"), when it has one.
        self.source_version = ""
        # What became of each offer (label → "imported", "updated", "unchanged", "rejected"),
        # for a listing per row such as the admin's preview.
        self.outcomes: dict[str, str] = {}
        self.titles: dict[str, str] = {}

    def warn(self, label: str, text: str) -> None:
        message = Message(label, "warning", text)
        self.messages.append(message)
        self.counts["warnings"] += 1
        if self.verbosity:
            self.stream.write(f"{message}\n")

    def reject(self, label: str, text: str) -> None:
        message = Message(label, "rejected", text)
        self.messages.append(message)
        self.counts["rejected"] += 1
        self.outcomes[label] = "rejected"
        if self.verbosity:
            self.stream.write(f"{message}\n")

    def note(self, text: str) -> None:
        self.notes.append(text)
        if self.verbosity:
            self.stream.write(f"{text}\n")

    def count(self, outcome: str, label: str | None = None) -> None:
        self.counts[outcome] += 1
        if label is not None:
            self.outcomes[label] = outcome

    def rows(self) -> list[tuple[str, str, list[Message]]]:
        """(label, outcome, its messages) per offer, in the file's order; messages that
        concern no single offer (the header row) come first with the outcome ""."""
        by_label: dict[str, list[Message]] = {}
        for message in self.messages:
            by_label.setdefault(message.label, []).append(message)
        labels = list(dict.fromkeys([*by_label, *self.outcomes]))
        labels.sort(key=_label_position)
        return [(label, self.outcomes.get(label, ""), by_label.get(label, [])) for label in labels]

    def summary(self, *, dry_run: bool = False) -> str:
        c = self.counts
        line = (
            f"imported: {c['imported']}, updated: {c['updated']}, unchanged: {c['unchanged']}, "
            f"rejected: {c['rejected']}, warnings: {c['warnings']}, geocoded: {c['geocoded']}"
        )
        return f"{'Dry run (nothing saved) – ' if dry_run else ''}Summary: {line}"


def _label_position(label: str) -> int:
    """ "Zeile 7", "Zeilen 3, 4", "Angebot 12 (id …)": the first number is the place in the
    file; labels without one (the header) go first."""
    match = re.search(r"\d+", label)
    return int(match.group()) if match else -1


class Progress:
    """A plain-text progress bar that works without a TTY: it prints a new line every 10 %
    (and rewrites one line in place when the stream is a terminal)."""

    def __init__(self, total: int, stream: TextIO, *, enabled: bool = True) -> None:
        self.total = max(total, 0)
        self.stream = stream
        self.enabled = enabled and self.total > 0
        self.done = 0
        self.last_step = -1
        self.tty = bool(getattr(stream, "isatty", lambda: False)())

    def advance(self, amount: int = 1) -> None:
        self.done += amount
        if not self.enabled:
            return
        percent = int(self.done * 100 / self.total)
        step = percent // 10
        if self.tty:
            self.stream.write(f"\r{self.bar(percent)}")
            if self.done >= self.total:
                self.stream.write("\n")
            self.stream.flush()
        elif step != self.last_step:
            self.last_step = step
            self.stream.write(f"{self.bar(percent)}\n")

    def bar(self, percent: int) -> str:
        filled = percent * 30 // 100
        return f"[{'#' * filled}{'.' * (30 - filled)}] {percent:3d}% ({self.done}/{self.total})"


# --- value cleaning shared by the readers -------------------------------------------------

_email = EmailValidator()
_url = URLValidator(schemes=["http", "https"])


def text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    value = " ".join(str(value).split()) if not isinstance(value, str) else value.strip()
    # PostgreSQL cannot store NUL characters; nothing legitimate contains them.
    return value.replace("\x00", "")


def shown(value: Any, limit: int = 40) -> str:
    """A value quoted for the report, cut short: a 10,000-character cell is no message."""
    quoted = repr(value)
    return quoted if len(quoted) <= limit else f"{quoted[: limit - 1]}…"


STRUCTURES = {list: "eine Liste", tuple: "eine Liste", dict: "ein Objekt", set: "eine Menge"}


def field_text(obj: dict[str, Any], key: str, where: str = "") -> str:
    """The text of `obj[key]`. A list or an object where text belongs rejects the row (naming
    the field): its Python spelling is no value anyone meant."""
    value = obj.get(key)
    structure = STRUCTURES.get(type(value))
    if structure is not None:
        raise RowError(f"Feld {where}{key}: {structure} statt Text.")
    return text(value)


def clean_email(value: Any, label: str, report: ImportReport, what: str = "E-Mail") -> str:
    value = text(value)
    if not value:
        return ""
    try:
        _email(value)
    except ValidationError:
        report.warn(
            label, f"{what} {shown(value)} ist keine gültige E-Mail-Adresse und wurde verworfen."
        )
        return ""
    return value


def clean_url(value: Any, label: str, report: ImportReport) -> str:
    value = text(value)
    if not value:
        return ""
    if "://" not in value:
        value = f"https://{value}"
    try:
        _url(value)
    except ValidationError:
        report.warn(label, f"Website {shown(value)} ist keine gültige Adresse und wurde verworfen.")
        return ""
    return value[:200]


def clean_languages(values: list[Any], label: str, report: ImportReport) -> list[str]:
    codes: list[str] = []
    for raw in values:
        raw = text(raw)
        if not raw:
            continue
        try:
            code = normalize_language_code(raw)
        except ValidationError:
            report.warn(
                label, f"Unbekannter Sprachcode {shown(raw)} (ISO 639-1 erwartet), verworfen."
            )
            continue
        if code not in codes:
            codes.append(code)
    return codes


def parse_number(value: Any) -> float | None:
    """A finite number from JSON, a spreadsheet cell or German text ("53,35"); ValueError for
    anything else, "nan", "inf" and numbers too large for a float included."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    try:
        if isinstance(value, int | float | Decimal):
            number = float(value)
        else:
            number = float(str(value).strip().replace(" ", "").replace(",", "."))
    except OverflowError as error:
        raise ValueError(value) from error
    if not math.isfinite(number):
        raise ValueError(value)
    return number


MAX_FEE = Decimal("1000000")


def clean_amount(value: Any, label: str, report: ImportReport, what: str) -> Decimal | None:
    """A fee in euros (two decimals, below a million), or None with a warning naming it."""
    if text(value) == "":
        return None
    try:
        number = parse_number(value)
        amount = Decimal(str(number)).quantize(Decimal("0.01"))
    except (TypeError, ValueError, InvalidOperation):
        report.warn(label, f"{what} {shown(text(value))} ist kein gültiger Betrag, verworfen.")
        return None
    if amount < 0 or amount >= MAX_FEE:
        report.warn(label, f"{what} {amount} außerhalb des gültigen Bereichs, verworfen.")
        return None
    return amount


def hold_incomplete(offer: OfferData, report: ImportReport) -> None:
    """An offer with neither a place nor a description tells a family nothing: it is kept
    as a draft for an editor to complete (`import_offers --publish-incomplete` publishes it)."""
    described = offer.fields.get("description") or offer.fields.get("summary")
    if offer.locations or offer.areas or described:
        return
    if offer.fields.get("status", OfferStatus.ACTIVE) != OfferStatus.ACTIVE:
        return
    offer.draft = True
    report.warn(
        offer.label,
        "Weder Standort noch Beschreibung: als Entwurf gespeichert "
        "(veröffentlichen mit --publish-incomplete).",
    )


def clean_coordinates(
    latitude: Any, longitude: Any, label: str, report: ImportReport
) -> tuple[float | None, float | None]:
    """Valid WGS84 coordinates, or (None, None) with a warning: the address is geocoded then."""
    if latitude in (None, "") and longitude in (None, ""):
        return None, None
    try:
        lat, lon = parse_number(latitude), parse_number(longitude)
    except (TypeError, ValueError):
        report.warn(
            label,
            f"Koordinaten {shown(latitude)}/{shown(longitude)} sind keine Zahlen; "
            "die Adresse wird stattdessen geokodiert.",
        )
        return None, None
    if lat is None or lon is None:
        report.warn(label, "Nur eine Koordinate angegeben; die Adresse wird geokodiert.")
        return None, None
    if not (-90 <= lat <= 90) or not (-180 <= lon <= 180):
        report.warn(
            label,
            f"Breitengrad {lat:g} / Längengrad {lon:g} außerhalb des gültigen Bereichs "
            "(−90…90 / −180…180); die Adresse wird stattdessen geokodiert.",
        )
        return None, None
    return lat, lon


# The words the CSV template and HSDS `x_visibility` accept, besides the stored values.
VISIBILITY_WORDS = {
    "": LocationVisibility.PUBLIC,
    "öffentlich": LocationVisibility.PUBLIC,
    "nur fachkräfte": LocationVisibility.PROFESSIONALS,
    "nur für fachkräfte": LocationVisibility.PROFESSIONALS,
    "fachkräfte": LocationVisibility.PROFESSIONALS,
    "verborgen": LocationVisibility.HIDDEN,
    **{value: value for value in LocationVisibility.values},
}
VISIBILITY_LABELS = {
    LocationVisibility.PUBLIC: "öffentlich",
    LocationVisibility.PROFESSIONALS: "nur Fachkräfte",
    LocationVisibility.HIDDEN: "verborgen",
}


def clean_visibility(value: Any, label: str, report: ImportReport) -> str:
    """A location's visibility; empty is public. An unknown word protects the location
    rather than publish an address its sender may have meant to withhold."""
    word = " ".join(text(value).lower().split())
    if word in VISIBILITY_WORDS:
        return VISIBILITY_WORDS[word]
    report.warn(
        label,
        f"Sichtbarkeit {shown(value)} unbekannt (öffentlich, nur Fachkräfte, verborgen); "
        "„nur Fachkräfte“ angenommen.",
    )
    return LocationVisibility.PROFESSIONALS


def years_to_months(value: Any, label: str, report: ImportReport, what: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        years = parse_number(value)
    except (TypeError, ValueError):
        report.warn(label, f"{what} {shown(value)} ist keine Zahl und wurde verworfen.")
        return None
    if years is None or years < 0 or years > 100:
        report.warn(label, f"{what} {shown(value)} liegt außerhalb von 0–100 Jahren, verworfen.")
        return None
    return round(years * 12)
