"""The referral handout ("Merkliste"): the offers a visitor collected, as a print view and a
PDF, in German or one of the finder's languages.

The server only renders the offer ids it is given (nothing is stored). Only public offers
appear, and only public contact persons: a handout is handed to families. The small map is
drawn from the coordinates alone (no tile server); the QR code links to the online entry."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.utils.html import escape

from offers_directory import basemap
from offers_directory.printing import (
    LANGUAGES,
    RTL,
    PrintOffer,
    PrintPdf,
    language,
    print_offers,
    text_direction,
    with_print_relations,
)
from params import IdList

MAX_OFFERS = 30
# The offers of a handout: `?ids=3,1,2` (a longer list answers 400, see params).
IDS = IdList("ids", max_count=MAX_OFFERS)
# The handout's record of an offer is the print engine's; the language helpers are its too
# (re-exported: the views and tests know them as the handout's).
HandoutOffer = PrintOffer
__all__ = ["LANGUAGES", "RTL", "HandoutOffer", "language"]

# The handout's own few labels per language: the handout must be complete in the language a
# professional picks for a family, whatever the state of the site's translation catalogues.
TEXT: dict[str, dict[str, str]] = {
    "de": {
        "contact": "Kontakt",
        "title": "Ihre Merkliste",
        "intro": "Angebote, die für Sie zusammengestellt wurden.",
        "address": "Adresse",
        "hours": "Öffnungszeiten",
        "phone": "Telefon",
        "email": "E-Mail",
        "website": "Internet",
        "online": "Online-Eintrag",
        "map": "Karte",
        "provider": "Träger",
        "empty": "Die Merkliste ist leer.",
        "closed": "nach Vereinbarung",
        "german_only": "Nur auf Deutsch verfügbar",
    },
    "en": {
        "contact": "Contact",
        "title": "Your list",
        "intro": "Offers selected for you.",
        "address": "Address",
        "hours": "Opening hours",
        "phone": "Phone",
        "email": "Email",
        "website": "Website",
        "online": "Online entry",
        "map": "Map",
        "provider": "Provider",
        "empty": "The list is empty.",
        "closed": "by appointment",
        "german_only": "Only available in German",
    },
    "tr": {
        "contact": "İletişim",
        "title": "Listeniz",
        "intro": "Sizin için seçilen hizmetler.",
        "address": "Adres",
        "hours": "Çalışma saatleri",
        "phone": "Telefon",
        "email": "E-posta",
        "website": "İnternet",
        "online": "Çevrimiçi kayıt",
        "map": "Harita",
        "provider": "Kurum",
        "empty": "Liste boş.",
        "closed": "randevu ile",
        "german_only": "Yalnızca Almanca olarak mevcut",
    },
    "ar": {
        "contact": "جهة الاتصال",
        "title": "قائمتك",
        "intro": "عروض مختارة لك.",
        "address": "العنوان",
        "hours": "ساعات العمل",
        "phone": "الهاتف",
        "email": "البريد الإلكتروني",
        "website": "الموقع",
        "online": "الصفحة على الإنترنت",
        "map": "الخريطة",
        "provider": "الجهة",
        "empty": "القائمة فارغة.",
        "closed": "بموعد مسبق",
        "german_only": "متوفر باللغة الألمانية فقط",
    },
    "uk": {
        "contact": "Контакт",
        "title": "Ваш список",
        "intro": "Пропозиції, підібрані для вас.",
        "address": "Адреса",
        "hours": "Години роботи",
        "phone": "Телефон",
        "email": "Ел. пошта",
        "website": "Сайт",
        "online": "Запис онлайн",
        "map": "Карта",
        "provider": "Організація",
        "empty": "Список порожній.",
        "closed": "за домовленістю",
        "german_only": "Доступно лише німецькою",
    },
}


def collect(ids: list[int], request: HttpRequest, lang: str) -> list[HandoutOffer]:
    """The public offers among ids, in the given order."""
    from search.offers.indexing import public_offers

    pages = {page.pk: page for page in with_print_relations(public_offers().filter(pk__in=ids))}
    return print_offers([pages[i] for i in ids if i in pages], request, lang)


# --- the small map ------------------------------------------------------------------------


# Around a single place the map still shows about 15 km, so towns and rivers give bearings.
MIN_SPAN_DEG = 0.14


@dataclass(frozen=True)
class MapFrame:
    """The small map's projection: equirectangular with the latitude's cosine (fine for a
    county), fitted to the locations, in the drawing's units (SVG pixels or PDF mm)."""

    width: float
    height: float
    scale: float  # units per degree of latitude
    centre_lon: float
    centre_lat: float
    cos_lat: float

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        return (
            self.width / 2 + (lon - self.centre_lon) * self.cos_lat * self.scale,
            self.height / 2 - (lat - self.centre_lat) * self.scale,
        )

    def bbox(self) -> tuple[float, float, float, float]:
        half_lon = self.width / 2 / (self.cos_lat * self.scale)
        half_lat = self.height / 2 / self.scale
        return (
            self.centre_lon - half_lon,
            self.centre_lat - half_lat,
            self.centre_lon + half_lon,
            self.centre_lat + half_lat,
        )


def map_frame(
    offers: list[HandoutOffer], width: float, height: float, margin: float
) -> MapFrame | None:
    points = [point for offer in offers for point in offer.points]
    if not points:
        return None
    lats = [lat for lat, _ in points]
    lons = [lon for _, lon in points]
    cos_lat = math.cos(math.radians((min(lats) + max(lats)) / 2))
    span_x = max((max(lons) - min(lons)) * cos_lat, MIN_SPAN_DEG)
    span_y = max(max(lats) - min(lats), MIN_SPAN_DEG * height / width)
    scale = min((width - 2 * margin) / span_x, (height - 2 * margin) / span_y)
    return MapFrame(
        width, height, scale, (min(lons) + max(lons)) / 2, (min(lats) + max(lats)) / 2, cos_lat
    )


def project(
    offers: list[HandoutOffer], width: float, height: float, margin: float = 14.0
) -> list[tuple[int, float, float]]:
    """(offer number, x, y) for every location, fitted into width × height."""
    frame = map_frame(offers, width, height, margin)
    if frame is None:
        return []
    return [(o.number, *frame.xy(lon, lat)) for o in offers for lat, lon in o.points]


@dataclass(frozen=True)
class Stroke:
    """One shape of the basemap in the frame's units: an area (`fill`) or a line."""

    points: list[tuple[float, float]]
    fill: str = ""
    color: str = ""
    width: float = 0.0
    dash: bool = False


# Line widths relative to the drawing unit (SVG px ≈ 0.26 mm).
_BOUND_STYLE = {
    basemap.BOUND_COUNTY: ("county", 0.9),
    basemap.BOUND_STATE: ("state", 1.6),
    basemap.BOUND_NATIONAL: ("national", 2.0),
    basemap.BOUND_COAST: ("coast", 0.8),
}


def basemap_drawing(
    frame: MapFrame,
    unit_mm: float,
    markers: list[tuple[float, float]] = (),
    max_labels: int = 8,
) -> tuple[list[Stroke], list[tuple[str, float, float]]]:
    """The offline basemap inside the frame, as areas and lines in drawing order, and the
    names of the largest places (name, x, y) that overlap neither each other nor a marker."""
    palette = basemap.PALETTE
    degrees_per_mm = 1 / (frame.scale / unit_mm)
    shapes = basemap.shapes(frame.bbox(), degrees_per_mm)
    xy = frame.xy
    strokes: list[Stroke] = []
    strokes += [Stroke([xy(*p) for p in ring], fill=palette["abroad"]) for ring in shapes.land]
    strokes += [
        Stroke([xy(*p) for p in ring], fill=palette["germany"])
        for polygon in shapes.germany
        for ring in polygon[:1]  # holes (enclaves) are too small to matter here
    ]
    strokes += [Stroke([xy(*p) for p in ring], fill=palette["water"]) for ring in shapes.lakes]
    lines = [(palette["river"], 1.2, line) for line in shapes.rivers]
    lines += [
        (palette[_BOUND_STYLE[kind][0]], _BOUND_STYLE[kind][1], line)
        for kind, line in sorted(shapes.bounds, key=lambda bound: bound[0])
    ]
    lines += [(palette["national"], 2.0, line) for line in shapes.borders]
    strokes += [
        Stroke([xy(*p) for p in line], color=color, width=width * 0.26 / unit_mm)
        for color, width, line in lines
    ]
    labels: list[tuple[str, float, float]] = []
    char = 2.0 / unit_mm  # about 2 mm per character at the labels' size
    reach = 3.5 / unit_mm  # a marker's radius and some air
    taken = [(x - reach, y - reach, x + reach, y + reach) for x, y in markers]
    for name, lon, lat, _population in shapes.places:
        x, y = xy(lon, lat)
        box = (x - char, y - char * 1.5, x + char * (len(name) + 1), y + char)
        if box[0] < 0 or box[2] > frame.width or box[1] < 0 or box[3] > frame.height:
            continue
        if any(_overlap(box, other) for other in taken):
            continue
        taken.append(box)
        labels.append((name, x, y))
        if len(labels) >= max_labels:
            break
    return strokes, labels


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return not (a[2] < b[0] or a[0] > b[2] or a[3] < b[1] or a[1] > b[3])


def _svg_points(points: list[tuple[float, float]]) -> str:
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in points)


def map_svg(offers: list[HandoutOffer], title: str, width: int = 320, height: int = 220) -> str:
    frame = map_frame(offers, width, height, 14.0)
    points = project(offers, width, height)
    background = ""
    if frame is not None:
        markers = [(x, y) for _, x, y in points]
        strokes, labels = basemap_drawing(frame, unit_mm=0.26, markers=markers)
        background = "".join(
            f'<polygon points="{_svg_points(s.points)}" fill="{s.fill}"/>'
            if s.fill
            else f'<polyline points="{_svg_points(s.points)}" fill="none" stroke="{s.color}" '
            f'stroke-width="{s.width:.2f}" stroke-linejoin="round"/>'
            for s in strokes
        )
        background += "".join(
            f'<rect x="{x - 1.5:.1f}" y="{y - 1.5:.1f}" width="3" height="3" '
            f'fill="{basemap.PALETTE["label"]}"/>'
            f'<text x="{x + 4:.1f}" y="{y + 3:.1f}" font-size="9" font-family="sans-serif" '
            f'fill="{basemap.PALETTE["label"]}" stroke="#fff" stroke-width="2.5" '
            f'paint-order="stroke" lang="de" dir="ltr">{escape(name)}</text>'
            for name, x, y in labels
        )
    marks = "".join(
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="8" fill="#00527a" stroke="#fff" stroke-width="2"/>'
        f'<text x="{x:.1f}" y="{y + 4:.1f}" text-anchor="middle" font-size="10" '
        f'fill="#fff" font-family="sans-serif">{number}</text>'
        for number, x, y in points
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{title}">'
        f'<rect width="{width}" height="{height}" fill="{basemap.PALETTE["water"]}"/>'
        f"{background}"
        f'<rect width="{width}" height="{height}" fill="none" stroke="#99a"/>{marks}</svg>'
    )


# --- PDF ----------------------------------------------------------------------------------


def _rgb(color: str) -> tuple[int, int, int]:
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


def _draw_basemap(
    pdf: Any, frame: MapFrame, x0: float, y0: float, family: str, markers: list
) -> None:
    """The basemap's areas, lines and a few place names inside the (clipped) map frame."""
    strokes, labels = basemap_drawing(frame, unit_mm=1.0, markers=markers)
    for stroke in strokes:
        points = [(x0 + x, y0 + y) for x, y in stroke.points]
        if stroke.fill:
            pdf.set_fill_color(*_rgb(stroke.fill))
            pdf.polygon(points, style="F")
        else:
            pdf.set_draw_color(*_rgb(stroke.color))
            pdf.set_line_width(stroke.width)
            pdf.polyline(points, style="D")
    pdf.set_font(family, "", 6)
    pdf.set_fill_color(*_rgb(basemap.PALETTE["label"]))
    pdf.set_text_color(*_rgb(basemap.PALETTE["label"]))
    for name, x, y in labels:
        pdf.rect(x0 + x - 0.5, y0 + y - 0.5, 1.0, 1.0, style="F")
        pdf.text(x0 + x + 1.2, y0 + y + 0.9, name)


def render_pdf(offers: list[HandoutOffer], lang: str) -> bytes:
    """The handout as PDF (the print engine, offers_directory/printing.py): a title, the
    small map, then each offer with its QR code."""
    text = TEXT[lang]
    document = PrintPdf(lang, text["title"])
    pdf, family = document.pdf, document.family
    document.add_page()
    document.line(text["title"], 18, "B")
    document.line(text["intro"], 10)
    pdf.ln(2)
    if not offers:
        document.line(text["empty"])
        return document.output()
    # The small map: the offline basemap in a frame, a numbered dot per location.
    map_w, map_h = 120.0, 70.0
    x0, y0 = pdf.l_margin, pdf.get_y()
    frame = map_frame(offers, map_w, map_h, margin=6)
    points = project(offers, map_w, map_h, margin=6)
    with pdf.rect_clip(x0, y0, map_w, map_h):
        pdf.set_fill_color(*_rgb(basemap.PALETTE["water"]))
        pdf.rect(x0, y0, map_w, map_h, style="F")
        if frame is not None:
            _draw_basemap(pdf, frame, x0, y0, family, [(x, y) for _, x, y in points])
    pdf.set_draw_color(150, 150, 170)
    pdf.set_line_width(0.2)
    pdf.rect(x0, y0, map_w, map_h, style="D")
    pdf.set_fill_color(0, 82, 122)
    pdf.set_draw_color(255, 255, 255)
    pdf.set_line_width(0.5)
    pdf.set_text_color(255, 255, 255)
    pdf.set_font(family, "B", 7)
    for number, x, y in points:
        pdf.ellipse(x0 + x - 2.5, y0 + y - 2.5, 5, 5, style="DF")
        pdf.text(x0 + x - (1.0 if number < 10 else 1.8), y0 + y + 1.0, str(number))
    pdf.set_text_color(0, 0, 0)
    pdf.set_y(y0 + map_h + 1)
    document.line(text["map"], 8)
    pdf.ln(3)
    for offer in offers:
        document.offer(offer, text)
    return document.output()


def context(offers: list[HandoutOffer], lang: str) -> dict[str, Any]:
    text = TEXT[lang]
    return {
        "offers": offers,
        "text": text,
        "handout_lang": lang,
        "handout_dir": text_direction(lang),
        "map_svg": map_svg(offers, text["map"]) if offers else "",
        "languages": [(code, TEXT[code]["title"]) for code in LANGUAGES],
        "ids": ",".join(str(o.id) for o in offers),
    }
