"""The finder's result items (finder_tags.result_items): every part of an offer's entry,
escaped, in the page's language, for the results as finder.views._format_results gives them."""

from __future__ import annotations

import datetime

from django.utils import translation

import pytest
from bs4 import BeautifulSoup

from finder.opening import Opening
from finder.templatetags.finder_tags import result_items
from tests.finder.conftest import de

pytestmark = pytest.mark.embedded


def full_result(**changes) -> dict:
    result = {
        "id": 7,
        "title": "Hebammen <Team> & Co",
        "detail_url": '/angebote-winsen/hebammen/?back=%2Fangebote%2F%3Fq%3D1&x="',
        "text_language": "de",
        "summary": "Hausbesuche <b>nach</b> der Geburt",
        "nearest_location": {
            "latitude": 53.357123,
            "longitude": 10.2101,
            "address": "",
            "postal_code": "21423",
            "city": "Winsen (Luhe)",
            "address_withheld": True,
        },
        "reaches_you": True,
        "distance_km": 2.449,
        "distance_label": "2,4 km entfernt",
        "free": True,
        "stale": True,
        "verified_date": datetime.date(2024, 3, 1),
        "opening": {"open_now": True, "label": "Jetzt geöffnet bis \u206612:00\u2069"},
        "category_labels": ["Hebamme", "Beratung <privat>"],
        "language_labels": ["Deutsch", "Arabisch"],
    }
    result.update(changes)
    return result


def item(result: dict, language: str = "de"):
    with translation.override(language):
        html = str(result_items([result]))
    soup = BeautifulSoup(html, "html.parser")
    return html, soup.select_one("li.offer-result")


def test_an_entry_shows_every_part_escaped():
    html, li = item(full_result())
    assert li["id"] == "offer-7" and li["data-offer-id"] == "7"
    # Coordinates for the map script, never with a German decimal comma.
    assert (li["data-lat"], li["data-lon"]) == ("53.357123", "10.2101")
    link = li.select_one("h3.offer-result__title a")
    assert link["href"] == '/angebote-winsen/hebammen/?back=%2Fangebote%2F%3Fq%3D1&x="'
    assert link.get_text() == "Hebammen <Team> & Co"
    assert "<Team>" not in html and "<b>" not in html and "<privat>" not in html
    facts = li.select_one(".offer-result__facts")
    assert facts.select_one(".offer-result__reaches").get_text() == de("comes to you")
    # The API's distance label, with "(office)" for an offer that comes to the family.
    assert (
        facts.select_one(".offer-result__distance").get_text()
        == f"2,4 km entfernt {de('(office)')}"
    )
    address = facts.select_one(".offer-result__address")
    assert address.select_one('bdi[dir="ltr"]').get_text() == "21423 Winsen (Luhe)"
    assert address.get_text().endswith(f" · {de('Address on request')}")
    assert facts.select_one(".badge--free").get_text() == de("free of charge", context="badge")
    summary = li.select_one(".offer-result__summary")
    assert summary.get_text() == "Hausbesuche <b>nach</b> der Geburt"
    # German text on a German page needs no language attributes, nor the German-only note.
    assert not summary.has_attr("lang") and li.select_one(".offer-result__german-only") is None
    assert "2024" in li.select_one(".offer__verified--stale").get_text()
    terms = {div.dt.get_text(): div.dd for div in li.select(".offer-result__meta > div")}
    assert list(terms) == [de("Opening hours"), de("Type"), de("Languages")]
    opening = terms[de("Opening hours")]
    assert opening["class"] == ["is-open"]
    assert opening.select_one('bdi[dir="ltr"]').get_text() == "12:00"
    assert terms[de("Type")].get_text() == "Hebamme, Beratung <privat>"
    assert terms[de("Languages")].get_text() == "Deutsch, Arabisch"


def test_an_entry_leaves_out_what_the_offer_lacks():
    html, li = item(
        full_result(
            detail_url="",
            summary="",
            nearest_location=None,
            reaches_you=False,
            distance_km=None,
            distance_label=None,
            free=False,
            stale=False,
            opening={"open_now": False, "label": "Öffnet morgen um 09:00"},
            category_labels=[],
            language_labels=[],
        )
    )
    assert li.select_one("h3").get_text() == "Hebammen <Team> & Co"
    assert li.select_one("h3 a") is None
    assert not li.has_attr("data-lat")
    for absent in (
        ".offer-result__address",
        ".offer-result__distance",
        ".offer-result__reaches",
        ".badge--free",
        ".offer-result__summary",
        ".offer__verified",
    ):
        assert li.select_one(absent) is None, absent
    (only,) = li.select(".offer-result__meta > div")
    assert only.dd["class"] == [] and only.dd.get_text() == "Öffnet morgen um 09:00"
    # A street address is shown as it is, and without the note when it is public.
    _html, li = item(
        full_result(
            nearest_location={**full_result()["nearest_location"], "address": "Markt 1, Winsen"}
        )
    )
    assert li.select_one(".offer-result__address").get_text() == "Markt 1, Winsen · " + de(
        "Address on request"
    )


def test_german_text_on_an_arabic_page_says_its_language_and_that_it_is_german_only():
    _html, li = item(full_result(), "ar")
    for element in (li.select_one("h3"), li.select_one(".offer-result__summary")):
        assert (element["lang"], element["dir"]) == ("de", "ltr")
    assert li.select_one(".offer-result__german-only") is not None
    with translation.override("ar"):
        assert li.select_one(".offer-result__reaches").get_text() == translation.gettext(
            "comes to you"
        )
    # Arabic writes its lists with the Arabic comma.
    terms = [div.dd.get_text() for div in li.select(".offer-result__meta > div")]
    assert "Hebamme\u060c Beratung <privat>" in terms and "Deutsch\u060c Arabisch" in terms
    # A translation is marked as what it is, and is not German only.
    _html, li = item(full_result(text_language="ar"), "ar")
    assert (li.select_one("h3")["lang"], li.select_one("h3")["dir"]) == ("ar", "rtl")
    assert li.select_one(".offer-result__german-only") is None


def test_the_distance_is_written_when_the_result_has_no_label():
    _html, li = item(full_result(distance_label=None, distance_km=0.05, reaches_you=False))
    assert li.select_one(".offer-result__distance").get_text() == de("at the place")


def test_an_opening_later_in_the_week_names_the_weekday():
    monday = datetime.datetime(2026, 11, 23, 10, 0)
    opening = Opening(False, datetime.datetime(2026, 11, 25, 15, 0), None)
    with translation.override("de"):
        label = opening.label(monday)
    assert label == de("Opens %(weekday)s at %(time)s") % {
        "weekday": de("Wednesday"),
        "time": "\u206615:00\u2069",
    }
    assert "Mittwoch" in label
