"""Versioned offer indices behind an alias.

Physical indices are named `<prefix>offers_<timestamp>`; the alias `<prefix>offers` points
at the live one. A rebuild fills a new index while searches keep using the old one, then
moves the alias in one atomic `update_aliases` call and deletes the old index. Updates from
the outbox are written to every physical offers index, so one that arrives during a rebuild
reaches the new index as well (external versions decide which write wins)."""

from __future__ import annotations

import datetime
import sys
from collections.abc import Callable, Iterable
from typing import Any, TextIO

from elasticsearch import helpers

from .client import admin_client, get_client, index_name
from .documents import OFFERS, mapping


def alias_name() -> str:
    return index_name(OFFERS)


def new_index_name() -> str:
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d%H%M%S%f")
    return f"{alias_name()}_{stamp}"


def index_settings() -> dict[str, Any]:
    from django.conf import settings

    config = getattr(settings, "SEARCH", {}) or {}
    return {
        "number_of_shards": config.get("SHARDS", 1),
        "number_of_replicas": config.get("REPLICAS", 0),
        # Results beyond 10,000 are refused by the API anyway.
        "max_result_window": 10_000,
    }


def create_index(name: str | None = None) -> str:
    name = name or new_index_name()
    admin_client().indices.create(index=name, settings=index_settings(), mappings=mapping())
    return name


def live_indices() -> list[str]:
    """Physical indices the alias points at."""
    client = get_client()
    if not client.indices.exists_alias(name=alias_name()):
        return []
    return sorted(client.indices.get_alias(name=alias_name()))


def all_indices() -> list[str]:
    """Every physical offers index (live and any being built)."""
    client = get_client()
    found = client.indices.get(index=f"{alias_name()}_*", expand_wildcards="open")
    return sorted(found)


def ensure_index() -> str:
    """The alias exists (an empty index behind it is created on first use)."""
    current = live_indices()
    if current:
        return current[0]
    name = create_index()
    admin_client().indices.update_aliases(actions=[{"add": {"index": name, "alias": alias_name()}}])
    return name


def swap_alias(new_index: str) -> list[str]:
    """Point the alias at new_index atomically; returns the indices it left."""
    old = live_indices()
    actions: list[dict[str, Any]] = [{"remove": {"index": i, "alias": alias_name()}} for i in old]
    actions.append({"add": {"index": new_index, "alias": alias_name()}})
    admin_client().indices.update_aliases(actions=actions)
    return [i for i in old if i != new_index]


def bulk_actions(index: str, docs: Iterable[dict[str, Any]], version: int) -> Iterable[dict]:
    for doc in docs:
        yield {
            "_op_type": "index",
            "_index": index,
            "_id": str(doc["offer_id"]),
            "version": version,
            "version_type": "external_gte",
            "_source": {**doc, "version": version},
        }


def rebuild(
    docs: Iterable[dict[str, Any]],
    total: int,
    version: int,
    progress: Callable[[int, int], None] | None = None,
    before_swap: Callable[[str], None] | None = None,
) -> tuple[str, int, list[str]]:
    """Build a new index from docs and swap the alias to it. Returns (index, count, errors)."""
    client = admin_client()
    name = create_index()
    done = 0
    errors: list[str] = []
    for ok, info in helpers.streaming_bulk(
        client,
        bulk_actions(name, docs, version),
        chunk_size=200,
        raise_on_error=False,
        max_retries=3,
    ):
        done += 1
        if not ok:
            result = next(iter(info.values()))
            # A version conflict means an outbox update already wrote newer data.
            if result.get("status") != 409:
                errors.append(str(result.get("error")))
        if progress:
            progress(done, total)
    client.indices.refresh(index=name)
    if before_swap:
        before_swap(name)
    for old in swap_alias(name):
        client.indices.delete(index=old)
    return name, done, errors


def delete_all() -> None:
    client = admin_client()
    names = all_indices()
    if names:
        client.indices.delete(index=",".join(names))


class ProgressBar:
    """A plain text progress bar for management commands (no extra dependency)."""

    def __init__(self, stream: TextIO | None = None, width: int = 30, label: str = "") -> None:
        self.stream = stream or sys.stderr
        self.width = width
        self.label = label

    def __call__(self, done: int, total: int) -> None:
        total = max(total, 1)
        if done != total and done % 50:
            return
        filled = int(self.width * min(done, total) / total)
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\r{self.label}[{bar}] {done}/{total}")
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()
