"""Stale offers rank lower and hidden ones are gone, on both engines alike, decided when the
search runs (search/offers/ranking.py): time passes without any save, so no index update
may be needed for an offer to turn stale or hidden."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone, translation
from django.utils.formats import date_format

import pytest
from bs4 import BeautifulSoup

from home.factories import RegionPageFactory
from offers_directory.factories import (
    BUCHHOLZ,
    WINSEN,
    OfferIndexPageFactory,
    OfferPageFactory,
)
from offers_directory.freshness import mark_reviewed
from search.engine import reset_health
from search.offers import queries
from search.offers.params import SearchParams
from search.offers.ranking import STALE_FACTOR
from tests.search.conftest import ENGINES, EngineRunner

TODAY = datetime.date.today()


def days_ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


@pytest.fixture
def aged(db: Any) -> dict[str, Any]:
    """Three alike cafés: checked a month ago (in Buchholz, farther from Winsen), 400 days
    ago (in Winsen) and 800 days ago (hidden)."""
    index = OfferIndexPageFactory(
        parent=RegionPageFactory(title="Landkreis Harburg", slug="landkreis-harburg")
    )

    def cafe(title: str, town: Any, reviewed: datetime.date) -> Any:
        return OfferPageFactory(
            parent=index,
            title=title,
            summary="Treffpunkt für Eltern mit Babys.",
            locations=[town],
            last_reviewed=reviewed,
        )

    return {
        "fresh": cafe("Elterncafé Buchholz", BUCHHOLZ, days_ago(30)),
        "stale": cafe("Elterncafé Winsen", WINSEN, days_ago(400)),
        "hidden": cafe("Elterncafé Hittfeld", WINSEN, days_ago(800)),
    }


@pytest.fixture(params=ENGINES)
def run(request: pytest.FixtureRequest, db: Any) -> EngineRunner:
    return EngineRunner(request.param)


def ids(response: dict[str, Any]) -> list[int]:
    return [result["id"] for result in response["results"]]


def test_stale_offers_rank_lower_and_hidden_ones_are_gone(run, aged):
    fresh, stale, hidden = aged["fresh"].pk, aged["stale"].pk, aged["hidden"].pk
    # Words only, no search at all, words and place, place only: the fresh one first, even
    # where the stale one is nearer or scores the same.
    for params in (
        {"q": "Elterncafé"},
        {},
        {"q": "Elterncafé", "near": "21423"},
        {"near": "21423"},
    ):
        response = run.search(**params)
        assert ids(response) == [fresh, stale], params
        assert response["count"] == 2
    by_id = {r["id"]: r for r in run.search(q="Elterncafé")["results"]}
    assert by_id[stale]["stale"] is True and by_id[fresh]["stale"] is False
    assert by_id[stale]["verified_on"] == days_ago(400).isoformat()
    # Asked for the nearest first, the nearest comes first.
    assert ids(run.search(near="21423", sort="distance")) == [stale, fresh]
    # The map and the suggestions leave the hidden offer out too.
    assert run.map(near="21423")["count"] == 2
    assert hidden not in {p["id"] for p in run.map(near="21423")["points"]}
    assert {s["id"] for s in run.suggest("Elterncaf")} == {fresh, stale}


def test_time_passing_turns_offers_stale_and_hidden_without_an_index_update(run, aged, monkeypatch):
    fresh, stale = aged["fresh"].pk, aged["stale"].pk
    assert ids(run.search(q="Elterncafé")) == [fresh, stale]
    later = TODAY + datetime.timedelta(days=400)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: later)
    # 400 days later the fresh café is stale and the stale one is hidden; nothing was saved.
    response = run.search(q="Elterncafé")
    assert ids(response) == [fresh]
    assert response["results"][0]["stale"] is True


def test_verifying_brings_an_offer_back_to_the_top(run, aged):
    mark_reviewed(aged["stale"], TODAY)
    if run.kind == "elasticsearch":
        # The outbox writes Elasticsearch after the commit; the test's index is rebuilt.
        run.built = False
    fresh, stale = aged["fresh"].pk, aged["stale"].pk
    # Both fresh now: the nearer one first again.
    assert ids(run.search(near="21423")) == [stale, fresh]


def test_the_elasticsearch_bodies_carry_todays_limits(settings):
    settings.OFFERS_DIRECTORY = {
        **settings.OFFERS_DIRECTORY,
        "REVIEW_WINDOW_DAYS": 100,
        "HIDE_AFTER_DAYS": 200,
    }
    hits, counts = queries.search_bodies(SearchParams())
    today = timezone.localdate()
    hidden_before = (today - datetime.timedelta(days=200)).isoformat()
    stale_before = (today - datetime.timedelta(days=100)).isoformat()
    visible = {"bool": {"must_not": [{"range": {"verified_on": {"lt": hidden_before}}}]}}
    assert visible in hits["query"]["function_score"]["query"]["bool"]["filter"]
    assert visible in counts["query"]["bool"]["filter"]
    [stale] = hits["query"]["function_score"]["functions"]
    assert stale == {
        "filter": {"range": {"verified_on": {"lt": stale_before}}},
        "weight": STALE_FACTOR,
    }


def test_the_finder_tells_families_when_a_stale_offer_was_checked(client, aged, settings):
    settings.SEARCH = {**settings.SEARCH, "ELASTICSEARCH_URLS": []}
    reset_health()
    page = client.get("/angebote/", {"q": "Elterncafé"})
    soup = BeautifulSoup(page.content, "html.parser")
    results = {
        item.find("h3").get_text(strip=True): item for item in soup.select("li.offer-result")
    }
    assert set(results) == {"Elterncafé Buchholz", "Elterncafé Winsen"}
    with translation.override("de"):
        checked = f"Angaben zuletzt geprüft: {date_format(days_ago(400), 'F Y')}"
    assert checked in results["Elterncafé Winsen"].get_text(" ", strip=True)
    assert "zuletzt geprüft" not in results["Elterncafé Buchholz"].get_text(" ", strip=True)
