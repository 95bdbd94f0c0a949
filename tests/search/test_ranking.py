"""The default order with search words and a place (relevance × a decay on distance), the
explicit orders, and offers that come to the family ("kommt zu Ihnen"), on both engines and
in the finder."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

from django.utils import translation

import pytest

from home.factories import RegionPageFactory
from offers_directory.factories import (
    BUCHHOLZ,
    LUENEBURG,
    WINSEN,
    OfferIndexPageFactory,
    OfferPageFactory,
)
from search.engine import reset_health
from search.offers.ranking import DistanceDecay, distance_decay
from tests.search.conftest import ENGINES, EngineRunner, box_polygon


@pytest.fixture
def ranked(db: Any) -> dict[str, Any]:
    index = OfferIndexPageFactory(
        parent=RegionPageFactory(title="Landkreis Harburg", slug="landkreis-harburg")
    )
    return {
        "cafe": OfferPageFactory(
            parent=index,
            title="Elterncafé Winsen",
            summary="Treffpunkt für Eltern mit Babys.",
            description="Einmal im Monat ist eine Hebamme zu Gast.",
            locations=[WINSEN],
        ),
        "hebamme": OfferPageFactory(
            parent=index,
            title="Hebammensprechstunde Buchholz",
            summary="Vorsorge und Nachsorge.",
            locations=[BUCHHOLZ],
        ),
        "mobil": OfferPageFactory(
            parent=index,
            title="Mobile Hebammenhilfe",
            summary="Wir kommen zu Ihnen nach Hause.",
            locations=[LUENEBURG],
            service_areas=[{"name": "Winsen", "extent": box_polygon(53.2, 10.0, 53.5, 10.4)}],
        ),
        "beratung": OfferPageFactory(
            parent=index,
            title="Erziehungs- und Familienberatung",
            summary="Beratung für Eltern.",
            locations=[BUCHHOLZ],
        ),
    }


@pytest.fixture(params=ENGINES)
def run(request: pytest.FixtureRequest, db: Any) -> EngineRunner:
    return EngineRunner(request.param)


def test_words_and_a_place_rank_midwives_above_a_nearer_cafe(run, ranked):
    results = run.search(q="Hebamme", near="21423")["results"]
    ids = [r["id"] for r in results]
    assert set(ids) == {ranked["cafe"].pk, ranked["hebamme"].pk, ranked["mobil"].pk}
    cafe = next(r for r in results if r["id"] == ranked["cafe"].pk)
    midwife = next(r for r in results if r["id"] == ranked["hebamme"].pk)
    assert cafe["distance_km"] < midwife["distance_km"]
    assert ids.index(ranked["hebamme"].pk) < ids.index(ranked["cafe"].pk)
    assert ids.index(ranked["mobil"].pk) < ids.index(ranked["cafe"].pk)


def test_explicit_orders_stay_and_no_words_means_distance(run, ranked):
    by_distance = run.search(q="Hebamme", near="21423", sort="distance")["results"]
    # The mobile offer comes to the family: first, as if 0 km away; its office is farther.
    assert by_distance[0]["id"] == ranked["mobil"].pk
    assert by_distance[0]["reaches_you"] is True
    rest = [r["distance_km"] for r in by_distance[1:]]
    assert rest == sorted(rest)
    assert by_distance[0]["distance_km"] > rest[0]
    assert all(r["reaches_you"] is False for r in by_distance[1:])
    assert run.search(near="21423")["results"][0]["id"] == ranked["mobil"].pk
    places = [r for r in run.search(near="21423")["results"] if not r["reaches_you"]]
    assert [r["distance_km"] for r in places] == sorted(r["distance_km"] for r in places)
    relevance = run.search(q="Hebamme", near="21423", sort="relevance")["results"]
    # Relevance alone: the title matches (two offers) before the description match.
    assert relevance[-1]["id"] == ranked["cafe"].pk


def test_the_decay_follows_elasticsearchs_formulas():
    gauss = DistanceDecay("gauss", scale_km=10, offset_km=2, decay=0.5)
    assert gauss.factor(1) == 1
    assert gauss.factor(12) == pytest.approx(0.5)
    exp = DistanceDecay("exp", scale_km=10, offset_km=0, decay=0.5)
    assert exp.factor(20) == pytest.approx(0.25)
    assert distance_decay().factor(0) == 1


def test_finder_finds_coordinated_offers_and_says_which_come_to_you(client, ranked, settings):
    settings.SEARCH = {**settings.SEARCH, "ELASTICSEARCH_URLS": []}
    reset_health()
    page = client.get("/angebote/", {"q": "Erziehungsberatung", "near": "21423"})
    assert page.status_code == 200
    assert "Erziehungs- und Familienberatung" in page.content.decode()
    page = client.get("/angebote/", {"q": "Hebamme", "near": "21423"})
    text = re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", page.content.decode())))
    with translation.override("de"):
        comes = translation.gettext("comes to you")
    assert comes == "kommt zu Ihnen"
    assert re.search(r"Mobile Hebammenhilfe .{0,40}kommt zu Ihnen", text)
    assert text.count(comes) == 1
