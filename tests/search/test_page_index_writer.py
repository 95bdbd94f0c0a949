"""The database page search's batched writer on PostgreSQL
(search/site_search/database_backend.py) writes the rows modelsearch's own writer writes,
for every page type of the demo site with its offers."""

from __future__ import annotations

import re
from collections import defaultdict

from django.db.models import TextField
from django.db.models.functions import Cast

from wagtail.models import Page

import pytest
from modelsearch.backends.database.postgres.postgres import IndexEntry, PostgresSearchBackend
from modelsearch.index import class_is_indexed

from search.site_search import database_backend
from search.site_search.database_backend import BatchedPostgresSearchBackend

pytestmark = pytest.mark.django_db


def index_rows() -> list[tuple]:
    """Every row of the page index, its vectors as text, in a stable order."""
    rows = IndexEntry.objects.annotate(
        title_vector=Cast("title", TextField()),
        autocomplete_vector=Cast("autocomplete", TextField()),
        body_vector=Cast("body", TextField()),
    ).values_list(
        "content_type_id",
        "object_id",
        "title_vector",
        "autocomplete_vector",
        "body_vector",
        "title_norm",
        "title_text",
        "body_text",
    )
    return sorted(rows)


def write_twice(backend, pages_by_model) -> tuple[list[tuple], list[tuple]]:
    """The rows after writing every page into an empty index, and after writing them all
    again (as when they change: rows updated, their title norms recomputed)."""
    IndexEntry.objects.all().delete()
    written = []
    for _ in range(2):
        for model, pages in pages_by_model.items():
            backend.add_bulk(model, pages)
        written.append(index_rows())
    return written[0], written[1]


@pytest.mark.parametrize("params", [{}, {"SEARCH_CONFIG": "simple"}])
def test_batched_writer_writes_the_rows_modelsearch_writes(demo, demo_offers, params):
    pages_by_model: dict[type, list[Page]] = defaultdict(list)
    for page in Page.objects.filter(depth__gt=1).specific():
        if class_is_indexed(type(page)):
            pages_by_model[type(page)].append(page)
    kinds = {model.__name__ for model in pages_by_model}
    assert {"OfferPage", "OrganizationPage", "NewsPage", "RegionPage"} <= kinds, kinds

    batched = database_backend.SearchBackend(params)
    assert isinstance(batched, BatchedPostgresSearchBackend)
    expected, expected_again = write_twice(PostgresSearchBackend(params), pages_by_model)
    written, written_again = write_twice(batched, pages_by_model)
    assert len(written) == len(written_again) == sum(map(len, pages_by_model.values()))
    # Weighted vectors of several texts each, and pages without body text (an empty vector).
    assert any(re.search(r"'\w+':\d+B", row[2]) for row in written)  # titles weigh B
    assert any(row[4] == "" for row in written)
    assert written == expected
    assert written_again == expected_again
