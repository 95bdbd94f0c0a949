"""`search_index --rebuild` sends the database engine's stored documents where they are
current and builds the others, against the real Elasticsearch: the same index either way,
nothing stale sent as current, and a failed refresh of an entry marked for rebuilding."""

from __future__ import annotations

import io

from django.core.management import call_command

import orjson
import pytest

from home.factories import RegionPageFactory
from offers_directory.factories import WINSEN, OfferIndexPageFactory, OfferPageFactory
from offers_directory.models import OfferPage
from search.client import get_client
from search.index import EncodedDocument
from search.models import AreaCells, SearchEntry
from search.offers import entries, indexing
from search.offers.index import offer_index
from tests.search.conftest import COUNTY_BOX, WINSEN_CIRCLE

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def parent(db):
    return OfferIndexPageFactory(
        parent=RegionPageFactory(title="Landkreis Wiederaufbau", slug="landkreis-wiederaufbau")
    )


@pytest.fixture
def offers(parent) -> dict[str, OfferPage]:
    made = {
        "areas": OfferPageFactory(
            parent=parent, title="Stillberatung im Kreis", service_areas=[COUNTY_BOX, WINSEN_CIRCLE]
        ),
        "plain": OfferPageFactory(parent=parent, title="Elterncafé", locations=[WINSEN]),
        "circle": OfferPageFactory(
            parent=parent, title="Familienpaten", locations=[WINSEN], service_areas=[WINSEN_CIRCLE]
        ),
        "old_release": OfferPageFactory(parent=parent, title="Babylotsin", locations=[WINSEN]),
        "changed_row": OfferPageFactory(parent=parent, title="Krabbelgruppe", locations=[WINSEN]),
        "no_entry": OfferPageFactory(parent=parent, title="Hebammensprechstunde"),
        "cells_gone": OfferPageFactory(
            parent=parent, title="Willkommensbesuch", service_areas=[WINSEN_CIRCLE]
        ),
    }
    entries.refresh_entries()
    return made


def rebuild(*options: str) -> str:
    out = io.StringIO()
    call_command("search_index", "--rebuild", *options, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def indexed() -> dict[int, dict]:
    client = get_client()
    client.indices.refresh(index=offer_index.alias())
    hits = client.search(index=offer_index.alias(), size=100, query={"match_all": {}})
    # The external version differs from rebuild to rebuild by design.
    return {
        int(hit["_id"]): {k: v for k, v in hit["_source"].items() if k != "version"}
        for hit in hits["hits"]["hits"]
    }


@pytest.mark.elasticsearch
def test_stored_documents_make_the_index_built_from_the_pages(offers, es_settings):
    out = rebuild()
    assert "0 documents built, 7 sent as stored" in out
    from_entries = indexed()

    out = rebuild("--from-pages")
    assert "7 documents built, 0 sent as stored" in out
    assert indexed() == from_entries
    # Title prefixes and the service areas' cells are put back into the stored documents.
    areas = from_entries[offers["areas"].pk]
    assert areas["area_cells"] and "st" in areas["title_prefixes"]


@pytest.mark.embedded
def test_stored_documents_without_areas_go_out_as_the_json_stored(offers):
    built = {doc["offer_id"]: doc for doc in indexing.iter_documents()}
    # Not a JSON object: built instead, as if it had no entry.
    SearchEntry.objects.filter(offer_id=offers["no_entry"].pk).update(document=[1])
    ids = sorted(page.pk for page in offers.values())

    current = entries._current_documents(ids)

    assert offers["no_entry"].pk not in current
    for name in ("plain", "old_release", "changed_row"):
        sent = current[offers[name].pk]
        assert isinstance(sent, EncodedDocument)
        # Decoded as Elasticsearch reads it, once the rebuild has added the version.
        assert orjson.loads(sent.opening + b',"version":7}') == {**built[sent.id], "version": 7}
    # With service areas: decoded, their stored cells and a new fingerprint put in.
    for name in ("areas", "circle", "cells_gone"):
        assert current[offers[name].pk] == built[offers[name].pk]


@pytest.mark.elasticsearch
def test_entries_that_are_not_current_are_built_and_rewritten(offers, es_settings):
    # A stored document with a region the offer is not in (as if it had moved) tells
    # which documents were sent as stored.
    stale_region = "landkreis-vorher"

    def outdate(name: str, **changes) -> None:
        entry = SearchEntry.objects.get(offer_id=offers[name].pk)
        entry.document = {**entry.document, "region": stale_region}
        for field, value in changes.items():
            setattr(entry, field, value)
        entry.save()

    # Sent as stored: the trust a current entry earns (every change rewrites it).
    outdate("plain")
    # Written by an earlier release (or marked after a failed refresh).
    outdate("old_release", builder="")
    # The offer's row changed behind the site's back: the stored title no longer agrees.
    outdate("changed_row")
    OfferPage.objects.filter(pk=offers["changed_row"].pk).update(title="Krabbelgruppe Nord")
    SearchEntry.objects.filter(offer_id=offers["no_entry"].pk).delete()
    # Its area's cells are not stored for the area's shape any more.
    outdate("cells_gone")
    AreaCells.objects.filter(area_id__in=offers["cells_gone"].service_areas.values("pk")).delete()

    out = rebuild()

    assert "4 documents built, 3 sent as stored" in out
    docs = indexed()
    regions = {name: docs[page.pk]["region"] for name, page in offers.items()}
    assert regions.pop("plain") == stale_region
    assert set(regions.values()) == {"landkreis-wiederaufbau"}
    assert docs[offers["changed_row"].pk]["title"] == "Krabbelgruppe Nord"
    assert docs[offers["cells_gone"].pk]["area_cells"]
    rebuilt = SearchEntry.objects.filter(
        offer_id__in=[
            offers[name].pk for name in ("old_release", "changed_row", "no_entry", "cells_gone")
        ]
    )
    assert len(rebuilt) == 4
    assert {e.builder for e in rebuilt} == {indexing.builder_version()}
    assert {e.document["region"] for e in rebuilt} == {"landkreis-wiederaufbau"}
    assert AreaCells.objects.filter(
        area_id__in=offers["cells_gone"].service_areas.values("pk")
    ).exists()


@pytest.mark.elasticsearch
def test_an_offer_no_longer_public_leaves_index_and_entries(offers, es_settings):
    OfferPage.objects.filter(pk=offers["plain"].pk).update(live=False)
    rebuild()
    assert offers["plain"].pk not in indexed()
    assert not SearchEntry.objects.filter(offer_id=offers["plain"].pk).exists()


@pytest.mark.embedded
def test_a_failed_refresh_marks_the_entry_for_rebuilding(parent, monkeypatch):
    page = OfferPageFactory(parent=parent, title="Elterncafé", locations=[WINSEN])
    entry = SearchEntry.objects.get(offer_id=page.pk)
    assert entry.builder == indexing.builder_version()
    assert page.pk not in entries.stale_entries()

    def fail(*args, **kwargs):
        raise RuntimeError("the entry could not be written")

    monkeypatch.setattr(entries, "refresh_entries", fail)
    page.title = "Elterncafé am Markt"
    page.save_revision().publish()

    entry.refresh_from_db()
    assert entry.builder == "" and entry.title == "Elterncafé"
    # --fix (daily) and a rebuild build it again.
    assert page.pk in entries.stale_entries()
    monkeypatch.undo()
    call_command("search_index", "--fix", stdout=io.StringIO())
    entry.refresh_from_db()
    assert (entry.builder, entry.title) == (indexing.builder_version(), "Elterncafé am Markt")


@pytest.mark.embedded
def test_the_builder_version_follows_the_settings_documents_read(settings):
    before = indexing.builder_version()
    indexing.builder_version.cache_clear()
    settings.SEARCH = {**settings.SEARCH, "OFFER_HINTS": "insights.hints.other_hook"}
    try:
        assert indexing.builder_version() != before
    finally:
        # The next call computes it with the settings restored after the test.
        indexing.builder_version.cache_clear()


@pytest.mark.elasticsearch
def test_an_index_lost_with_the_server_comes_back_from_the_stored_documents(offers, es_settings):
    rebuild()
    before = indexed()
    client = get_client()
    for name in offer_index.all_indices():
        client.indices.delete(index=name)
    # Marks the stored document: the one sent is the one stored.
    entry = SearchEntry.objects.get(offer_id=offers["plain"].pk)
    entry.document = {**entry.document, "region": "wie-gespeichert"}
    entry.save()

    # The queue worker finds the index missing and rebuilds it.
    call_command("search_index", "--process-queue", stdout=io.StringIO())

    after = indexed()
    assert after.pop(offers["plain"].pk)["region"] == "wie-gespeichert"
    assert after == {k: v for k, v in before.items() if k != offers["plain"].pk}
    assert SearchEntry.objects.filter(builder=indexing.builder_version()).count() == len(offers)
