"""One engine for the Familienbegleitbuch (a region's or municipality's offers) and the
Angebotskatalog (a working group's selection): both are a `Booklet`, laid out by life phase
(booklets/phases.py), then by main category, with an index of providers, printed as HTML and
as PDF by the print engine the Merkliste handout uses (offers_directory/printing.py).

Each offer is printed in full once, numbered, in the first section it belongs to; later
sections refer to that number. Fixed texts come from the site's catalogues (gettext) in the
print language; offer content is German, as everywhere on the site."""

from __future__ import annotations

import datetime
import io
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.http import HttpRequest
from django.utils import formats, timezone
from django.utils.translation import gettext, ngettext

from offers_directory.models import OfferPage, TaxonomyTerm
from offers_directory.printing import (
    PrintOffer,
    PrintPdf,
    ltr_marks,
    print_offers,
    qr_code,
    text_direction,
)

from .phases import SECTIONS, LifePhase, offer_phases

logger = logging.getLogger(__name__)

# The offers of one region fill a booklet of some 40 pages; a limit keeps a mistaken
# selection (every offer of the country) from tying up a worker for minutes.
MAX_OFFERS = 400


@dataclass
class Entry:
    offer: PrintOffer
    first: bool  # printed in full here; later entries refer to its number


@dataclass
class CategorySection:
    name: str
    entries: list[Entry] = field(default_factory=list)


@dataclass
class PhaseSection:
    phase: LifePhase
    categories: list[CategorySection] = field(default_factory=list)

    @property
    def label(self) -> str:
        return str(self.phase.label)

    @property
    def size(self) -> int:
        return sum(len(category.entries) for category in self.categories)

    @property
    def note(self) -> str:
        return str(self.phase.note)


@dataclass
class Booklet:
    kind: str  # the fixed title, e.g. "Familienbegleitbuch"
    place: str  # what it covers: region, municipality or the catalogue's title
    intro: str
    lang: str
    stand: datetime.date
    url: str  # the online version (absolute)
    offers: list[PrintOffer]
    sections: list[PhaseSection]
    providers: list[tuple[str, list[int]]]
    intro_lang: str = ""  # editors' intros are German content; the default one is translated

    @property
    def direction(self) -> str:
        return text_direction(self.lang)

    @property
    def stand_label(self) -> str:
        return formats.date_format(self.stand, "SHORT_DATE_FORMAT")


def main_category(page: OfferPage) -> TaxonomyTerm | None:
    """The top term above the offer's first category: the booklet's sub-heading."""
    terms = sorted(page.categories.all(), key=lambda t: (t.sort_order, t.name))
    if not terms:
        return None
    term = terms[0]
    while term.parent_id is not None:
        term = term.parent
    return term


def build(
    pages: Iterable[OfferPage],
    request: HttpRequest | None,
    lang: str,
    *,
    kind: str,
    place: str,
    intro: str,
    url: str,
    intro_lang: str = "",
    stand: datetime.date | None = None,
) -> Booklet:
    """The booklet of the given (public) offers, read with
    offers_directory.printing.with_print_relations(); call inside translation.override(lang)."""
    pages = list(pages)
    if len(pages) > MAX_OFFERS:
        logger.warning(
            "%s (%s): %d offers, printing the first %d", kind, place, len(pages), MAX_OFFERS
        )
        pages = pages[:MAX_OFFERS]
    other = gettext("Further offers")
    grouped: dict[LifePhase, dict[tuple[int, str], list[OfferPage]]] = {}
    for page in pages:
        category = main_category(page)
        key = (category.sort_order, category.name_in()) if category else (10**9, other)
        for phase in offer_phases(page):
            grouped.setdefault(phase, {}).setdefault(key, []).append(page)
    # Numbers follow the reading order: an offer's number is where it is printed in full.
    order: list[OfferPage] = []
    seen: set[int] = set()
    layout: list[tuple[LifePhase, list[tuple[str, list[OfferPage]]]]] = []
    for phase in SECTIONS:
        if phase not in grouped:
            continue
        categories = []
        for (_sort, name), members in sorted(grouped[phase].items()):
            members = sorted(members, key=lambda p: p.title.lower())
            categories.append((name, members))
            for page in members:
                if page.pk not in seen:
                    seen.add(page.pk)
                    order.append(page)
        layout.append((phase, categories))
    printed = {o.id: o for o in print_offers(order, request, lang)}
    sections = []
    placed: set[int] = set()
    for phase, categories in layout:
        section = PhaseSection(phase)
        for name, members in categories:
            entries = []
            for page in members:
                entries.append(Entry(printed[page.pk], page.pk not in placed))
                placed.add(page.pk)
            section.categories.append(CategorySection(name, entries))
        sections.append(section)
    providers: dict[str, list[int]] = {}
    for offer in printed.values():
        if offer.provider:
            providers.setdefault(offer.provider, []).append(offer.number)
    return Booklet(
        kind=kind,
        place=place,
        intro=intro,
        intro_lang=intro_lang or lang,
        lang=lang,
        stand=stand or timezone.localdate(),
        url=url,
        offers=sorted(printed.values(), key=lambda o: o.number),
        sections=sections,
        providers=sorted(
            ((name, sorted(numbers)) for name, numbers in providers.items()),
            key=lambda item: item[0].lower(),
        ),
    )


def labels() -> dict[str, str]:
    """The offer block's captions in the active language."""
    return {
        "provider": gettext("Provider"),
        "address": gettext("Address"),
        "hours": gettext("Opening hours"),
        "phone": gettext("Phone"),
        "email": gettext("Email"),
        "website": gettext("Website"),
        "contact": gettext("Contact"),
        "languages": gettext("Languages"),
        "online": gettext("Online entry"),
        "see": gettext("see no."),
        "german_only": gettext("Only available in German"),
        "stand": gettext("As of"),
        "contents": gettext("Contents"),
        "providers": gettext("Index of providers"),
        "no_offers": gettext("No offers match this booklet at the moment."),
        "places": gettext("Booklets for single municipalities"),
    }


def offer_count(count: int) -> str:
    return ngettext("%(count)d offer", "%(count)d offers", count) % {"count": count}


# --- PDF ----------------------------------------------------------------------------------


def render_pdf(booklet: Booklet) -> bytes:
    """The booklet as PDF: a cover with the place, the "Stand" date, a QR code to the online
    version and the contents; the sections; the index of providers. Call inside
    translation.override(booklet.lang)."""
    text = labels()
    isolate = ltr_marks(booklet.lang)
    stand = f"{text['stand']} {isolate(booklet.stand_label)}"
    document = PrintPdf(
        booklet.lang, f"{booklet.kind} – {booklet.place}", footer=f"{booklet.kind} · {stand}"
    )
    pdf = document.pdf
    # Cover.
    document.add_page()
    pdf.ln(30)
    document.line(booklet.kind, 28, "B")
    pdf.ln(4)
    document.line(booklet.place, 20)
    pdf.ln(4)
    document.line(stand, 12)
    pdf.ln(6)
    if booklet.intro:
        document.line(booklet.intro, 11)
        pdf.ln(4)
    document.line(offer_count(len(booklet.offers)), 11)
    pdf.ln(8)
    png, _svg = qr_code(booklet.url, booklet.place)
    qr_x = pdf.l_margin if document.align == "L" else pdf.w - pdf.r_margin - 35
    top = pdf.get_y()
    pdf.image(io.BytesIO(png), x=qr_x, y=top, w=35, h=35)
    pdf.link(qr_x, top, 35, 35, booklet.url)
    pdf.set_y(top + 37)
    document.line(isolate(booklet.url), 9)
    pdf.ln(8)
    document.line(text["contents"], 14, "B")
    for section in booklet.sections:
        document.line(f"{section.label}: {offer_count(section.size)}", 10)
    document.line(text["providers"], 10)
    if not booklet.offers:
        pdf.ln(6)
        document.line(text["no_offers"], 11)
    # Sections.
    for section in booklet.sections:
        document.add_page()
        document.line(section.label, 20, "B")
        document.line(section.note, 10)
        pdf.ln(4)
        for category in section.categories:
            document.keep_space(45)
            document.line(category.name, 14, "B")
            pdf.ln(2)
            for entry in category.entries:
                if entry.first:
                    document.offer(entry.offer, text)
                else:
                    document.line(f"{entry.offer.title}: {text['see']} {entry.offer.number}", 10)
                    pdf.ln(2)
            pdf.ln(2)
    # Index of providers.
    document.add_page()
    document.line(text["providers"], 18, "B")
    pdf.ln(3)
    for name, numbers in booklet.providers:
        document.line(f"{name}: {', '.join(isolate(str(n)) for n in numbers)}", 10)
    return document.output()
