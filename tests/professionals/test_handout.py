"""The Merkliste handout: print view and PDF with addresses, opening hours, phone, a small
map and a QR code per offer, in German or one of the finder's languages."""

from __future__ import annotations

import io
import re

from django.http import QueryDict

import pytest
from pypdf import PdfReader

from professionals import handout

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def ids_of(network, count: int = 3) -> str:
    return ",".join(str(o.pk) for o in network.offers[:count])


def test_print_view_has_every_fact_in_order(client, network):
    first, second, third = network.offers[:3]
    response = client.get("/merkliste/", {"ids": f"{third.pk},{first.pk},{second.pk}"})
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="de" dir="ltr">' in html
    positions = [html.index(o.title) for o in (third, first, second)]
    assert positions == sorted(positions), "offers keep the order of the list"
    assert "Hauptstraße 1, 21423 Winsen (Luhe)" in html  # the address
    assert "Mo 09:00–12:00" in html and "Do 14:00–17:30" in html  # opening hours
    assert "und nach Vereinbarung" in html
    assert "04171 555-0" in html  # phone
    # One QR code per offer, and a map with a numbered point per location.
    assert html.count("<svg") == 1 + 3
    assert len(re.findall(r"<circle ", html)) == 3
    assert first.get_full_url() in html


def test_print_view_in_arabic_is_right_to_left(client, network):
    html = client.get("/merkliste/", {"ids": ids_of(network), "lang": "ar"}).content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "ساعات العمل" in html


def test_unknown_or_unpublished_ids_are_skipped(client, network):
    draft = network.offers[0]
    draft.unpublish()
    html = client.get("/merkliste/", {"ids": f"{draft.pk},999999,{network.offers[1].pk}"})
    text = html.content.decode()
    assert draft.title not in text
    assert network.offers[1].title in text


def test_id_list_keeps_order_and_skips_blanks_and_repeats():
    assert handout.IDS.read(QueryDict("ids=3, 1,3,,2&ids=4")) == [3, 1, 2, 4]


@pytest.mark.parametrize(
    ("ids", "code"),
    [
        ("3,x", "invalid_id"),
        ("²", "invalid_id"),
        ("9223372036854775808", "invalid_id"),
        ("7" * 5000, "invalid_id"),
        ("0", "invalid_id"),
        (",".join(str(n) for n in range(1, handout.MAX_OFFERS + 2)), "too_many_ids"),
    ],
)
@pytest.mark.parametrize("path", ["/merkliste/", "/merkliste/handout.pdf"])
def test_unusable_id_lists_answer_400_with_a_code(client, path, ids, code):
    response = client.get(path, {"ids": ids})
    assert response.status_code == 400
    html = response.content.decode()
    assert f'data-error-code="{code}"' in html
    assert "<h1>Ungültige Anfrage</h1>" in html


@pytest.mark.parametrize(
    ("lang", "label"),
    [
        ("de", "Öffnungszeiten"),
        ("en", "Opening hours"),
        ("tr", "Çalışma saatleri"),
        ("uk", "Години роботи"),
    ],
)
def test_pdf_in_the_finders_languages(client, network, lang, label):
    response = client.get("/merkliste/handout.pdf", {"ids": ids_of(network), "lang": lang})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert handout.TEXT[lang]["title"] in text
    assert label in text
    for offer in network.offers[:3]:
        assert offer.title in text
        assert offer.get_full_url() in text
    assert "21423 Winsen (Luhe)" in text and "04171 555-1" in text
    assert "09:00–12:00" in text or "09:00-12:00" in text
    reader = PdfReader(io.BytesIO(response.content))
    images = [image for page in reader.pages for image in page.images]
    assert len(images) == 3, "one QR code per offer"


def test_pdf_in_arabic_embeds_shaped_arabic_text(client, network):
    response = client.get("/merkliste/handout.pdf", {"ids": ids_of(network), "lang": "ar"})
    assert response.status_code == 200
    text = pdf_text(response.content)
    # Shaped Arabic comes back as presentation forms; fold them before comparing.
    import unicodedata

    folded = unicodedata.normalize("NFKC", text)
    assert any(word in folded for word in ("قائمتك", "كتمئاق")), folded[:200]
    assert network.offers[0].title in folded


def test_qr_code_encodes_the_online_entry(network, rf):
    request = rf.get("/merkliste/")
    offers = handout.collect([network.offers[0].pk], request, "de")
    assert offers[0].url == network.offers[0].get_full_url()
    # segno writes a real QR symbol for that URL (version and size follow from its length).
    import segno

    assert segno.make(offers[0].url, error="m").designator
    assert offers[0].qr_png.startswith(b"\x89PNG")


def test_merkliste_page_without_ids_is_the_browser_list(client):
    response = client.get("/merkliste/")
    html = response.content.decode()
    assert "data-merkliste-page" in html and "merkliste.js" in html
    assert not response.cookies, "showing the list sets no cookie"


def pdftotext(content: bytes) -> str:
    """The PDF's text in reading (logical) order: poppler's pdftotext applies the Unicode
    bidi algorithm per line, as a reader of the printed page would."""
    import shutil
    import subprocess

    from tests.services.required import require_or_skip

    if shutil.which("pdftotext") is None:
        message = "pdftotext missing (apt-get install poppler-utils)"
        require_or_skip(message)
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=content, capture_output=True, check=True
    )
    return result.stdout.decode()


@pytest.fixture
def ltr_values(network):
    offer = network.offers[0]
    offer.phone = "040 66969-174"
    offer.email = "info@familienzentrum.example"
    offer.website = "https://www.familienzentrum.example/familie/"
    offer.save_revision().publish()
    return offer


def test_arabic_pdf_keeps_numbers_and_addresses_left_to_right(client, network, ltr_values):
    response = client.get("/merkliste/handout.pdf", {"ids": ids_of(network), "lang": "ar"})
    from offers_directory.bidi import without_marks

    # Bidi embedding marks pdftotext writes around runs of the other direction go too.
    text = without_marks(pdftotext(response.content)).translate(
        {ord(c): None for c in "\u202a\u202b\u202c\u202d\u202e"}
    )
    assert "040 66969-174" in text  # the digits in their order, as dialled
    assert "174-66969" not in text and "66969-174 040" not in text
    assert "04171 555-1" in text
    assert "https://www.familienzentrum.example/familie/" in text  # the slash stays at the end
    assert "info@familienzentrum.example" in text
    assert "09:00–12:00" in text and "14:00–17:30" in text  # not 12:00–09:00
    assert "12:00–09:00" not in text
    assert "Hauptstraße 1, 21423 Winsen (Luhe)" in text
    assert ltr_values.get_full_url() in text


def test_arabic_print_view_isolates_numbers_and_addresses(client, network, ltr_values):
    html = client.get("/merkliste/", {"ids": ids_of(network), "lang": "ar"}).content.decode()
    assert '<bdi dir="ltr">040 66969-174</bdi>' in html
    assert '<bdi dir="ltr">https://www.familienzentrum.example/familie/</bdi>' in html
    assert '<bdi dir="ltr">info@familienzentrum.example</bdi>' in html
    assert '<bdi dir="ltr">Hauptstraße 1, 21423 Winsen (Luhe)</bdi>' in html
    assert '<bdi dir="ltr">09:00–12:00</bdi>' in html
    assert f'<bdi dir="ltr">{ltr_values.get_full_url()}</bdi>' in html
    # No stray isolate characters reach the HTML: the elements carry the direction.
    assert "\u2066" not in html and "\u2069" not in html


def test_handout_map_draws_the_offline_basemap(client, network):
    html = client.get("/merkliste/", {"ids": ids_of(network)}).content.decode()
    svg = html[html.index('<figure class="handout__map">') : html.index("</figure>")]
    from offers_directory.basemap import PALETTE

    assert f'fill="{PALETTE["germany"]}"' in svg  # Germany's area
    assert f'stroke="{PALETTE["county"]}"' in svg  # county borders
    names = re.findall(r'<text [^>]*lang="de"[^>]*>([^<]+)</text>', svg)
    # The largest places around, as bearings (not the ones under a marker).
    assert "Seevetal" in names and len(names) >= 3
    response = client.get("/merkliste/handout.pdf", {"ids": ids_of(network)})
    assert "Jesteburg" in pdf_text(response.content)  # a place on the PDF's map too
