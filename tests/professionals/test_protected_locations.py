"""Protected locations (a shelter, a counselling office that must not be found by the wrong
person): an anonymous visitor never learns the street or the exact pin, on any surface — the
offer page and its JSON-LD, the print view, the finder, the search API and map, the HSDS API,
the exports, both search stores, the printed guide and the handout — but sees the town and
its centre; professionals see the exact address. Distances to such a location are distances
to its town's centre."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.core.management import call_command
from django.test import Client

import pytest

from home.factories import RegionPageFactory
from home.models import RegionPage
from offers_directory import geo
from offers_directory.factories import (
    BUCHHOLZ,
    WINSEN,
    OfferIndexPageFactory,
    OfferPageFactory,
)
from offers_directory.geocoding import municipality_centre
from offers_directory.models import OfferIndexPage, OfferPage
from offers_directory.models.locations import LocationVisibility
from search.models import SearchEntry
from search.offers import entries
from tests.professionals.test_handout import pdftotext
from tests.shared_data import shared_fixtures

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("german")]

# Unique markers of the protected addresses: the streets, the hidden location's name and
# notes, and the exact pins (each coordinate is also looked for cut to three decimals and
# with a decimal comma, the way the CSV export and German texts write numbers).
HIDDEN_STREET = "Zzverstecktweg 7"
HIDDEN_NAME = "Zzschutzhaus Nord"
HIDDEN_NOTES = "Zzhintereingang am Garten"
HIDDEN_PIN = (53.36912, 10.19843)
PROS_STREET = "Zzfachkraftgasse 3"
PROS_PIN = (53.34567, 10.23456)
PUBLIC_STREET = "Marktplatz 5"


def coordinate_forms(value: float) -> list[str]:
    three = f"{value:.5f}"[:-2]
    return [three, three.replace(".", ",")]


PROTECTED_MARKERS = [
    HIDDEN_STREET,
    HIDDEN_NAME,
    HIDDEN_NOTES,
    PROS_STREET,
    *(form for pin in (HIDDEN_PIN, PROS_PIN) for value in pin for form in coordinate_forms(value)),
]


def assert_protected_absent(text: str, where: str) -> None:
    found = [marker for marker in PROTECTED_MARKERS if marker in text]
    assert not found, f"protected location data {found} leaked into {where}"


@dataclass
class Shelters:
    region: RegionPage
    hidden: OfferPage
    professionals: OfferPage
    public: OfferPage

    @property
    def offers(self) -> list[OfferPage]:
        return [self.hidden, self.professionals, self.public]


def build_shelters() -> Shelters:
    region = RegionPage.objects.filter(slug="landkreis-harburg").first() or RegionPageFactory(
        title="Landkreis Harburg", slug="landkreis-harburg"
    )
    index = OfferIndexPage.objects.child_of(region).first() or OfferIndexPageFactory(parent=region)

    def offer(title: str, **location: Any) -> OfferPage:
        return OfferPageFactory(
            parent=index,
            title=title,
            summary=f"{title}: Schutz und Beratung.",
            locations=[location],
            min_age_months=0,
            max_age_months=36,
        )

    hidden = offer(
        "Schutzwohnung Winsen",
        town=WINSEN,
        name=HIDDEN_NAME,
        street=HIDDEN_STREET,
        accessibility_notes=HIDDEN_NOTES,
        latitude=HIDDEN_PIN[0],
        longitude=HIDDEN_PIN[1],
        manual_pin=True,
        visibility=LocationVisibility.HIDDEN,
    )
    professionals = offer(
        "Beratungsstelle Winsen",
        town=WINSEN,
        name="Beratungsstelle",
        street=PROS_STREET,
        latitude=PROS_PIN[0],
        longitude=PROS_PIN[1],
        manual_pin=True,
        visibility=LocationVisibility.PROFESSIONALS,
    )
    public = offer("Elterncafé Buchholz", town=BUCHHOLZ, street=PUBLIC_STREET)
    entries.refresh_entries([o.pk for o in (hidden, professionals, public)])
    return Shelters(region, hidden, professionals, public)


shared_shelters, shelters = shared_fixtures("shelters", build_shelters)


def winsen_centre() -> tuple[float, float]:
    centre = municipality_centre(WINSEN.postal_code, WINSEN.city)
    assert centre is not None
    # The centre is not the protected pins: else the assertions below could not tell them apart.
    assert all(geo.haversine_km(*centre, *pin) > 0.5 for pin in (HIDDEN_PIN, PROS_PIN))
    return centre


def anonymous_texts(client: Client, shelters: Shelters) -> dict[str, str]:
    ids = ",".join(str(o.pk) for o in shelters.offers)
    hidden_url, professionals_url = shelters.hidden.url, shelters.professionals.url
    urls = {
        "hidden offer page": hidden_url,
        "professionals offer page": professionals_url,
        "hidden offer print view": f"{hidden_url}?print=1",
        "professionals offer print view": f"{professionals_url}?print=1",
        "offer page (en)": f"/en{hidden_url}",
        "finder": "/angebote/?near=21423&radius_km=25",
        "finder words": "/angebote/?q=Schutzwohnung",
        "finder results fragment": "/angebote/ergebnisse/?near=21423",
        "finder print view": "/angebote/?near=21423&print=1",
        "offers API": "/api/v1/offers/?near=21423&radius_km=25",
        "offers API words": "/api/v1/offers/?q=Beratungsstelle",
        "offers map API": "/api/v1/offers/map",
        "offers map API bbox": "/api/v1/offers/map?bbox=9.5,53.0,10.8,53.7",
        "HSDS services": "/api/hsds/services",
        "HSDS service_at_locations": "/api/hsds/service_at_locations",
        "handout": f"/merkliste/?ids={ids}",
        "guide": "/familienbegleitbuch/landkreis-harburg/",
        "municipality guide": "/familienbegleitbuch/landkreis-harburg/winsen-luhe/",
        "sitemap": "/sitemap.xml",
        "news feed": "/feeds/aktuelles.rss",
    }
    responses = {name: client.get(url) for name, url in urls.items()}
    for name, response in responses.items():
        assert response.status_code == 200, f"{name}: HTTP {response.status_code}"
    texts = {name: response.content.decode() for name, response in responses.items()}
    for listing, item in (
        ("services", "services"),
        ("service_at_locations", "service_at_locations"),
    ):
        for record in json.loads(texts[f"HSDS {listing}"])["contents"]:
            texts[f"HSDS {item} {record['id']}"] = client.get(
                f"/api/hsds/{item}/{record['id']}"
            ).content.decode()
    for name, url in {
        "handout PDF": f"/merkliste/handout.pdf?ids={ids}",
        "guide PDF": "/familienbegleitbuch/landkreis-harburg.pdf",
        "municipality guide PDF": "/familienbegleitbuch/landkreis-harburg/winsen-luhe.pdf",
    }.items():
        response = client.get(url)
        assert response.status_code == 200, f"{name}: HTTP {response.status_code}"
        texts[name] = pdftotext(b"".join(response) if response.streaming else response.content)
    return texts


@pytest.mark.embedded
def test_no_anonymous_surface_shows_a_protected_address_or_pin(client, shelters, tmp_path):
    centre = winsen_centre()
    texts = anonymous_texts(client, shelters)
    for fmt in ("hsds", "csv"):
        target = tmp_path / f"export.{fmt}"
        call_command("export_offers", "--format", fmt, "--output", str(target))
        texts[f"export_offers --format {fmt}"] = target.read_text(encoding="utf-8")
    rows = SearchEntry.objects.filter(offer_id__in=[o.pk for o in shelters.offers])
    texts["database search entries"] = json.dumps(
        [[row.document, row.points, row.point_text, row.terms] for row in rows],
        ensure_ascii=False,
    )
    for name, text in texts.items():
        assert_protected_absent(text, name)
    # The surfaces are the right ones: they show the offers, the town and the public street.
    centre_text = f"{centre[0]:.5f}"
    for name in (
        "hidden offer page",
        "professionals offer page",
        "hidden offer print view",
        "offers API",
        "offers map API",
        "HSDS services",
        "database search entries",
    ):
        assert centre_text.rstrip("0") in texts[name], f"{name} lacks the town's centre"
    for name in ("hidden offer page", "guide PDF", "handout PDF", "finder"):
        assert "Winsen (Luhe)" in texts[name], name
        assert "Schutzwohnung Winsen" in texts[name], name
    assert "Adresse auf Anfrage" in texts["hidden offer page"]
    assert "Adresse auf Anfrage" in texts["finder"]
    assert PUBLIC_STREET in texts["guide PDF"]
    assert PUBLIC_STREET in texts["offers API"] or PUBLIC_STREET in texts["HSDS services"]
    assert '"x_visibility": "hidden"' in texts["export_offers --format hsds"]
    assert "verborgen" in texts["export_offers --format csv"]


@pytest.mark.embedded
def test_structured_data_and_map_carry_only_the_town_centre(client, shelters):
    centre = winsen_centre()
    html = client.get(shelters.hidden.url).content.decode()
    map_data = json.loads(html.split('id="offer-map-data"')[1].split(">", 1)[1].split("<")[0])
    assert [(m["lat"], m["lon"]) for m in map_data["locations"]] == [centre]
    json_ld = [
        json.loads(block.split(">", 1)[1].split("</script>")[0])
        for block in html.split('<script type="application/ld+json"')[1:]
    ]
    places = [
        channel["serviceLocation"]
        for data in json_ld
        if data.get("@type") == "Service"
        for channel in data.get("availableChannel", [])
    ]
    assert places and not any(p["address"].get("streetAddress") for p in places)
    assert [(p["geo"]["latitude"], p["geo"]["longitude"]) for p in places] == [centre]


@pytest.mark.embedded
def test_distance_to_a_protected_location_is_the_distance_to_its_town_centre(client, shelters):
    centre = winsen_centre()
    lat, lon = HIDDEN_PIN
    answer = client.get(
        "/api/v1/offers/", {"lat": lat, "lon": lon, "radius_km": 10, "q": "Schutzwohnung"}
    ).json()
    (result,) = [r for r in answer["results"] if r["id"] == shelters.hidden.pk]
    assert result["nearest_location"]["address_withheld"] is True
    assert result["nearest_location"]["address"] == f"{WINSEN.postal_code} {WINSEN.city}"
    assert result["distance_km"] == pytest.approx(geo.haversine_km(lat, lon, *centre), abs=0.01)
    assert result["distance_km"] > 0.5


@pytest.mark.embedded
def test_professionals_see_the_exact_address(pro_client, shelters):
    for offer, street, pin in (
        (shelters.hidden, HIDDEN_STREET, HIDDEN_PIN),
        (shelters.professionals, PROS_STREET, PROS_PIN),
    ):
        html = pro_client.get(offer.url).content.decode()
        assert street in html
        assert f"{pin[0]:.5f}" in html
        assert "nur Fachkräften angezeigt" in html
    assert HIDDEN_NAME in pro_client.get(shelters.hidden.url).content.decode()
    # Paper is passed on: the handout a professional prints still withholds the address.
    handout = pro_client.get(f"/merkliste/?ids={shelters.hidden.pk}").content.decode()
    assert_protected_absent(handout, "a professional's handout")


@pytest.mark.embedded
def test_the_export_for_professionals_keeps_the_exact_address(shelters, tmp_path):
    target = tmp_path / "export.json"
    call_command("export_offers", "--include-protected", "--output", str(target))
    text = target.read_text(encoding="utf-8")
    assert HIDDEN_STREET in text and PROS_STREET in text
    assert str(HIDDEN_PIN[0]) in text


@pytest.mark.elasticsearch
def test_the_elasticsearch_index_holds_only_the_town_centre(client, shelters):
    from search.client import get_client
    from search.offers.index import offer_index
    from tests.search.conftest import build_index

    centre = winsen_centre()
    build_index()
    es = get_client()
    es.indices.refresh(index=offer_index.alias())
    hits = es.search(index=offer_index.alias(), size=1000).body["hits"]["hits"]
    docs = {hit["_source"]["offer_id"]: hit["_source"] for hit in hits}
    assert set(docs) >= {o.pk for o in shelters.offers}
    assert_protected_absent(json.dumps(list(docs.values())), "the Elasticsearch index")
    assert docs[shelters.hidden.pk]["geo"] == [{"lat": centre[0], "lon": centre[1]}]
    # Through the API on Elasticsearch, the same.
    for url in ("/api/v1/offers/?near=21423", "/api/v1/offers/map", "/angebote/?near=21423"):
        response = client.get(url)
        assert response.status_code == 200
        assert_protected_absent(response.content.decode(), f"{url} on Elasticsearch")
    answer = client.get("/api/v1/offers/", {"lat": HIDDEN_PIN[0], "lon": HIDDEN_PIN[1]}).json()
    assert answer["engine"] == "elasticsearch"
    (result,) = [r for r in answer["results"] if r["id"] == shelters.hidden.pk]
    assert result["distance_km"] == pytest.approx(geo.haversine_km(*HIDDEN_PIN, *centre), abs=0.01)
