"""Keeping both search stores right: a constant number of SQL queries per indexing batch,
the database engine's entries (written with every change, repaired by `search_index --fix`,
never written by a query, never showing what is no longer public), organisation edits
reaching the index, and the client's explicit timeouts and retries."""

from __future__ import annotations

import io
import socket
import threading
import time

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest

from home.factories import RegionPageFactory
from offers_directory.factories import (
    HAMBURG,
    MUENCHEN,
    WINSEN,
    OfferIndexPageFactory,
    OfferPageFactory,
    OrganizationPageFactory,
)
from search import client as search_client
from search.models import SearchEntry
from search.offers import entries, indexing
from search.offers.engines import DatabaseEngine
from search.offers.params import parse_search_params
from tests.search.conftest import YESTERDAY, build_index, query


@pytest.fixture
def parent(db):
    return OfferIndexPageFactory(
        parent=RegionPageFactory(title="Landkreis Test", slug="landkreis-test")
    )


def _make(parent, count: int, start: int = 0) -> None:
    provider = OrganizationPageFactory(title="Träger Batch")
    for number in range(start, start + count):
        OfferPageFactory(
            parent=parent,
            title=f"Angebot {number}",
            locations=[WINSEN, HAMBURG],
            categories=["beratung", "treff"],
            languages=["de", "en"],
            service_areas=[
                {
                    "name": "Umkreis",
                    "center_latitude": WINSEN.latitude,
                    "center_longitude": WINSEN.longitude,
                    "radius_km": 10,
                }
            ],
            provider=provider,
        )


def _queries(func) -> int:
    # Warm caches that are not per document (site root paths for URLs).
    func()
    with CaptureQueriesContext(connection) as captured:
        func()
    return len(captured.captured_queries)


@pytest.mark.embedded
def test_documents_and_entries_take_a_constant_number_of_queries_per_batch(parent):
    _make(parent, 3)
    docs_one_batch = _queries(lambda: list(indexing.iter_documents(batch_size=3)))
    entries_one_batch = _queries(lambda: entries.refresh_entries(batch_size=3))
    _make(parent, 3, start=3)
    # Twice the offers in one batch: the same number of queries.
    assert _queries(lambda: list(indexing.iter_documents(batch_size=6))) == docs_one_batch
    assert _queries(lambda: entries.refresh_entries(batch_size=6)) == entries_one_batch
    # Two batches: one batch's worth more, whatever the batch holds.
    per_batch = _queries(lambda: list(indexing.iter_documents(batch_size=3))) - docs_one_batch
    assert 0 < per_batch <= 6
    assert _queries(lambda: list(indexing.iter_documents(batch_size=2))) == (
        docs_one_batch + 2 * per_batch
    )


def _db_titles(**params) -> list[str]:
    response = DatabaseEngine().search(parse_search_params(query({"page_size": 100, **params})))
    assert response["engine"] == "database"
    return [r["title"] for r in response["results"]]


@pytest.mark.embedded
def test_entries_follow_publish_unpublish_and_delete_after_commit(
    parent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = OfferPageFactory(
            parent=parent, title="Stillcafé", locations=[WINSEN], categories=["treff"]
        )
    entry = SearchEntry.objects.get(offer_id=page.pk)
    assert entry.title == "Stillcafé" and entry.points == [list(WINSEN.point)]
    assert entry.facets["category"] == ["treff"]

    page.title = "Stillcafé am Markt"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision()  # a draft changes nothing
    assert SearchEntry.objects.get(offer_id=page.pk).title == "Stillcafé"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert SearchEntry.objects.get(offer_id=page.pk).title == "Stillcafé am Markt"

    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    assert not SearchEntry.objects.filter(offer_id=page.pk).exists()
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        page.delete()
    assert not SearchEntry.objects.filter(offer_id=page.pk).exists()


@pytest.mark.embedded
def test_entries_are_written_with_the_change_and_publicity_is_decided_at_query_time(parent):
    # No commit callbacks run here: the entries are written inside the publishing transaction.
    kept = OfferPageFactory(parent=parent, title="Krabbelgruppe Nord", locations=[WINSEN])
    expiring = OfferPageFactory(parent=parent, title="Krabbelgruppe Süd", locations=[WINSEN])
    assert SearchEntry.objects.count() == 2
    assert sorted(_db_titles(q="Krabbelgruppe")) == ["Krabbelgruppe Nord", "Krabbelgruppe Süd"]

    # Expired, unpublished or restricted without any event: gone from the results at once,
    # although the entries are still there.
    type(expiring).objects.filter(pk=expiring.pk).update(valid_to=YESTERDAY)
    assert _db_titles(q="Krabbelgruppe") == ["Krabbelgruppe Nord"]
    PageViewRestriction.objects.create(
        page=kept, restriction_type=PageViewRestriction.PASSWORD, password="geheim"
    )
    assert _db_titles(q="Krabbelgruppe") == []
    assert SearchEntry.objects.count() == 2

    # Republished: the entry is rebuilt with the publication.
    other = OfferPageFactory(parent=parent, title="Elternkurs", locations=[WINSEN])
    assert _db_titles(q="Elternkurs") == ["Elternkurs"]
    other.title = "Elternkurs Plus"
    other.save_revision().publish()
    assert _db_titles(q="Elternkurs") == ["Elternkurs Plus"]


@pytest.mark.embedded
def test_a_query_never_writes_and_fix_repairs_entries_changed_without_an_event(parent, settings):
    settings.SEARCH = {**settings.SEARCH, "ELASTICSEARCH_URLS": []}
    page = OfferPageFactory(parent=parent, title="Babyschwimmen", locations=[WINSEN])
    # Changed and republished in bulk (a restore, a script): no event, so no entry update.
    type(page).objects.filter(pk=page.pk).update(
        title="Babyschwimmen am Samstag", last_published_at=timezone.now()
    )
    with CaptureQueriesContext(connection) as captured:
        assert _db_titles(q="Babyschwimmen") == ["Babyschwimmen"]
        DatabaseEngine().map(parse_search_params(query({}), for_map=True))
        DatabaseEngine().suggest("Babysch")
    statements = [q["sql"].lstrip().split()[0].upper() for q in captured.captured_queries]
    assert statements and set(statements) == {"SELECT"}, statements

    call_command("search_index", "--fix", stdout=io.StringIO())
    assert _db_titles(q="Babyschwimmen") == ["Babyschwimmen am Samstag"]
    # An entry of an offer that is no longer public is dropped by the repair too.
    type(page).objects.filter(pk=page.pk).update(live=False)
    call_command("search_index", "--fix", stdout=io.StringIO())
    assert not SearchEntry.objects.filter(offer_id=page.pk).exists()


@pytest.mark.elasticsearch
def test_an_organisation_rename_reindexes_its_offers(parent, django_capture_on_commit_callbacks):
    provider = OrganizationPageFactory(title="Kinderschutzbund Ortsverband")
    with django_capture_on_commit_callbacks(execute=True):
        page = OfferPageFactory(
            parent=parent, title="Elterntelefon", locations=[WINSEN], provider=provider
        )
    build_index()
    provider.title = "Familienzentrum Sonnenhof"
    with django_capture_on_commit_callbacks(execute=True):
        provider.save_revision().publish()
    from search.offers.engines import ElasticsearchEngine

    for engine in (ElasticsearchEngine(), DatabaseEngine()):
        found = engine.search(parse_search_params(query({"q": "Sonnenhof"})))["results"]
        assert [r["id"] for r in found] == [page.pk], engine.name
        assert engine.search(parse_search_params(query({"q": "Ortsverband"})))["count"] == 0


class _Tarpit:
    """A TCP listener that accepts connections and never answers: what a hung node looks
    like to the client (a real socket, not a mocked client)."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.accepted: list[socket.socket] = []
        self.changed = threading.Condition()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}"

    def _run(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with self.changed:
                self.accepted.append(conn)
                self.changed.notify_all()

    def connections(self, at_least: int, timeout: float = 5.0) -> int:
        """The number of connections accepted, once there are `at_least` (or the timeout)."""
        with self.changed:
            self.changed.wait_for(lambda: len(self.accepted) >= at_least, timeout)
            return len(self.accepted)

    def close(self) -> None:
        self.sock.close()
        for conn in self.accepted:
            conn.close()


def test_client_timeouts_and_retries_are_explicit_and_timeouts_are_retried(settings):
    from elasticsearch import ConnectionTimeout

    tarpit = _Tarpit()
    settings.SEARCH = {
        **settings.SEARCH,
        "ELASTICSEARCH_URLS": [tarpit.url],
        "TIMEOUT": 0.5,
        "MAX_RETRIES": 2,
    }
    search_client.reset_client()
    try:
        began = time.monotonic()
        with pytest.raises(ConnectionTimeout):
            search_client.get_client().info()
        elapsed = time.monotonic() - began
        # One attempt plus two retries, each cut off by the configured timeout (the listener
        # thread may record the last connection a moment after the client gave up).
        assert tarpit.connections(at_least=3) == 3
        assert 1.4 <= elapsed < 10
    finally:
        search_client.reset_client()
        tarpit.close()


@pytest.mark.elasticsearch
def test_a_location_edit_outside_a_publish_reaches_both_stores(
    parent, django_capture_on_commit_callbacks
):
    """Background geocoding saves a location's coordinates without publishing the page."""
    from search.offers.engines import ElasticsearchEngine

    with django_capture_on_commit_callbacks(execute=True):
        page = OfferPageFactory(parent=parent, title="Babytreff", locations=[WINSEN])
    build_index()
    from offers_directory.models import OfferLocation

    # From the database, as the geocoding task loads it (the page's in-memory cluster may
    # hold children from before publishing).
    location = OfferLocation.objects.get(page_id=page.pk)
    with django_capture_on_commit_callbacks(execute=True):
        location.latitude, location.longitude = MUENCHEN.point
        location.save()
    near_munich = query({"lat": MUENCHEN.latitude, "lon": MUENCHEN.longitude, "radius_km": 5})
    near_winsen = query({"lat": WINSEN.latitude, "lon": WINSEN.longitude, "radius_km": 5})
    for engine in (ElasticsearchEngine(), DatabaseEngine()):
        assert [r["id"] for r in engine.search(parse_search_params(near_munich))["results"]] == [
            page.pk
        ], engine.name
        assert engine.search(parse_search_params(near_winsen))["count"] == 0, engine.name


@pytest.mark.embedded
def test_documents_built_with_worker_processes_are_the_serial_ones(parent):
    from tests.search.conftest import box_polygon

    _make(parent, 3)
    OfferPageFactory(
        parent=parent,
        title="Hebammenhilfe im Landkreis",
        locations=[WINSEN],
        service_areas=[
            {"name": "Landkreis", "extent": box_polygon(53.2, 10.0, 53.5, 10.4)},
            {"name": "Ohne Fläche"},
        ],
    )
    by_serial = list(indexing.iter_documents(processes=0))

    by_workers = list(indexing.iter_documents(batch_size=2, processes=2))

    assert by_workers == by_serial
    assert sum(bool(doc["area_cells"]) for doc in by_workers) == 4
    # The workers get plain shapes and run no SQL: the queries are the serial path's.
    assert _queries(lambda: list(indexing.iter_documents(batch_size=2, processes=2))) == (
        _queries(lambda: list(indexing.iter_documents(batch_size=2, processes=0)))
    )


@pytest.mark.embedded
def test_a_batch_of_new_offers_refreshes_the_entries_once_and_announces_each_page(
    parent, monkeypatch
):
    from wagtail.signals import page_published

    from publishing.page_creation import create_pages

    refreshed: list[list[int]] = []
    refresh = entries.refresh_entries
    monkeypatch.setattr(
        entries, "refresh_entries", lambda ids=None, **kw: refreshed.append(ids) or refresh(ids)
    )
    heard: list[int] = []

    def receiver(sender, instance, **kwargs):
        heard.append(instance.pk)

    pages = [
        OfferPageFactory.build(parent=None, title=f"Elterncafé {n}", locations=[WINSEN])
        for n in range(3)
    ]
    page_published.connect(receiver)
    try:
        create_pages(parent, pages)
    finally:
        page_published.disconnect(receiver)

    ids = [page.pk for page in pages]
    assert heard == ids
    assert refreshed == [ids]
    assert sorted(SearchEntry.objects.values_list("offer_id", flat=True)) == ids
