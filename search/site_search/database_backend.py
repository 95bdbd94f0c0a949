"""Wagtail's database page search (`wagtail.search.backends.database`), with one change on
PostgreSQL: a batch of pages is written to the index in one statement whose texts come as
JSON (one parameter per shape of row: how many texts each of its vectors has).

modelsearch's PostgreSQL index compiles a Django `SearchVector` expression for every text of
every page and sends each text, its weight and its configuration as parameters of their own.
For the 500 pages of an import batch that is thousands of expressions and placeholders, and
compiling them (and psycopg splitting the statement at each placeholder) cost more than
PostgreSQL spends writing the rows: about a tenth of an import. The rows are the same:
per text `setweight(to_tsvector(config, text), weight)`, joined with `||` in the same order,
the same plain texts for the fuzzy search, the same title norms
(tests/search/test_page_index_writer.py compares the rows both write).

Other databases get modelsearch's backend unchanged. Select it with
WAGTAILSEARCH_BACKENDS[…]["BACKEND"] = "search.site_search.database_backend".
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from django.db import connection

from modelsearch.backends import database
from modelsearch.backends.database.postgres.postgres import (
    IndexEntry,
    ObjectIndexer,
    PostgresIndex,
    PostgresSearchBackend,
)
from modelsearch.backends.database.postgres.weights import WEIGHTS
from modelsearch.index import AutocompleteField, SearchField
from modelsearch.utils import get_content_type_pk

# The parts of a row in the JSON parameter, in this order.
_ID, _TITLE_TEXT, _BODY_TEXT, _TITLE, _AUTOCOMPLETE, _BODY = range(6)
_WEIGHTS = frozenset(WEIGHTS)


def indexed_texts(indexer: ObjectIndexer) -> list[Any]:
    """One object's row: its id, the plain title and body texts, and the (text, weight)
    pairs of its title, autocomplete and body vectors, as ObjectIndexer's properties
    gather them (in one pass over the search fields instead of five)."""
    title: list[tuple[str, str]] = []
    autocomplete: list[tuple[str, str]] = []
    body: list[tuple[str, str]] = []
    for field in indexer.search_fields:
        for current, weight, value in indexer.prepare_field(indexer.obj, field):
            if isinstance(current, SearchField):
                (title if current.field_name == "title" else body).append((value, weight))
            elif isinstance(current, AutocompleteField):
                autocomplete.append((value, weight))

    def kept(texts: list[tuple[str, str]]) -> list[tuple[str, str]]:
        return [(text.strip(), weight) for text, weight in texts if text.strip()]

    title, autocomplete, body = kept(title), kept(autocomplete), kept(body)
    for _text, weight in (*title, *autocomplete, *body):
        if weight not in _WEIGHTS:
            raise ValueError(f"unknown search weight {weight!r}")
    return [
        indexer.id,
        " ".join(text for text, _weight in title),
        " ".join(text for text, _weight in body),
        title,
        autocomplete,
        body,
    ]


def _vector(part: int, count: int, config: str) -> str:
    """SQL of a row's vector: its `count` texts from the row's JSON `e`, each weighted."""
    if not count:
        return "''::tsvector"
    texts = (
        f'setweight(to_tsvector({config}e->{part}->{k}->>0), (e->{part}->{k}->>1)::"char")'
        for k in range(count)
    )
    return " || ".join(texts)


class BatchedPostgresIndex(PostgresIndex):
    def add_items(self, model: type, objs: list[Any]) -> None:
        if not model.get_search_fields():
            return
        rows = [indexed_texts(ObjectIndexer(obj, self.backend)) for obj in objs]
        if not rows:
            return
        # One SELECT per shape (how many texts each vector has), over its rows' JSON: each
        # row's JSON is read on its own (one large document read per text was quadratic).
        shapes: dict[tuple[int, int, int], list[list[Any]]] = defaultdict(list)
        for row in rows:
            shapes[len(row[_TITLE]), len(row[_AUTOCOMPLETE]), len(row[_BODY])].append(row)
        # modelsearch passes no configuration where none is set (the database's default).
        config = "d.c, " if self.backend.config else ""
        content_type = int(get_content_type_pk(model))
        selects = [
            f"SELECT {content_type}, e->>{_ID}, {_vector(_TITLE, titles, config)}, "
            f"{_vector(_AUTOCOMPLETE, autocompletes, 'd.a, ')}, "
            f"{_vector(_BODY, bodies, config)}, 1.0, e->>{_TITLE_TEXT}, e->>{_BODY_TEXT} "
            "FROM d, jsonb_array_elements(%s::jsonb) AS e"
            for titles, autocompletes, bodies in shapes
        ]
        table = IndexEntry._meta.db_table
        with self.write_connection.cursor() as cursor:
            cursor.execute(
                f"""
                WITH d(c, a) AS (SELECT %s::regconfig, %s::regconfig)
                INSERT INTO {table} (content_type_id, object_id, title, autocomplete, body,
                                     title_norm, title_text, body_text)
                {" UNION ALL ".join(selects)}
                ON CONFLICT (content_type_id, object_id)
                DO UPDATE SET title = EXCLUDED.title,
                              title_norm = 1.0,
                              autocomplete = EXCLUDED.autocomplete,
                              body = EXCLUDED.body,
                              title_text = EXCLUDED.title_text,
                              body_text = EXCLUDED.body_text
                """,
                [
                    self.backend.config,
                    self.backend.autocomplete_config,
                    *(json.dumps(group, ensure_ascii=False) for group in shapes.values()),
                ],
            )
        self._refresh_title_norms()


class BatchedPostgresSearchBackend(PostgresSearchBackend):
    index_class = BatchedPostgresIndex


def SearchBackend(params: dict[str, Any]) -> Any:  # noqa: N802 (Wagtail looks up this name)
    if connection.vendor == "postgresql":
        return BatchedPostgresSearchBackend(params)
    return database.SearchBackend(params)
