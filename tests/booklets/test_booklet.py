"""The Familienbegleitbuch of a region and of a municipality: HTML print view and PDF from
live data, grouped by life phase, with QR codes to the online entries and no protected
contact persons."""

from __future__ import annotations

import re

from django.utils import translation

import pytest
from bs4 import BeautifulSoup

from booklets.sources import region_source
from offers_directory.bidi import without_marks
from offers_directory.factories import WINSEN, OfferPageFactory
from tests.booklets.conftest import PROTECTED_CONTACT, PROTECTED_PHONE, PUBLIC_CONTACT
from tests.booklets.pdf import link_targets, pdftotext, qr_payloads

pytestmark = pytest.mark.django_db

URL = "/familienbegleitbuch/landkreis-harburg/"
PDF = "/familienbegleitbuch/landkreis-harburg.pdf"


def phase_of_full_entries(html: str) -> dict[str, str]:
    """{offer title: phase code} where each offer is printed in full."""
    placed = {}
    for phase, body in re.findall(
        r'<section class="booklet__phase" id="[^"]+" data-phase="([^"]+)">(.*?)(?=<section '
        r'class="booklet__phase"|<section class="booklet__providers")',
        html,
        re.S,
    ):
        for title in re.findall(r"<h4[^>]*>\d+\. ([^<]+)</h4>", body):
            placed[title] = phase
    return placed


def references(html: str, phase: str) -> list[str]:
    body = html.split(f'data-phase="{phase}">', 1)[1].split('<section class="booklet__phase"')[0]
    return re.findall(r'class="booklet__reference"[^>]*><span lang="de">([^<]+)</span>', body)


def test_print_view_groups_offers_by_life_phase(client, guide):
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="de" dir="ltr">' in html
    assert "Familienbegleitbuch" in html and "Landkreis Harburg" in html
    assert phase_of_full_entries(html) == {
        "Familienhebammen Buchholz": "schwangerschaft",
        "Schwangerschaftsberatung Winsen": "schwangerschaft",
        "Willkommensbesuch im Landkreis": "geburt",
        "Krabbelgruppe Winsen": "erstes-lebensjahr",
        "Sozialberatung Winsen": "alle-familien",
    }
    # Later phases refer back to the number instead of printing the offer again.
    assert references(html, "geburt") == ["Familienhebammen Buchholz"]
    assert references(html, "erstes-lebensjahr") == ["Familienhebammen Buchholz"]
    assert references(html, "kleinkinder") == ["Krabbelgruppe Winsen"]
    # Sections in booklet order, categories as sub-headings.
    order = [html.index(f'data-phase="{code}"') for code in phase_of_full_entries(html).values()]
    assert order == sorted(order)
    assert "<h3>Beratung</h3>" in html  # the main category above the offer's own


def test_only_public_offers_of_the_region(client, guide):
    html = client.get(URL).content.decode()
    assert guide.draft.title not in html
    assert guide.elsewhere.title not in html
    guide.offers["sozial"].unpublish()
    assert "Sozialberatung Winsen" not in client.get(URL).content.decode()


def test_protected_contacts_never_print(client, admin_client, guide):
    for response in (client.get(URL), client.get(PDF), admin_client.get(URL)):
        text = (
            response.content.decode()
            if response["Content-Type"].startswith("text")
            else (pdftotext(response.content))
        )
        assert PROTECTED_CONTACT not in text and PROTECTED_PHONE not in text
        assert PUBLIC_CONTACT in text


def test_pdf_has_cover_sections_index_and_qr_codes(client, guide):
    response = client.get(PDF)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = without_marks(pdftotext(response.content))
    cover = text.split("\f")[0]
    assert "Familienbegleitbuch" in cover and "Landkreis Harburg" in cover
    assert re.search(r"Stand \d{2}\.\d{2}\.\d{4}", cover)
    headings = [
        "Schwangerschaft",
        "Geburt",
        "Erstes Lebensjahr",
        "Kleinkinder",
        "Für alle Familien",
    ]
    pages = text.split("\f")[1:]
    assert [page.splitlines()[0] for page in pages[:5]] == headings  # one section per page
    assert "Trägerverzeichnis" in pages[5]
    assert "DRK Kreisverband Harburg: 1, 3" in pages[5]
    assert "1. Familienhebammen Buchholz" in pages[0]
    assert "Familienhebammen Buchholz: siehe Nr. 1" in pages[1]
    assert "Öffnungszeiten: Mo 09:00–12:00; Do 14:00–17:30" in text
    assert "Sprachen: Deutsch, Türkisch" in text
    for offer in guide.offers.values():
        assert offer.title in text
    assert guide.draft.title not in text and guide.elsewhere.title not in text

    # Each offer's QR code (and its link) leads to its online entry; the cover's to the
    # booklet online.
    urls = [offer.get_full_url() for offer in guide.offers.values()]
    booklet_url = f"http://localhost{URL}"
    decoded = qr_payloads(response.content, [*urls, booklet_url])
    assert decoded[0] == booklet_url
    assert sorted(decoded[1:]) == sorted(urls)
    assert sorted(link_targets(response.content)) == sorted([booklet_url, *urls])


@pytest.mark.parametrize(
    ("lang", "heading", "category"),
    [
        ("en", "Pregnancy", "Counselling"),
        ("tr", "Hamilelik", "Danışmanlık"),
        ("uk", "Вагітність", "Консультування"),
    ],
)
def test_fixed_texts_in_the_finders_languages(client, guide, lang, heading, category):
    html = client.get(f"/{lang}{URL}").content.decode()
    assert f'<html lang="{lang}" dir="ltr">' in html
    assert f"<h2>{heading}</h2>" in html
    # Category headings in the guide's language (the term's name per language).
    assert f"<h3>{category}</h3>" in html
    text = pdftotext(client.get(f"/{lang}{PDF}").content)
    assert heading in text
    # The offers stay German; their QR codes open the entry in the booklet's language.
    offer = guide.offers["krabbeln"]
    with translation.override(lang):
        url = offer.get_full_url()
    assert f"/{lang}/netzwerk/" in url
    assert url in link_targets(client.get(f"/{lang}{PDF}").content)


def test_arabic_booklet_is_right_to_left(client, guide):
    html = client.get(f"/ar{URL}").content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "<h2>الحمل</h2>" in html
    text = without_marks(pdftotext(client.get(f"/ar{PDF}").content))
    assert "04171 555-10" in text  # the number as dialled, not reordered
    assert "Krabbelgruppe Winsen" in text
    # Lists (an offer's languages) with the Arabic comma, in print and in the PDF.
    soup = BeautifulSoup(html, "html.parser")
    assert any("\u060c " in dd.get_text() for dd in soup.select("dd"))
    providers = [li.get_text() for li in soup.select("section.booklet__providers li")]
    assert "Familienzentrum Winsen: 2\u060c 4\u060c 5" in providers, providers
    assert "\u060c" in text


def test_municipality_booklet(client, guide):
    html = client.get(f"{URL}buchholz-in-der-nordheide/").content.decode()
    assert "Buchholz in der Nordheide (Landkreis Harburg)" in html
    titles = set(phase_of_full_entries(html))
    # Offers there, and the region's outreach offers without a location.
    assert titles == {"Familienhebammen Buchholz", "Willkommensbesuch im Landkreis"}
    response = client.get("/familienbegleitbuch/landkreis-harburg/buchholz-in-der-nordheide.pdf")
    assert "Familienhebammen Buchholz" in pdftotext(response.content)
    assert client.get(f"{URL}nirgendwo/").status_code == 404
    # The region's guide links the municipalities' guides.
    region_html = client.get(URL).content.decode()
    assert f'href="{URL}buchholz-in-der-nordheide/"' in region_html


def test_municipality_booklet_takes_every_spelling_of_the_place(client, guide):
    OfferPageFactory(
        parent=guide.index,
        title="Elterntreff Winsen",
        locations=[{"town": WINSEN, "city": "Winsen/Luhe"}],
    )
    titles = set(phase_of_full_entries(client.get(f"{URL}winsen-luhe/").content.decode()))
    assert {"Krabbelgruppe Winsen", "Elterntreff Winsen"} <= titles
    assert "Familienhebammen Buchholz" not in titles
    assert client.get("/familienbegleitbuch/unbekannt/").status_code == 404


def test_an_empty_booklet_says_so(client, guide):
    for offer in guide.offers.values():
        offer.unpublish()
    html = client.get(URL).content.decode()
    assert "Zurzeit passt kein Angebot zu diesem Heft." in html
    booklet = region_source("landkreis-harburg")
    assert booklet.offers().count() == 0


def test_the_guides_are_listed_and_linked_from_the_region(client, guide):
    from bs4 import BeautifulSoup

    index = BeautifulSoup(client.get("/familienbegleitbuch/").content, "html.parser")
    links = {a["href"] for a in index.select("main a")}
    assert {URL, "/familienbegleitbuch/landkreis-harburg.pdf"} <= links
    # Every municipality with a public offer of the region has its edition.
    assert "/familienbegleitbuch/landkreis-harburg/winsen-luhe/" in links
    assert "/familienbegleitbuch/landkreis-harburg/buchholz-in-der-nordheide/" in links
    for href in links:
        assert client.get(href).status_code == 200, href
    region_page = client.get(guide.region.url).content.decode()
    assert f'href="{URL}"' in region_page
    english = client.get("/en/familienbegleitbuch/").content.decode()
    assert 'href="/en/familienbegleitbuch/landkreis-harburg/"' in english
    assert "Family guide" in english
