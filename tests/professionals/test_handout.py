"""The Merkliste handout: print view and PDF with addresses, opening hours, phone, a small
map and a QR code per offer, in German or one of the finder's languages."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from professionals import handout

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


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
    assert handout.parse_ids("3, 1,x,3,,2") == [3, 1, 2]


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
