"""The printed lists' PDF documents (offers_directory/printing.py): the fonts fpdf2 parses once
per process serve every later document unchanged."""

from __future__ import annotations

import datetime
import io

import pytest
from pypdf import PdfReader

from offers_directory import printing

FIXED = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)


def document(lang: str, lines: list[str]) -> bytes:
    pdf = printing.PrintPdf(lang, "Merkliste", footer="Stand Januar")
    pdf.pdf.set_creation_date(FIXED)
    pdf.add_page()
    for number, line in enumerate(lines):
        pdf.line(line, style="B" if number % 2 else "")
    return bytes(pdf.pdf.output())


@pytest.fixture
def no_parsed_fonts(monkeypatch):
    monkeypatch.setattr(printing, "_parsed_fonts", {})


LINES = {
    "de": ["Schwangerschaftsberatung Winsen", "Öffnungszeiten: Mo 09:00–12:00", "ß ÄÖÜ"],
    "ar": ["قائمتك", "ساعات العمل 09:00–12:00", "Winsen (Luhe)"],
    "uk": ["Години роботи", "Консультація для вагітних", "21423 Winsen"],
}


@pytest.mark.parametrize("lang", sorted(LINES))
def test_a_document_after_others_is_the_document_a_fresh_process_writes(no_parsed_fonts, lang):
    cold = document(lang, LINES[lang])
    assert printing._parsed_fonts, "the first document left its parsed fonts for the next"
    # Other documents use other glyphs in between; none of that may show in the next one.
    for other in sorted(LINES):
        document(other, [text.upper() for text in LINES[other]] * 3)
    warm = document(lang, LINES[lang])
    assert warm == cold
    text = PdfReader(io.BytesIO(warm)).pages[0].extract_text()
    assert LINES[lang][-1] in text or lang == "ar"


def test_each_document_has_its_own_font_file_and_glyphs(no_parsed_fonts):
    first = printing.PrintPdf("de", "a")
    second = printing.PrintPdf("de", "b")
    for key in ("dejavu", "dejavuB"):
        one, two = first.pdf.fonts[key], second.pdf.fonts[key]
        assert one.ttfont is not two.ttfont
        assert one.subset is not two.subset and one.missing_glyphs is not two.missing_glyphs
        assert one.cmap is two.cmap  # parsed once
