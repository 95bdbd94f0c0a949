"""Building the offer documents from stored work: the service areas' geohash cells read from
search.AreaCells instead of covered again (and computed again when an area's shape changed),
and `search_index --rebuild` building each document once for both stores."""

from __future__ import annotations

from django.forms.models import model_to_dict

import pytest

from home.factories import RegionPageFactory
from offers_directory.factories import WINSEN, OfferIndexPageFactory, OfferPageFactory
from offers_directory.models import OfferPage, OfferServiceArea
from search import geocells
from search.models import AreaCells, SearchEntry
from search.offers import entries, indexing
from tests.search.conftest import COUNTY_BOX, WINSEN_CIRCLE, box_polygon


@pytest.fixture
def parent(db):
    return OfferIndexPageFactory(
        parent=RegionPageFactory(title="Landkreis Zellen", slug="landkreis-zellen")
    )


@pytest.fixture
def offers(parent):
    circle, county = WINSEN_CIRCLE, COUNTY_BOX
    return [
        OfferPageFactory(
            parent=parent, title="Stillberatung im Kreis", service_areas=[county, circle]
        ),
        OfferPageFactory(parent=parent, title="Elterncafé", locations=[WINSEN]),
        OfferPageFactory(
            parent=parent, title="Familienpaten", locations=[WINSEN], service_areas=[circle]
        ),
    ]


def _computed_cells() -> dict[int, list[str]]:
    """Offer id → its areas' cells, covered afresh from the rows."""
    by_offer: dict[int, list] = {}
    for area in OfferServiceArea.objects.order_by("pk"):
        by_offer.setdefault(area.page_id, []).append(area)
    return {offer: geocells.area_cells(areas) for offer, areas in by_offer.items()}


def _cells_by_offer() -> dict[int, list[str]]:
    return {doc["offer_id"]: doc["area_cells"] for doc in indexing.iter_documents()}


def test_stored_cells_give_the_documents_computed_afresh(offers):
    AreaCells.objects.all().delete()

    first = list(indexing.iter_documents(processes=0))
    stored = AreaCells.objects.count()
    again = list(indexing.iter_documents(processes=0))

    assert stored == OfferServiceArea.objects.count() == 3
    assert again == first
    computed = _computed_cells()
    assert {doc["offer_id"]: doc["area_cells"] for doc in again} == {
        offer.pk: computed.get(offer.pk, []) for offer in offers
    }
    assert all(computed.values())


def test_cells_are_read_not_computed_when_stored(offers, monkeypatch):
    list(indexing.iter_documents(processes=0))
    covered: list[object] = []
    original = geocells.spec_cells
    monkeypatch.setattr(
        geocells, "spec_cells", lambda specs: covered.append(specs) or original(specs)
    )

    list(indexing.iter_documents(processes=0))

    assert covered == []


def test_a_changed_area_gets_its_cells_computed_again(offers):
    before = _cells_by_offer()
    area = OfferServiceArea.objects.get(page=offers[0], name="Kreisgebiet")
    area.extent = box_polygon(53.3, 10.1, 53.4, 10.2)
    area.save()

    after = _cells_by_offer()

    assert after[offers[0].pk] != before[offers[0].pk]
    assert after == {offer.pk: _computed_cells().get(offer.pk, []) for offer in offers}


def test_a_full_pass_drops_the_cells_of_areas_that_are_gone(offers):
    list(indexing.iter_documents())
    gone = OfferServiceArea.objects.get(page=offers[2]).pk
    OfferServiceArea.objects.filter(pk=gone).delete()
    assert AreaCells.objects.filter(area_id=gone).exists()

    list(indexing.iter_documents(ids=[offers[0].pk]))
    assert AreaCells.objects.filter(area_id=gone).exists()
    list(indexing.iter_documents())

    assert not AreaCells.objects.filter(area_id=gone).exists()
    assert AreaCells.objects.count() == 2


def _entries() -> dict[int, dict]:
    rows = SearchEntry.objects.order_by("offer_id")
    points = {
        entry.offer_id: sorted((p.latitude, p.longitude) for p in entry.point_rows.all())
        for entry in rows
    }
    return {
        entry.offer_id: {**model_to_dict(entry), "point_rows": points[entry.offer_id]}
        for entry in rows
    }


def test_one_pass_writes_the_entries_refresh_entries_writes(offers, parent):
    # An entry of an offer that is no longer public goes, as with refresh_entries.
    withdrawn = OfferPageFactory(parent=parent, title="Zurückgezogen", locations=[WINSEN])
    entries.refresh_entries()
    # Unpublished without any event (as by a database restore): only a rebuild notices.
    OfferPage.objects.filter(pk=withdrawn.pk).update(live=False)
    assert SearchEntry.objects.filter(offer_id=withdrawn.pk).exists()

    entries.refresh_entries()
    by_refresh = _entries()
    SearchEntry.objects.all().delete()
    written: list[int] = []
    docs = list(entries.rebuild_documents(written))

    assert written == [3]
    assert _entries() == by_refresh
    assert withdrawn.pk not in by_refresh
    assert docs == list(indexing.iter_documents())
