"""An answered search ("answered by offer X") finds the offer on both engines: right after the
coordinator saved it (the outbox re-indexes the offer), and after a rebuild of either store."""

from __future__ import annotations

import pytest

from insights import hints
from search import client as search_client
from search.offers.entries import refresh_entries
from search.offers.index import offer_index
from tests.search.conftest import ENGINES, EngineRunner, build_index

pytestmark = pytest.mark.django_db


def rebuilt(kind: str) -> None:
    if kind == "elasticsearch":
        build_index()
    else:
        refresh_entries()


def refreshed(kind: str) -> None:
    if kind == "elasticsearch":
        search_client.get_client().indices.refresh(index=offer_index.alias())


@pytest.mark.parametrize("kind", ENGINES)
def test_an_answered_search_finds_the_offer(kind, network, django_capture_on_commit_callbacks):
    run = EngineRunner(kind)
    offer = network.offers["krabbeln"]
    assert run.titles(q="Tagesmutter Zwillinge") == []
    with django_capture_on_commit_callbacks(execute=True):
        hint = hints.answer(offer, "tagesmutter zwillinge")
    refreshed(kind)
    # Any spelling the analysis folds alike, with a place, finds it; the words alone too.
    assert run.titles(q="Zwillinge Tagesmütter", near="21423") == ["Krabbelgruppe Winsen"]
    assert run.titles(q="tagesmutter") == ["Krabbelgruppe Winsen"]
    document = run.search(q="tagesmutter")["results"][0]
    assert document["id"] == offer.pk
    rebuilt(kind)
    assert run.titles(q="tagesmutter") == ["Krabbelgruppe Winsen"]
    with django_capture_on_commit_callbacks(execute=True):
        hints.withdraw(hint)
    refreshed(kind)
    assert run.titles(q="tagesmutter") == []
    # The offer's own words still find it.
    assert run.titles(q="Krabbelgruppe") == ["Krabbelgruppe Winsen"]
