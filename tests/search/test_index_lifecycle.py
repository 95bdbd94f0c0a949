"""Keeping the index right, against the real Elasticsearch: outbox, versions, rebuild with an
alias swap, check/fix, and the outage path."""

from __future__ import annotations

import io
import threading

from django.core.management import CommandError, call_command
from django.db import transaction

import pytest

from home.factories import RegionPageFactory
from offers_directory.factories import (
    WINSEN,
    OfferIndexPageFactory,
    OfferPageFactory,
    TaxonomyTermFactory,
)
from offers_directory.models import OfferServiceArea
from search import client as search_client
from search import outbox
from search.client import get_client
from search.engine import reset_health
from search.models import IndexUpdate
from search.offers.engines import ElasticsearchEngine, get_engine
from search.offers.index import offer_index
from search.offers.params import parse_search_params
from tests.search.conftest import YESTERDAY, build_index, query
from tests.services.elasticsearch import free_ports

pytestmark = [pytest.mark.elasticsearch, pytest.mark.django_db]


def doc(offer_id: int) -> dict | None:
    client = get_client()
    client.indices.refresh(index=offer_index.alias())
    found = client.options(ignore_status=404).get(index=offer_index.alias(), id=offer_id)
    return found.body if found.body.get("found") else None


def es_titles(**params) -> list[str]:
    response = ElasticsearchEngine().search(
        parse_search_params(query({"page_size": 100, **params}))
    )
    return [r["title"] for r in response["results"]]


@pytest.fixture
def parent(db):
    return OfferIndexPageFactory(
        parent=RegionPageFactory(title="Landkreis Test", slug="landkreis-test")
    )


def test_publish_unpublish_delete_reach_the_index_after_commit(
    parent, django_capture_on_commit_callbacks
):
    build_index()
    with django_capture_on_commit_callbacks(execute=True):
        page = OfferPageFactory(parent=parent, title="Familienhebamme Nord", locations=[WINSEN])
    stored = doc(page.pk)
    assert stored is not None
    assert stored["_source"]["title"] == "Familienhebamme Nord"
    assert stored["_version"] == stored["_source"]["version"] > 0
    assert IndexUpdate.objects.count() == 0

    # A new draft does not reach the index; publishing it does.
    page.title = "Familienhebamme Nord (neu)"
    with django_capture_on_commit_callbacks(execute=True):
        revision = page.save_revision()
    assert doc(page.pk)["_source"]["title"] == "Familienhebamme Nord"
    with django_capture_on_commit_callbacks(execute=True):
        revision.publish()
    newer = doc(page.pk)
    assert newer["_source"]["title"] == "Familienhebamme Nord (neu)"
    assert newer["_version"] > stored["_version"]

    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    assert doc(page.pk) is None

    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert doc(page.pk) is not None
    with django_capture_on_commit_callbacks(execute=True):
        page.delete()
    assert doc(page.pk) is None


def test_moving_an_offer_updates_its_region_and_url(parent, django_capture_on_commit_callbacks):
    other = OfferIndexPageFactory(
        parent=RegionPageFactory(title="Landkreis Neu", slug="landkreis-neu")
    )
    build_index()
    with django_capture_on_commit_callbacks(execute=True):
        page = OfferPageFactory(parent=parent, title="Krabbelgruppe", locations=[WINSEN])
    assert doc(page.pk)["_source"]["region"] == "landkreis-test"
    with django_capture_on_commit_callbacks(execute=True):
        page.move(other, pos="last-child")
    source = doc(page.pk)["_source"]
    assert source["region"] == "landkreis-neu"
    assert "/landkreis-neu/" in source["url"]


def test_a_taxonomy_rename_reindexes_its_offers(parent, django_capture_on_commit_callbacks):
    build_index()
    with django_capture_on_commit_callbacks(execute=True):
        page = OfferPageFactory(
            parent=parent, title="Treffpunkt", categories=["treff"], locations=[WINSEN]
        )
    term = TaxonomyTermFactory(code="treff")
    term.name = "Elterntreff Spezial"
    with django_capture_on_commit_callbacks(execute=True):
        term.save()
    assert "Treffpunkt" in es_titles(q="Spezial")
    assert doc(page.pk) is not None


def test_updates_wait_for_a_first_rebuild(parent, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        OfferPageFactory(parent=parent, title="Vor dem ersten Aufbau", locations=[WINSEN])
    assert offer_index.live_indices() == []
    build_index()
    assert "Vor dem ersten Aufbau" in es_titles()


def test_a_rolled_back_save_leaves_nothing(parent, django_capture_on_commit_callbacks):
    build_index()
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        OfferPageFactory(parent=parent, title="Nie gespeichert", locations=[WINSEN])
        raise RuntimeError("the editor's save failed")
    assert callbacks == []
    assert IndexUpdate.objects.count() == 0
    assert "Nie gespeichert" not in es_titles()


def test_the_document_built_with_the_database_copy_is_sent_after_commit(
    parent, django_capture_on_commit_callbacks, monkeypatch
):
    # The database engine's entry is written from the full document inside the saving
    # transaction; after the commit that same document goes to Elasticsearch, not a new one.
    build_index()
    built_after_commit: list[list[int]] = []
    documents = type(offer_index).documents

    def counting(self, ids=None):
        built_after_commit.append(list(ids or ()))
        return documents(self, ids)

    monkeypatch.setattr(type(offer_index), "documents", counting)
    with django_capture_on_commit_callbacks(execute=True):
        page = OfferPageFactory(parent=parent, title="Einmal gebaut", locations=[WINSEN])
    assert doc(page.pk)["_source"]["title"] == "Einmal gebaut"
    assert built_after_commit == []
    assert IndexUpdate.objects.count() == 0


def test_a_document_of_a_rolled_back_savepoint_is_built_again(
    parent, django_capture_on_commit_callbacks
):
    build_index()
    with django_capture_on_commit_callbacks(execute=True):
        page = OfferPageFactory(parent=parent, title="Erster Stand", locations=[WINSEN])
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        page.title = "Gespeichert"
        page.save_revision().publish()
        with pytest.raises(RuntimeError), transaction.atomic():
            # Its document was built and kept before the savepoint was rolled back.
            page.title = "Verworfen"
            page.save_revision().publish()
            raise RuntimeError("a later step of the same request failed")
    assert doc(page.pk)["_source"]["title"] == "Gespeichert"


def test_a_rolled_back_change_of_a_service_area_alone_is_not_sent(
    parent, django_capture_on_commit_callbacks
):
    # The entry's document does not hold the areas' cells; its areas tell the two apart.
    build_index()
    circle = {"name": "Umkreis", "center_latitude": 53.36, "center_longitude": 10.21}
    with django_capture_on_commit_callbacks(execute=True):
        page = OfferPageFactory(
            parent=parent, title="Hausbesuche", service_areas=[{**circle, "radius_km": 5}]
        )
    committed = doc(page.pk)["_source"]["area_cells"]
    assert committed
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        outbox.enqueue(offer_index, [page.pk], "test")
        with pytest.raises(RuntimeError), transaction.atomic():
            OfferServiceArea.objects.filter(page=page).update(radius_km=40)
            outbox.enqueue(offer_index, [page.pk], "test")
            raise RuntimeError("a later step of the same request failed")
    assert doc(page.pk)["_source"]["area_cells"] == committed


def test_external_versions_keep_a_late_stale_write_out(parent):
    page = OfferPageFactory(parent=parent, title="Hebammensprechstunde", locations=[WINSEN])
    build_index()
    newer = outbox.current_version() + 10
    offer_index.write({page.pk: newer})
    assert doc(page.pk)["_version"] == newer
    # A late worker carrying an older version (and an older title) loses.
    page.title = "Veralteter Titel"
    page.save_revision().publish()
    outcome = offer_index.write({page.pk: newer - 5})
    assert not outcome.failed_ids
    stored = doc(page.pk)
    assert stored["_version"] == newer
    assert stored["_source"]["title"] == "Hebammensprechstunde"


def test_rebuild_swaps_the_alias_while_search_keeps_answering(parent):
    OfferPageFactory(parent=parent, title="Alte Hebamme", locations=[WINSEN])
    first = build_index()
    OfferPageFactory(parent=parent, title="Neue Hebamme", locations=[WINSEN])
    errors: list[Exception] = []
    answers: list[int] = []
    stop = threading.Event()

    def keep_searching() -> None:
        # Straight to Elasticsearch: the thread has no access to the test's transaction.
        body = {"bool": {"must": [{"term": {"terms": "hebamm"}}]}}
        while not stop.is_set():
            try:
                answers.append(get_client().count(index=offer_index.alias(), query=body)["count"])
            except Exception as error:  # any failure during the swap is the bug under test
                errors.append(error)

    seen_during: list[list[str]] = []
    worker = threading.Thread(target=keep_searching)
    worker.start()
    try:
        call_command("search_index", "--rebuild", stdout=io.StringIO(), stderr=io.StringIO())
        name, _count, _errors = offer_index.rebuild(
            offer_index.documents(),
            2,
            outbox.current_version(),
            before_swap=lambda new: seen_during.append(es_titles(q="Hebamme")),
        )
    finally:
        stop.set()
        worker.join()
    assert not errors
    assert answers and min(answers) >= 1
    # Before the swap the alias still served the previous complete index.
    assert sorted(seen_during[0]) == ["Alte Hebamme", "Neue Hebamme"]
    assert offer_index.live_indices() == [name]
    assert first not in offer_index.all_indices()
    assert sorted(es_titles(q="Hebamme")) == ["Alte Hebamme", "Neue Hebamme"]


def test_check_and_fix_reconcile_missing_stale_and_orphaned(parent, capsys):
    kept = OfferPageFactory(parent=parent, title="Bleibt", locations=[WINSEN])
    stale = OfferPageFactory(parent=parent, title="Alter Titel", locations=[WINSEN])
    build_index()
    # Published while its queue item got lost (no commit callbacks run in this test).
    lost = OfferPageFactory(parent=parent, title="Fehlt im Index", locations=[WINSEN])
    client = get_client()
    client.index(
        index=offer_index.live_indices()[0],
        id="999999",
        document={"offer_id": 999999, "title": "Verwaist", "fingerprint": "x"},
        refresh=True,
    )
    # Changed in the database without any signal (e.g. a bulk update).
    type(stale).objects.filter(pk=stale.pk).update(title="Neuer Titel")

    with pytest.raises(CommandError) as raised:
        call_command("search_index", "--check")
    out = capsys.readouterr().out
    assert "3 differences" in str(raised.value)
    assert "missing: 1" in out and "stale: 1" in out and "orphaned: 1" in out

    call_command("search_index", "--fix")
    call_command("search_index", "--check")
    assert "agree" in capsys.readouterr().out
    assert doc(lost.pk) is not None
    assert doc(999999) is None
    assert doc(stale.pk)["_source"]["title"] == "Neuer Titel"
    assert doc(kept.pk) is not None


def test_fix_removes_expired_offers(parent):
    page = OfferPageFactory(parent=parent, title="Bald abgelaufen", locations=[WINSEN])
    build_index()
    type(page).objects.filter(pk=page.pk).update(valid_to=YESTERDAY)
    call_command("search_index", "--fix", stdout=io.StringIO())
    assert doc(page.pk) is None


def test_outage_saves_succeed_the_database_answers_and_the_queue_drains(
    parent, settings, django_capture_on_commit_callbacks, caplog
):
    existing = OfferPageFactory(parent=parent, title="Hebamme vorher", locations=[WINSEN])
    build_index()
    live_settings = settings.SEARCH
    # Elasticsearch "stops": nothing listens on this port any more.
    dead_port = free_ports(1)[0]
    settings.SEARCH = {
        **live_settings,
        "ELASTICSEARCH_URLS": [f"http://127.0.0.1:{dead_port}"],
        "TIMEOUT": 2,
        "MAX_RETRIES": 0,
    }
    search_client.reset_client()
    reset_health()
    with django_capture_on_commit_callbacks(execute=True):
        page = OfferPageFactory(
            parent=parent, title="Hebamme während des Ausfalls", locations=[WINSEN]
        )
    assert page.live  # the editor's save succeeded
    queued = IndexUpdate.objects.filter(object_id=page.pk)
    assert queued.exists()
    row = queued.order_by("-id").first()
    assert row.attempts == 1 and row.last_error and row.next_attempt_at > row.created_at

    response = get_engine().search(parse_search_params(query({"q": "Hebamme"})))
    assert response["engine"] == "database"
    assert {"Hebamme vorher", "Hebamme während des Ausfalls"} <= {
        r["title"] for r in response["results"]
    }
    assert "did not answer" in caplog.text

    # Elasticsearch is back: the queue is applied (the back-off is skipped here).
    settings.SEARCH = live_settings
    search_client.reset_client()
    reset_health()
    result = outbox.process(include_not_due=True)
    assert result.failed == 0 and result.indexed >= 1
    assert not IndexUpdate.objects.filter(object_id=page.pk).exists()
    response = get_engine().search(parse_search_params(query({"q": "Hebamme"})))
    assert response["engine"] == "elasticsearch"
    assert {r["title"] for r in response["results"]} >= {
        "Hebamme vorher",
        "Hebamme während des Ausfalls",
    }
    assert existing.pk in {r["id"] for r in response["results"]}
