"""The benchmark harness (`python -m benchmarks`) on a tiny data set, so that it cannot rot:
its generator, both ways it loads offers, the rebuild measurement with the raw bulk of the
same documents, and one search request recorded and sent raw to Elasticsearch."""

from __future__ import annotations

import copy
import json
from typing import Any

from django.http import Http404
from django.test import RequestFactory

from wagtail.models import Page, PageLogEntry, ReferenceIndex

import pytest

from benchmarks import adapter, generate, measure, steps
from offers_directory.importers.hsds import schema_warning
from offers_directory.models import OfferPage

# Differ between any two pages by nature (identity, place in the tree, moments).
VOLATILE = {
    "pk", "id", "page", "page_ptr", "offer", "path", "url_path", "slug", "source_id",
    "translation_key", "latest_revision", "live_revision", "latest_revision_created_at",
    "first_published_at", "last_published_at",
}  # fmt: skip


def comparable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: comparable(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [comparable(item) for item in value]
    return value


def references(page: Page) -> set[tuple]:
    rows = ReferenceIndex.objects.filter(object_id=str(page.pk))
    return set(rows.values_list("to_content_type", "to_object_id", "model_path", "content_path"))


@pytest.mark.embedded
def test_generated_offers_follow_the_hsds_schema():
    """As another system's HSDS 3.1 export would: the measured import rate is not that of a
    file that draws a schema warning for every offer."""
    services = steps.without_some_coordinates(steps.generated_services(60))
    assert any(s.get("service_areas") for s in services)
    assert any(s.get("cost_options") for s in services)
    assert [schema_warning(s, "3.1") for s in services] == [None] * len(services)


@pytest.mark.django_db
@pytest.mark.embedded
def test_bulk_loaded_pages_equal_imported_ones(
    tmp_path, client, django_capture_on_commit_callbacks
):
    services = steps.generated_services(8)
    path = tmp_path / "offers.json"
    path.write_text(json.dumps(services, ensure_ascii=False), encoding="utf-8")
    with django_capture_on_commit_callbacks(execute=True):
        adapter.import_file(path)
    twins = copy.deepcopy(services)
    for service in twins:
        service["id"] += "-bulk"
        service.pop(generate.EXTENSION)  # HSDS has no field for these: not imported either
    adapter.bulk_load(twins, extension=generate.EXTENSION, batch=5)

    assert all(not problems for problems in Page.find_problems())
    for service in services:
        imported = OfferPage.objects.get(source_id=service["id"])
        bulk = OfferPage.objects.get(source_id=f"{service['id']}-bulk")
        bulk.full_clean()
        assert bulk.live and bulk.get_parent() == imported.get_parent()
        assert bulk.url_path == f"{imported.get_parent().url_path}{bulk.slug}/"
        assert comparable(bulk.serializable_data()) == comparable(imported.serializable_data())
        assert bulk.revisions.count() == 1
        assert comparable(bulk.live_revision.content) == comparable(imported.live_revision.content)
        assert bulk.latest_revision == bulk.live_revision
        actions = PageLogEntry.objects.filter(page__in=[imported, bulk]).values_list(
            "page", "action"
        )
        # A set: create_page logs "wagtail.create" twice (Page.save logs it on creation too).
        assert {a for p, a in actions if p == bulk.pk} == {
            a for p, a in actions if p == imported.pk
        }
        assert references(bulk) == references(imported) != set()
        assert client.get(bulk.url).status_code == 200


@pytest.mark.django_db
@pytest.mark.elasticsearch
def test_harness_loads_rebuilds_and_replays_a_search(tmp_path, elasticsearch_server, monkeypatch):
    services = steps.generated_services(30)
    assert services == steps.generated_services(30)  # seeded: every run measures the same

    loaded = steps.load(services, 10, tmp_path)
    assert (loaded.imported, loaded.bulk, adapter.live_offers()) == (10, 20, 30)

    rebuilt = steps.rebuild()
    assert rebuilt.offers == 30 and rebuilt.index_seconds > 0
    # Both load paths leave current entries: the rebuild sends every document as stored.
    assert (rebuilt.built, rebuilt.stored) == (0, 30)
    from_pages = steps.rebuild(from_pages=True)
    assert (from_pages.built, from_pages.stored) == (30, 0)
    raw = steps.raw_bulk(elasticsearch_server, rebuilt.requests)
    assert raw.docs == 30

    search = steps.capture(steps.QUERIES[0].url)
    assert search.status == 200 and search.data[adapter.ENGINE_FIELD] == "elasticsearch"
    assert search.data["count"] > 0
    _ms, answer = steps.replay(measure.Http(), elasticsearch_server, search.es)
    totals = [
        a["hits"]["total"]["value"] for a in steps.search_answers(answer) if "total" in a["hits"]
    ]
    assert totals == [search.data["count"]]

    # The floor view replays the same recorded requests and returns Elasticsearch's answer.
    measure.write_requests(tmp_path / "floor.json", {"finder": [], "text": search.es})
    monkeypatch.setenv("BENCHMARK_FLOOR_REQUESTS", str(tmp_path / "floor.json"))
    monkeypatch.setenv("ELASTICSEARCH_URL", elasticsearch_server)
    from benchmarks import floor

    floor._requests.cache_clear()
    floor._pool.cache_clear()
    try:
        response = floor.floor(RequestFactory().get("/floor/text/"), "text")
        answer = json.loads(response.content)
        replayed = steps.search_answers(response.content)
        assert [a["hits"]["total"]["value"] for a in replayed if "total" in a["hits"]] == totals
        assert "took" in answer
        with pytest.raises(Http404):
            floor.floor(RequestFactory().get("/floor/unknown/"), "unknown")
    finally:
        floor._requests.cache_clear()
        floor._pool.cache_clear()
