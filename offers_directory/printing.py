"""The print engine shared by everything that hands offers out on paper: the Merkliste handout
(professionals/handout.py) and the Familienbegleitbuch and Angebotskatalog (booklets/).

It turns offer pages into `PrintOffer` records (the public facts only: public contact
persons, never protected ones, see privacy.py; a QR code linking the online entry) and writes
them into a PDF (`PrintPdf`: fpdf2 with DejaVu Sans, Arabic shaped by HarfBuzz through
uharfbuzz, left-to-right values isolated inside right-to-left text, see bidi.py). Each caller
adds its own frame: the handout a map, the booklet a cover, sections and an index."""

from __future__ import annotations

import contextlib
import copy
import io
import logging
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext

import segno

from home.i18n import list_separator

from . import bidi
from .languages import translated_language_name
from .privacy import visible_contacts, visible_locations

if TYPE_CHECKING:
    from fpdf import FPDF

    from .models import OfferLocation, OfferPage

# fpdf2 subsets fonts with fontTools, which logs every table at INFO.
logging.getLogger("fontTools").setLevel(logging.WARNING)

# The finder's languages: printed matter comes in the same ones.
LANGUAGES = ("de", "en", "tr", "ar", "uk")
RTL = {"ar"}
FONT_DIRS = [Path("/usr/share/fonts/truetype/dejavu")]
QR_SIZE_MM = 25

WEEKDAYS: dict[str, dict[str, str]] = {
    "de": {"MO": "Mo", "TU": "Di", "WE": "Mi", "TH": "Do", "FR": "Fr", "SA": "Sa", "SU": "So"},
    "en": {
        "MO": "Mon",
        "TU": "Tue",
        "WE": "Wed",
        "TH": "Thu",
        "FR": "Fri",
        "SA": "Sat",
        "SU": "Sun",
    },
    "tr": {
        "MO": "Pzt",
        "TU": "Sal",
        "WE": "Çar",
        "TH": "Per",
        "FR": "Cum",
        "SA": "Cmt",
        "SU": "Paz",
    },
    "ar": {
        "MO": "الاثنين",
        "TU": "الثلاثاء",
        "WE": "الأربعاء",
        "TH": "الخميس",
        "FR": "الجمعة",
        "SA": "السبت",
        "SU": "الأحد",
    },
    "uk": {"MO": "Пн", "TU": "Вт", "WE": "Ср", "TH": "Чт", "FR": "Пт", "SA": "Сб", "SU": "Нд"},
}


@dataclass
class PrintOffer:
    """One offer as printed: plain values in the print language, nothing protected."""

    number: int
    id: int
    title: str
    provider: str
    summary: str
    url: str
    addresses: list[str]
    hours: list[str]
    hours_note: str
    phone: str
    email: str
    website: str
    contacts: list[str]
    points: list[tuple[float, float]]
    provider_id: int | None = None
    languages: list[str] = field(default_factory=list)
    qr_svg: str = ""
    qr_png: bytes = field(default=b"", repr=False)
    # "Angaben zuletzt geprüft: März 2026" in the print language.
    verified: str = ""
    # Title and summary are in the print language where an editor translated them, else in
    # German, which the print then says (`german_only`).
    text_language: str = "de"
    german_only: bool = False

    @property
    def text_dir(self) -> str:
        return text_direction(self.text_language)


def printed_address(location: OfferLocation) -> str:
    """A location's address line; a withheld street says so."""
    if location.address_withheld:
        return f"{location.address_line} ({gettext('Address on request')})"
    return location.address_line


def language(raw: str | None, default: str = "de") -> str:
    """A print language from a request value, else the default (if printable), else German."""
    raw = (raw or "").strip().lower()[:5]
    return raw if raw in LANGUAGES else (default if default in LANGUAGES else "de")


def ltr_marks(lang: str) -> Callable[[str], str]:
    """How left-to-right values are marked in this language's plain text: isolated
    (LRI … PDI) inside right-to-left text, unchanged otherwise."""
    return bidi.ltr if lang in RTL else str


def text_direction(lang: str) -> str:
    return "rtl" if lang in RTL else "ltr"


def with_print_relations(queryset: QuerySet[OfferPage]) -> QuerySet[OfferPage]:
    """Everything `print_offers()` reads, in a constant number of queries."""
    return queryset.select_related("provider").prefetch_related(
        "locations", "schedules", "contacts", "languages", "categories__parent", "translations"
    )


def qr_code(url: str, title: str) -> tuple[bytes, str]:
    """The QR code of a URL as PNG (for the PDF) and as inline SVG (for the print view)."""
    qr = segno.make(url, error="m")
    png = io.BytesIO()
    qr.save(png, kind="png", scale=4, border=2)
    svg = io.BytesIO()
    qr.save(svg, kind="svg", scale=3, border=2, xmldecl=False, svgns=True, title=title)
    return png.getvalue(), svg.getvalue().decode()


def language_names(page: OfferPage) -> list[str]:
    """The offer's languages, named in the active UI language."""
    return [translated_language_name(row.code) for row in page.languages.all()]


def print_offers(
    pages: Iterable[OfferPage], request: HttpRequest | None, lang: str, *, start: int = 1
) -> list[PrintOffer]:
    """The pages as print records, numbered from `start`, in the given order. Callers pass
    public offers only (search.offers.indexing.public_offers) with `with_print_relations()`; contact
    persons go through the privacy gate as for an anonymous visitor, because paper is
    handed on. Without a request (a background task) the URLs are the Wagtail Site's."""
    weekdays = WEEKDAYS[lang]
    isolate = ltr_marks(lang)
    anonymous = AnonymousUser()
    result: list[PrintOffer] = []
    for page in pages:
        url = page.get_full_url(request) or (
            request.build_absolute_uri(page.url or "/") if request is not None else page.url
        )
        hours = []
        for schedule in page.sorted_schedules():
            times = ""
            if schedule.opens_at and schedule.closes_at:
                times = isolate(
                    f"{schedule.opens_at.strftime('%H:%M')}–{schedule.closes_at.strftime('%H:%M')}"
                )
            line = f"{weekdays.get(schedule.weekday, schedule.weekday)} {times}".strip()
            if schedule.note:
                line = f"{line} ({schedule.note})"
            hours.append(line)
        contacts = [
            " · ".join(p for p in (c.name, c.role, isolate(c.phone), isolate(c.email)) if p)
            for c in visible_contacts(page.contacts, anonymous)
        ]
        # Paper is passed on: protected locations print as the public sees them.
        locations = visible_locations(page.locations, anonymous)
        text = page.text_in(lang)
        png, svg = qr_code(url, text.title)
        result.append(
            PrintOffer(
                number=start + len(result),
                id=page.pk,
                title=text.title,
                provider=page.provider.title if page.provider_id else "",
                provider_id=page.provider_id,
                summary=text.summary,
                text_language=text.language,
                german_only=text.language != lang,
                url=url,
                addresses=[printed_address(loc) for loc in locations if loc.address_line],
                hours=hours,
                hours_note=page.opening_hours_note,
                phone=page.phone,
                email=page.email,
                website=page.website,
                contacts=contacts,
                points=[(loc.latitude, loc.longitude) for loc in locations if loc.has_coordinates],
                languages=language_names(page),
                qr_svg=svg,
                qr_png=png,
                verified=verified_line(page, lang),
            )
        )
    return result


def verified_line(page: OfferPage, lang: str) -> str:
    """The public "zuletzt geprüft" line in the print language ("" when unknown)."""
    day = page.verified_on
    if day is None:
        return ""
    with translation.override(lang):
        return gettext("Information last checked: %(date)s") % {"date": date_format(day, "F Y")}


# --- PDF ----------------------------------------------------------------------------------


def _font_path(name: str) -> Path | None:
    for folder in FONT_DIRS:
        if (folder / name).exists():
            return folder / name
    return None


# Parsed fonts by (file, style), kept for the process: fpdf2 reads a font's character map,
# widths and glyph ids every time a document adds it (about 150 ms for DejaVu Sans and Bold,
# more than a short handout takes to lay out). Never used in a document themselves.
_parsed_fonts: dict[tuple[str, str], object] = {}


def _add_font(pdf: FPDF, family: str, style: str, path: Path) -> None:
    """pdf.add_font(family, style, path), with what fpdf2 parsed the first time.

    Each document gets a copy that shares the read-only tables and has its own state: the
    index in the document, the glyphs used, and the font file itself (fpdf2 cuts it down to
    those glyphs when it writes the document)."""
    from fontTools import ttLib
    from fpdf.fonts import SubsetMap

    key = (str(path), style)
    parsed = _parsed_fonts.get(key)
    if parsed is None:
        pdf.add_font(family, style, str(path))
        parsed = copy.copy(pdf.fonts[f"{family.lower()}{style}"])
        parsed.ttfont = None  # this document's, which it cuts down
        _parsed_fonts[key] = parsed
        return
    font = copy.copy(parsed)
    font.i = len(pdf.fonts) + 1
    font.ttfont = ttLib.TTFont(str(path), recalcTimestamp=False, lazy=True)
    font.missing_glyphs = []
    font.biggest_size_pt = 0
    font._hbfont = None
    font.subset = SubsetMap(font)
    pdf.fonts[f"{family.lower()}{style}"] = font


class PrintPdf:
    """An A4 document in one language with the offer block every printed list shares.

    `labels` holds the block's captions in the print language: provider, address, hours,
    phone, email, website, contact, online and (optionally) languages."""

    def __init__(self, lang: str, title: str, footer: str = "") -> None:
        from fpdf import FPDF

        footer_text = footer

        class _Document(FPDF):
            def footer(inner) -> None:  # noqa: N805 - fpdf2's hook, called on every page
                if not footer_text:
                    return
                inner.set_y(-12)
                inner.set_font(self.family, "", 7)
                inner.set_text_color(90, 90, 90)
                inner.cell(0, 5, self.clean(f"{footer_text} · {inner.page_no()}"), align="C")
                inner.set_text_color(0, 0, 0)

        self.lang = lang
        self.isolate = ltr_marks(lang)
        self.align = "R" if lang in RTL else "L"
        pdf = _Document(format="A4")
        pdf.set_auto_page_break(auto=True, margin=15)
        pdf.set_title(title)
        regular, bold = _font_path("DejaVuSans.ttf"), _font_path("DejaVuSans-Bold.ttf")
        if regular and bold:
            _add_font(pdf, "DejaVu", "", regular)
            _add_font(pdf, "DejaVu", "B", bold)
            self.family = "DejaVu"
            # Only Arabic needs shaping (joined letter forms); it costs a HarfBuzz call per
            # measured word, which would double the time a long booklet takes. Without
            # uharfbuzz, text is written unshaped.
            if lang in RTL:
                with contextlib.suppress(Exception):
                    pdf.set_text_shaping(True)
        else:  # pragma: no cover - the font package is installed by the scripts
            self.family = "helvetica"
        self.pdf = pdf
        self.width = pdf.epw

    def clean(self, value: str) -> str:
        if self.family == "DejaVu":
            return value
        return value.encode("latin-1", "replace").decode("latin-1")

    def add_page(self) -> None:
        self.pdf.add_page()

    def line(self, value: str, size: float = 10, style: str = "", w: float | None = None) -> None:
        """A paragraph across the text width, or `w` wide beside a QR code (which sits on the
        left in right-to-left documents, so the text moves right)."""
        pdf = self.pdf
        pdf.set_font(self.family, style, size)
        pdf.set_x(pdf.l_margin + (QR_SIZE_MM + 3 if w is not None and self.align == "R" else 0))
        pdf.multi_cell(
            w or self.width, size * 0.5, self.clean(value), align=self.align, new_y="NEXT"
        )

    def keep_space(self, height: float) -> None:
        """A new page unless `height` millimetres are left above the bottom margin."""
        if self.pdf.get_y() + height > self.pdf.h - self.pdf.b_margin:
            self.pdf.add_page()

    def offer(self, offer: PrintOffer, labels: Mapping[str, str], number: bool = True) -> None:
        """The offer's facts with its QR code beside them (the code is a link too), kept on
        one page unless it is longer than a page."""
        pdf = self.pdf
        rows = self.offer_rows(offer, labels, number)
        narrow = self.width - QR_SIZE_MM - 3
        self.keep_space(max(self.height(rows, narrow), QR_SIZE_MM) + 2)
        top = pdf.get_y()
        page = pdf.page_no()
        for text, size, style in rows:
            self.line(text, size, style, w=narrow)
        if pdf.page_no() != page:  # the text ran onto the next page: the code goes there too
            top = pdf.t_margin
        qr_x = pdf.w - pdf.r_margin - QR_SIZE_MM if self.align == "L" else pdf.l_margin
        pdf.image(io.BytesIO(offer.qr_png), x=qr_x, y=top, w=QR_SIZE_MM, h=QR_SIZE_MM)
        pdf.link(qr_x, top, QR_SIZE_MM, QR_SIZE_MM, offer.url)
        pdf.set_y(max(pdf.get_y(), top + QR_SIZE_MM + 2))
        pdf.ln(3)

    def offer_rows(
        self, offer: PrintOffer, labels: Mapping[str, str], number: bool = True
    ) -> list[tuple[str, float, str]]:
        """The offer block's paragraphs as (text, font size, style)."""
        isolate = self.isolate
        rows = [(f"{offer.number}. {offer.title}" if number else offer.title, 13, "B")]
        facts = []
        if offer.provider:
            facts.append(f"{labels['provider']}: {offer.provider}")
        if offer.summary:
            facts.append(offer.summary)
        if offer.german_only and labels.get("german_only"):
            facts.append(labels["german_only"])
        facts += [f"{labels['address']}: {isolate(address)}" for address in offer.addresses]
        if offer.hours or offer.hours_note:
            hours = "; ".join(offer.hours + ([offer.hours_note] if offer.hours_note else []))
            facts.append(f"{labels['hours']}: {hours}")
        for key, value in (("phone", offer.phone), ("email", offer.email)):
            if value:
                facts.append(f"{labels[key]}: {isolate(value)}")
        if offer.website:
            facts.append(f"{labels['website']}: {isolate(offer.website)}")
        facts += [f"{labels['contact']}: {contact}" for contact in offer.contacts]
        if offer.languages and "languages" in labels:
            languages = list_separator(self.lang).join(offer.languages)
            facts.append(f"{labels['languages']}: {languages}")
        rows += [(fact, 9, "") for fact in facts]
        if offer.verified:
            rows.append((offer.verified, 8, ""))
        rows.append((f"{labels['online']}: {isolate(offer.url)}", 8, ""))
        return rows

    def height(self, rows: list[tuple[str, float, str]], width: float) -> float:
        """About how tall the rows are at `width` (string widths, without breaking lines:
        a tenth more per row for the words that wrap early)."""
        pdf, total = self.pdf, 0.0
        for text, size, style in rows:
            pdf.set_font(self.family, style, size)
            lines = max(1, math.ceil(pdf.get_string_width(self.clean(text)) * 1.1 / width))
            total += lines * size * 0.5
        return total

    def output(self) -> bytes:
        return bytes(self.pdf.output())
