"""Public offer pages: every fact, locations with coordinates, the service area on the map
data, opening hours, the print view, schema.org JSON-LD, the map consent rule (no request to
another host before a click), provider pages and index listings."""

from __future__ import annotations

import datetime
import json
import re
from decimal import Decimal

from django.test import override_settings

import pytest
from bs4 import BeautifulSoup

from offers_directory.factories import OfferPageFactory
from offers_directory.models import OfferStatus
from tests.markup import json_ld
from tests.offers.places import FAMILIENZENTRUM, HARBURG_AREA, HARBURG_OUTLINE
from tests.shared_data import shared_fixtures

pytestmark = pytest.mark.django_db


def krabbelgruppe(tree):
    return OfferPageFactory(
        parent=tree.offers,
        title="Krabbelgruppe Winsen",
        provider=tree.provider,
        summary="Spielen und singen mit den Kleinsten.",
        description="Erster Absatz.\n\nZweiter Absatz.",
        categories=("krabbelgruppe", "elterncafe"),
        target_groups=["eltern-saeuglinge"],
        languages=("de", "tr", "uk"),
        min_age_months=6,
        max_age_months=24,
        is_free=False,
        fee_amount=Decimal("2.50"),
        fee_note="pro Treffen",
        eligibility="Eltern mit Kindern von 6 bis 24 Monaten.",
        application_process="Bitte vorher anrufen.",
        accessibility_notes="Eingang ebenerdig.",
        wheelchair_accessible=True,
        opening_hours_note="Nicht in den Schulferien.",
        phone="040 66969-123",
        email="krabbeln@fz-winsen.example",
        website="https://fz-winsen.example/krabbeln/",
        valid_from=datetime.date(2026, 1, 1),
        last_reviewed=datetime.date(2026, 10, 1),
        locations=[
            FAMILIENZENTRUM,
            {
                "name": "Außenstelle Stelle",
                "street": "Am Markt 4",
                "postal_code": "21435",
                "city": "Stelle",
                "latitude": 53.384,
                "longitude": 10.112,
            },
        ],
        service_areas=[HARBURG_AREA],
        schedules=[("TH", "14:00", "16:00"), ("MO", "10:00", "11:30")],
    )


shared_offer, offer = shared_fixtures(
    "offer",
    krabbelgruppe,
    needs="offer_tree",
    doc="An offer with every fact filled in (built once per module).",
)


def soup_of(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_offer_page_shows_all_facts(client, offer):
    soup = soup_of(client.get(offer.url))
    text = soup.get_text(" ", strip=True)
    for expected in (
        "Krabbelgruppe Winsen",
        "Familienzentrum Winsen",  # provider
        "Spielen und singen mit den Kleinsten.",
        "Zweiter Absatz.",
        "Krabbelgruppe / Eltern-Kind-Gruppe",
        "Eltern mit Säuglingen",
        "ab 6 Monaten bis 2 Jahre",
        "Türkisch",
        "Ukrainisch",
        "2,50 €",
        "pro Treffen",
        "Eltern mit Kindern von 6 bis 24 Monaten.",
        "Bitte vorher anrufen.",
        "Eingang ebenerdig.",
        "Rathausplatz 1",
        "21435 Stelle",
        "Landkreis Harburg",
        "Nicht in den Schulferien.",
        "040 66969-123",
        "krabbeln@fz-winsen.example",
    ):
        assert expected in text, expected
    provider_link = soup.find("a", href=offer.provider.url)
    assert provider_link is not None
    assert soup.find(lang="tr") is not None  # language names carry their language


def test_opening_hours_are_sorted_by_weekday(client, offer):
    soup = soup_of(client.get(offer.url))
    rows = [row.get_text(" ", strip=True) for row in soup.select("table.offer-hours tbody tr")]
    assert rows[0].startswith("Montag 10:00–11:30")
    assert rows[1].startswith("Donnerstag 14:00–16:00")


def test_locations_are_listed_with_coordinates_and_map_data(client, offer):
    html = client.get(offer.url).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    coordinates = [
        (float(item.select_one("[data-lat]").text), float(item.select_one("[data-lon]").text))
        for item in soup.select(".offer-location")
    ]
    assert coordinates == [(53.3575, 10.212), (53.384, 10.112)]
    data = json.loads(soup.find("script", id="offer-map-data").string)
    assert [(loc["lat"], loc["lon"]) for loc in data["locations"]] == coordinates
    (area,) = data["areas"]
    assert area["geometry"]["type"] == "Polygon"
    assert area["geometry"]["coordinates"][0][0] == HARBURG_OUTLINE[0]


def test_structured_data_describes_the_service(client, offer):
    (data,) = [
        d for d in json_ld(client.get(offer.url).content.decode()) if d["@type"] == "Service"
    ]
    assert data["@context"] == "https://schema.org"
    assert data["name"] == "Krabbelgruppe Winsen"
    assert data["provider"]["name"] == "Familienzentrum Winsen"
    assert data["url"].endswith(offer.url)
    assert data["telephone"] == "040 66969-123"
    assert {lang["alternateName"] for lang in data["availableLanguage"]} == {"de", "tr", "uk"}
    places = [channel["serviceLocation"] for channel in data["availableChannel"]]
    assert places[0]["address"]["postalCode"] == "21423"
    assert places[0]["address"]["addressLocality"] == "Winsen (Luhe)"
    assert places[0]["geo"] == {"@type": "GeoCoordinates", "latitude": 53.3575, "longitude": 10.212}
    assert data["offers"]["price"] == "2.50" and data["offers"]["priceCurrency"] == "EUR"
    assert data["areaServed"][0]["name"] == "Landkreis Harburg"
    days = [spec["dayOfWeek"] for spec in data["hoursAvailable"]]
    assert days == ["https://schema.org/Monday", "https://schema.org/Thursday"]


def test_free_offer_structured_data_and_label(client, offer_tree):
    page = OfferPageFactory(parent=offer_tree.offers, title="Elterncafé Stelle", is_free=True)
    response = client.get(page.url)
    assert (
        "kostenlos" in response.content.decode().lower()
        or "kostenfrei" in response.content.decode().lower()
    )
    (data,) = json_ld(response.content.decode())
    assert data["offers"]["price"] == "0"


def test_print_view(client, offer):
    soup = soup_of(client.get(offer.url, {"print": "1"}))
    assert soup.find("meta", attrs={"name": "robots", "content": "noindex"})
    assert soup.find("nav", class_="main-nav") is None  # no site chrome
    text = soup.get_text(" ", strip=True)
    assert "Krabbelgruppe Winsen" in text and "Rathausplatz 1" in text and "Montag" in text
    assert offer.full_url in text  # where the printout came from
    assert soup.find(id="offer-map") is None
    # The normal page links to it.
    assert soup_of(client.get(offer.url)).find("a", href="?print=1") is not None


def test_public_pages_load_nothing_from_other_hosts(client, offer):
    html = client.get(offer.url).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    for tag, attribute in (("script", "src"), ("link", "href"), ("img", "src")):
        for element in soup.find_all(tag):
            url = element.get(attribute) or ""
            assert not re.match(r"^(https?:)?//", url), url
    assert "leaflet.js" in html  # the site's own copy
    canvas = soup.find(id="offer-map")
    assert canvas["data-tile-url"] == "" and canvas["data-needs-consent"] == "0"


@override_settings(OFFERS_DIRECTORY={"TILE_URL": "https://tiles.example.org/{z}/{x}/{y}.png"})
def test_foreign_tiles_need_a_click(client, offer):
    soup = soup_of(client.get(offer.url))
    canvas = soup.find(id="offer-map")
    assert canvas["data-needs-consent"] == "1"
    assert canvas.has_attr("hidden")
    button = soup.find("button", attrs={"data-offer-map-load": True})
    assert button.get_text(strip=True) == "Karte anzeigen"
    assert "tiles.example.org" not in "".join(
        str(tag) for tag in soup.find_all(["img", "link", "iframe"])
    )


@override_settings(OFFERS_DIRECTORY={"TILE_URL": "/tiles/{z}/{x}/{y}.png"})
def test_own_tiles_need_no_click(client, offer):
    soup = soup_of(client.get(offer.url))
    assert soup.find(id="offer-map")["data-needs-consent"] == "0"
    assert soup.find("button", attrs={"data-offer-map-load": True}) is None


def test_status_and_validity_notices(client, offer_tree):
    closed = OfferPageFactory(
        parent=offer_tree.offers, title="Pausiert", status=OfferStatus.TEMPORARILY_CLOSED
    )
    assert "vorübergehend geschlossen" in client.get(closed.url).content.decode()
    ended = OfferPageFactory(
        parent=offer_tree.offers,
        title="Vorbei",
        valid_from=datetime.date(2020, 1, 1),
        valid_to=datetime.date(2020, 6, 30),
    )
    assert ended.is_expired and not ended.is_available
    assert "30. Juni 2020" in client.get(ended.url).content.decode()


def test_organisation_page_lists_its_live_offers(client, offer_tree, offer):
    OfferPageFactory(
        parent=offer_tree.offers, title="Entwurf", provider=offer_tree.provider, publish=False
    )
    OfferPageFactory(parent=offer_tree.offers, title="Fremdes Angebot")
    soup = soup_of(client.get(offer_tree.provider.url))
    titles = [a.get_text(strip=True) for a in soup.select(".offer-card .card__title a")]
    assert titles == ["Krabbelgruppe Winsen"]
    (data,) = json_ld(str(soup))
    assert data["@type"] == "Organization" and data["name"] == "Familienzentrum Winsen"


def test_index_pages_list_and_filter(client, offer_tree, offer):
    OfferPageFactory(
        parent=offer_tree.offers,
        title="Hebammensprechstunde Winsen",
        categories=("hebammensprechstunde",),
    )
    soup = soup_of(client.get(offer_tree.offers.url))
    titles = {a.get_text(strip=True) for a in soup.select(".offer-card .card__title a")}
    assert titles == {"Krabbelgruppe Winsen", "Hebammensprechstunde Winsen"}
    soup = soup_of(client.get(offer_tree.offers.url, {"kategorie": "hebammensprechstunde"}))
    titles = [a.get_text(strip=True) for a in soup.select(".offer-card .card__title a")]
    assert titles == ["Hebammensprechstunde Winsen"]
    providers = soup_of(client.get(offer_tree.providers.url))
    assert providers.find("a", href=offer_tree.provider.url) is not None


def test_radius_service_area_is_drawn_as_a_circle_on_the_map(client, offer_tree):
    from offers_directory.geo import haversine_km

    visit = OfferPageFactory(
        parent=offer_tree.offers,
        title="Willkommensbesuch für Neugeborene",
        service_areas=[
            {
                "name": "Rund um Winsen",
                "center_latitude": 53.3577,
                "center_longitude": 10.2113,
                "radius_km": 15,
            }
        ],
    )
    soup = soup_of(client.get(visit.url))
    assert "Rund um Winsen" in soup.get_text(" ", strip=True)
    (area,) = json.loads(soup.find("script", id="offer-map-data").string)["areas"]
    assert area["name"] == "Rund um Winsen" and area["geometry"]["type"] == "Polygon"
    ring = area["geometry"]["coordinates"][0]
    assert len(ring) >= 16 and ring[0] == ring[-1]
    for lon, lat in ring:  # GeoJSON order; every vertex 15 km from the centre
        assert haversine_km(53.3577, 10.2113, lat, lon) == pytest.approx(15, rel=0.02)


def test_arabic_offer_page_isolates_numbers_and_addresses(client, offer):
    """Inside right-to-left Arabic, phone numbers, addresses and times keep their order."""
    from django.utils import translation

    # override() also restores the language the request's middleware activates.
    with translation.override("ar"):
        url = offer.url
        soup = soup_of(client.get(url))
    assert url.startswith("/ar/")
    assert soup.html["dir"] == "rtl"
    # Its lists are written with the Arabic comma; German keeps ", ".
    facts = [dd.get_text() for dd in soup.select("dl.offer-facts dd")]
    assert any(text.count("\u060c ") == 2 and ", " not in text for text in facts), facts
    german = [dd.get_text() for dd in soup_of(client.get(offer.url)).select("dl.offer-facts dd")]
    assert any(text.count(", ") == 2 for text in german) and not any("\u060c" in t for t in german)
    isolated = {bdi.get_text() for bdi in soup.select('bdi[dir="ltr"]')}
    assert {
        "040 66969-123",
        "krabbeln@fz-winsen.example",
        "https://fz-winsen.example/krabbeln/",
        "Am Markt 4",
        "21435 Stelle",
        "10:00–11:30",
        "14:00–16:00",
    } <= isolated
