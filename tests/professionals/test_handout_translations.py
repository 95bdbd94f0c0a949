"""The Merkliste handout in the family's language: an offer's title and summary as an editor
translated them, else German, marked as German and said so ("Nur auf Deutsch verfügbar" in
the handout's language), in the print view and the PDF."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from offers_directory.factories import WINSEN, OfferPageFactory
from professionals import handout
from tests.professionals.test_handout import pdftotext

pytestmark = pytest.mark.django_db

TRANSLATIONS = {
    "ar": ("استشارة القابلة في فينزن", "استشارة مفتوحة للحوامل وللأهل مع الرضع."),
    "uk": ("Консультація акушерки Вінзен", "Відкрита консультація для вагітних і батьків."),
}


@pytest.fixture
def offers():
    translated = OfferPageFactory(
        title="Hebammensprechstunde Winsen",
        summary="Offene Sprechstunde für Schwangere.",
        locations=[WINSEN],
        translations=TRANSLATIONS,
    )
    german = OfferPageFactory(
        title="Krabbelgruppe Winsen", summary="Spielen und singen.", locations=[WINSEN]
    )
    return translated, german


def test_print_view_shows_translations_and_marks_german_only_offers(client, offers):
    translated, german = offers
    ids = f"{translated.pk},{german.pk}"
    soup = BeautifulSoup(
        client.get("/merkliste/", {"ids": ids, "lang": "ar"}).content.decode(), "html.parser"
    )
    first, second = soup.select("section.handout__offer")
    title = first.select_one("h2 span")
    assert (title.get_text(), title["lang"], title["dir"]) == (TRANSLATIONS["ar"][0], "ar", "rtl")
    assert TRANSLATIONS["ar"][1] in first.get_text()
    assert "Offene Sprechstunde" not in first.get_text()
    assert first.select_one(".handout__german-only") is None
    title = second.select_one("h2 span")
    assert (title.get_text(), title["lang"], title["dir"]) == (german.title, "de", "ltr")
    note = second.select_one(".handout__german-only").get_text()
    assert note == handout.TEXT["ar"]["german_only"]

    # In German nothing is marked or noted.
    soup = BeautifulSoup(client.get("/merkliste/", {"ids": ids}).content.decode(), "html.parser")
    assert soup.select("section h2 [lang]") == []
    assert soup.select_one(".handout__german-only") is None


def test_pdf_shows_translations_and_says_what_is_german_only(client, offers):
    translated, german = offers
    ids = f"{translated.pk},{german.pk}"
    text = pdftotext(client.get("/merkliste/handout.pdf", {"ids": ids, "lang": "uk"}).content)
    assert TRANSLATIONS["uk"][0] in text and TRANSLATIONS["uk"][1] in text
    assert translated.title not in text and "Offene Sprechstunde" not in text
    assert german.title in text and german.summary in text
    assert text.count(handout.TEXT["uk"]["german_only"]) == 1
    german_text = pdftotext(client.get("/merkliste/handout.pdf", {"ids": ids}).content)
    assert translated.title in german_text
    assert handout.TEXT["de"]["german_only"] not in german_text
