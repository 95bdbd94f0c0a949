"""The outage path against a real server that goes away mid-test: editors' saves succeed,
the outbox keeps the updates, the public API answers from the database (and says so, with a
logged warning), and once the server is back `search_index --process-queue` applies them.

The site reaches the session's shared server through a relay (tests/services/relay.py) that
drops off the network the way a stopped server does: connections refused, open ones cut.
Stopping and restarting a JVM of its own cost these tests about two minutes. A server that
comes back "without its data" has lost this test's indices: the relay deletes them, on the
real server, before it lets the site in again."""

from __future__ import annotations

import io
import json
import logging
import time
import urllib.request
from collections.abc import Iterator

from django.core.management import CommandError, call_command
from django.utils import timezone

import pytest

from home.factories import RegionPageFactory
from offers_directory.factories import WINSEN, OfferIndexPageFactory, OfferPageFactory
from search import client as search_client
from search import outbox
from search.client import get_client
from search.engine import reset_health
from search.models import IndexUpdate
from search.offers.index import offer_index
from tests.search.conftest import build_index
from tests.services.relay import Relay

logger = logging.getLogger(__name__)

pytestmark = [pytest.mark.elasticsearch, pytest.mark.django_db]


class OutageServer:
    """The shared server as this test's site sees it, through the relay."""

    def __init__(self, relay: Relay, prefix: str) -> None:
        self.relay = relay
        self.prefix = prefix
        self.url = relay.url

    def is_running(self) -> bool:
        return self.relay.is_running()

    def stop(self) -> None:
        self.relay.stop()

    def restart(self, *, empty_data: bool = False) -> None:
        """Back on the network; with `empty_data` without this test's indices and aliases,
        as a server that lost its disk comes back."""
        if empty_data:
            base = f"{self.relay.upstream_url}/{self.prefix}*"
            with urllib.request.urlopen(f"{base}?expand_wildcards=all") as response:
                names = list(json.load(response))
            if names:  # by name: the server refuses wildcard deletes
                delete = f"{self.relay.upstream_url}/{','.join(names)}"
                urllib.request.urlopen(urllib.request.Request(delete, method="DELETE")).close()
        self.relay.start()


@pytest.fixture(scope="module")
def relay(elasticsearch_server: str) -> Iterator[Relay]:
    relay = Relay(elasticsearch_server).start()
    try:
        yield relay
    finally:
        relay.stop()


@pytest.fixture
def own_server(relay, es_settings: str, settings) -> Iterator[OutageServer]:
    """The server behind the relay, up (a test that failed mid-outage may have left it
    down), with the search pointed at the relay and this test's index prefix."""
    relay.start()
    shared = settings.SEARCH
    settings.SEARCH = {
        **settings.SEARCH,
        "ELASTICSEARCH_URLS": [relay.url],
        "TIMEOUT": 5,
        "MAX_RETRIES": 1,
        # Every request tries Elasticsearch again (no quiet period), so the test sees the
        # switch back as soon as the server answers.
        "RETRY_AFTER_SECONDS": 0,
    }
    search_client.reset_client()
    reset_health()
    try:
        yield OutageServer(relay, es_settings)
    finally:
        # es_settings cleans up on the shared server after this.
        settings.SEARCH = shared
        search_client.reset_client()


# The offers made before, while and during the outage, as the search must find them all.
ALL_THREE = {"Hebamme vorher", "Hebamme im Betrieb (geändert)", "Hebamme während des Ausfalls"}


def api_search(client, **params) -> dict:
    response = client.get("/api/v1/offers/", params, HTTP_HOST="localhost")
    assert response.status_code == 200, response.content
    return response.json()


def indexed_ids() -> set[int]:
    es = get_client()
    es.indices.refresh(index=offer_index.alias())
    hits = es.search(index=offer_index.alias(), size=100, source=False)["hits"]["hits"]
    return {int(hit["_id"]) for hit in hits}


def test_server_stops_mid_test_saves_succeed_api_falls_back_queue_drains(
    own_server, client, django_capture_on_commit_callbacks, caplog
):
    parent = OfferIndexPageFactory(
        parent=RegionPageFactory(title="Landkreis Test", slug="landkreis-test")
    )
    before = OfferPageFactory(parent=parent, title="Hebamme vorher", locations=[WINSEN])
    build_index()
    with django_capture_on_commit_callbacks(execute=True):
        while_up = OfferPageFactory(parent=parent, title="Hebamme im Betrieb", locations=[WINSEN])
    assert indexed_ids() == {before.pk, while_up.pk}
    assert api_search(client, q="Hebamme")["engine"] == "elasticsearch"

    # --- the server goes down -------------------------------------------------------------
    own_server.stop()
    assert not own_server.is_running()
    caplog.set_level(logging.WARNING, logger="search")
    with django_capture_on_commit_callbacks(execute=True):
        during = OfferPageFactory(
            parent=parent, title="Hebamme während des Ausfalls", locations=[WINSEN]
        )
    with django_capture_on_commit_callbacks(execute=True):
        while_up.title = "Hebamme im Betrieb (geändert)"
        while_up.save_revision().publish()
    # The editors' saves succeeded ...
    during.refresh_from_db()
    while_up.refresh_from_db()
    assert during.live and while_up.title == "Hebamme im Betrieb (geändert)"
    # ... and the updates wait in the persisted queue, with a back-off.
    queued = {row.object_id: row for row in IndexUpdate.objects.all()}
    assert set(queued) == {during.pk, while_up.pk}
    assert all(row.attempts == 1 and row.last_error for row in queued.values())
    assert all(row.next_attempt_at > timezone.now() for row in queued.values())
    assert "Search index update deferred" in caplog.text

    # The public API answers from the database, says so, and the warning is logged.
    caplog.clear()
    data = api_search(client, q="Hebamme")
    assert data["engine"] == "database"
    assert {r["title"] for r in data["results"]} == ALL_THREE
    assert any(
        record.levelno == logging.WARNING and "did not answer" in record.getMessage()
        for record in caplog.records
    )
    # The queue processor keeps the rows while the server is down, and says so (exit 1).
    out = io.StringIO()
    IndexUpdate.objects.update(next_attempt_at=timezone.now())
    with pytest.raises(CommandError, match="stay queued"):
        call_command("search_index", "--process-queue", stdout=out, stderr=io.StringIO())
    assert "2 failed" in out.getvalue()
    assert set(IndexUpdate.objects.values_list("object_id", flat=True)) == {during.pk, while_up.pk}

    # --- the server is back (same data) -------------------------------------------------
    own_server.restart()
    # The back-off has run out.
    IndexUpdate.objects.update(next_attempt_at=timezone.now())
    out = io.StringIO()
    call_command("search_index", "--process-queue", stdout=out)
    assert "2 written" in out.getvalue()
    assert IndexUpdate.objects.count() == 0
    assert indexed_ids() == {before.pk, while_up.pk, during.pk}

    data = api_search(client, q="Hebamme")
    assert data["engine"] == "elasticsearch"
    assert {r["title"] for r in data["results"]} == ALL_THREE


# The scenario: 55 edits while the server is down, then it comes back without its data.
EDITS = 55
CONVERGE_SECONDS = 60


def indexed_titles() -> dict[int, str]:
    es = get_client()
    es.indices.refresh(index=offer_index.alias())
    hits = es.search(index=offer_index.alias(), size=1000, source=["title"])["hits"]["hits"]
    return {int(hit["_id"]): hit["_source"]["title"] for hit in hits}


def public_titles() -> dict[int, str]:
    return {doc["offer_id"]: doc["title"] for doc in offer_index.documents()}


def test_a_server_restarted_without_its_data_gets_every_edit_back_without_a_manual_step(
    own_server, client, django_capture_on_commit_callbacks
):
    parent = OfferIndexPageFactory(
        parent=RegionPageFactory(title="Landkreis Test", slug="landkreis-test")
    )
    # Not written through the outbox (no commit callbacks run): the rebuild indexes them.
    offers = [
        OfferPageFactory(parent=parent, title=f"Krabbelgruppe {n}", locations=[WINSEN])
        for n in range(EDITS + 5)
    ]
    build_index()
    assert set(indexed_titles()) == {offer.pk for offer in offers}

    own_server.stop()
    # 55 edits during the outage: 53 new titles, one new offer, one offer unpublished.
    with django_capture_on_commit_callbacks(execute=True):
        added = OfferPageFactory(parent=parent, title="Hebamme neu im Ausfall", locations=[WINSEN])
    with django_capture_on_commit_callbacks(execute=True):
        offers[0].unpublish()
    for n, offer in enumerate(offers[1 : EDITS - 1], start=1):
        offer.title = f"Familienhebamme geändert {n}"
        with django_capture_on_commit_callbacks(execute=True):
            offer.save_revision().publish()
    edited = {offer.pk for offer in offers[1 : EDITS - 1]}
    assert len(edited) + 2 == EDITS
    # (Publishing a new offer under the same listing queues its siblings as well.)
    queued = set(IndexUpdate.objects.values_list("object_id", flat=True))
    assert queued >= edited | {added.pk, offers[0].pk}

    own_server.restart(empty_data=True)
    restarted = time.monotonic()
    # The queue worker's iterations (`search_index --process-queue --loop`), until the queue
    # is empty or the time is up.
    while IndexUpdate.objects.exists() and time.monotonic() - restarted < CONVERGE_SECONDS:
        outbox.process(rebuild_missing=True)
    converged = time.monotonic() - restarted
    logger.info("The queue converged %.1f s after the restart.", converged)
    left = IndexUpdate.objects.count()
    assert left == 0, f"{left} updates still queued {converged:.0f} s after the restart"

    # Every edit and every untouched offer is in the index, in the index's own mapping.
    expected = public_titles()
    assert offers[0].pk not in expected and added.pk in expected
    assert indexed_titles() == expected
    live = offer_index.live_indices()
    mapping = get_client().indices.get_mapping(index=live[0])[live[0]]["mappings"]
    assert mapping["_meta"] == offer_index.mapping()["_meta"]
    assert mapping["properties"] == offer_index.mapping()["properties"]
    # The visitors' search finds the edited titles on Elasticsearch.
    data = api_search(client, q="Familienhebamme geändert", page_size=100)
    assert data["engine"] == "elasticsearch"
    assert {r["title"] for r in data["results"]} >= {
        f"Familienhebamme geändert {n}" for n in range(1, EDITS - 1)
    }
    assert api_search(client, q="Hebamme neu im Ausfall")["results"][0]["title"] == (
        "Hebamme neu im Ausfall"
    )


def test_without_an_index_the_queue_waits_and_the_command_rebuilds_it(
    own_server, django_capture_on_commit_callbacks, caplog
):
    """An editor's save never rebuilds: the rows wait with a warning naming the worker; the
    worker's run rebuilds the index, and never writes into one Elasticsearch made up."""
    parent = OfferIndexPageFactory(
        parent=RegionPageFactory(title="Landkreis Test", slug="landkreis-test")
    )
    build_index()
    own_server.stop()
    own_server.restart(empty_data=True)
    caplog.set_level(logging.WARNING, logger="search")
    with django_capture_on_commit_callbacks(execute=True):
        page = OfferPageFactory(parent=parent, title="Stillcafé", locations=[WINSEN])
    assert list(IndexUpdate.objects.values_list("object_id", flat=True)) == [page.pk]
    assert "search_index --process-queue" in caplog.text
    # Nothing was created behind the site's back.
    assert not get_client().indices.get(index=f"{offer_index.alias()}*", expand_wildcards="all")

    out = io.StringIO()
    call_command("search_index", "--process-queue", stdout=out)
    assert "The offers index was missing" in out.getvalue()
    assert not IndexUpdate.objects.exists()
    assert indexed_titles() == {page.pk: "Stillcafé"}
