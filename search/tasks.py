"""Keeping the offer index right: the outbox and its processing.

enqueue() is called from signal handlers; it registers a transaction.on_commit callback, so
a rolled-back save enqueues nothing and the index never sees uncommitted data. The callback
writes outbox rows (search.models.IndexUpdate) and, unless SEARCH["PROCESS_ON_COMMIT"] is
False, tries to apply them at once; whatever fails stays in the outbox with a back-off and is
applied by `manage.py search_index --process-queue` (run it every minute, or `--loop`)."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from elasticsearch import ApiError, NotFoundError, TransportError, helpers

from publishing.after_commit import on_commit_batched

from .client import get_client
from .index_manager import all_indices, live_indices
from .indexing import iter_documents, refresh_entries
from .models import IndexUpdate

logger = logging.getLogger(__name__)

BACKOFF_BASE_SECONDS = 10
BACKOFF_MAX_SECONDS = 3600


def _config() -> dict[str, Any]:
    return getattr(settings, "SEARCH", None) or {}


def search_enabled() -> bool:
    return bool(_config().get("ELASTICSEARCH_URLS"))


def enqueue(offer_ids: Iterable[int], reason: str = "") -> None:
    """Queue offers for reindexing once the current transaction commits (nothing happens
    when it rolls back). Public entry point for other apps that change offers in ways
    Wagtail's page events do not cover. The offers queued during one transaction are
    refreshed together, by one after-commit job (an import's batch: once, not per offer)."""
    on_commit_batched(_write_and_process, offer_ids, reason)


def _write_and_process(ids: list[int], reason: str) -> None:
    reason = reason[:50]
    # The database engine's entries live in the same database: written right away, so the
    # fallback is current even while Elasticsearch is down. A failure here is healed by
    # the query-time check (missing or older entries) and by `search_index --fix`.
    try:
        refresh_entries(ids)
    except Exception:
        logger.warning("Database search entries not refreshed for %s", ids, exc_info=True)
    if not search_enabled():
        return
    IndexUpdate.objects.bulk_create([IndexUpdate(offer_id=i, reason=reason) for i in ids])
    if not _config().get("PROCESS_ON_COMMIT", True):
        return
    try:
        result = process_outbox(offer_ids=ids)
    except Exception:  # the rows stay queued; the editor's save must not fail
        logger.warning("Search index update deferred for offers %s", ids, exc_info=True)
        return
    if result.failed:
        logger.warning(
            "Search index update deferred for offers %s (queued for a retry): %s",
            ids,
            "; ".join(result.errors)[:500],
        )


def backoff(attempts: int) -> datetime.timedelta:
    return datetime.timedelta(seconds=min(BACKOFF_MAX_SECONDS, BACKOFF_BASE_SECONDS * 2**attempts))


@dataclass
class OutboxResult:
    indexed: int = 0
    deleted: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)


def process_outbox(
    limit: int = 500,
    *,
    offer_ids: Iterable[int] | None = None,
    include_not_due: bool = False,
) -> OutboxResult:
    """Apply queued updates: per offer, the newest queued row's id is the version written.
    Rows are deleted only after the index accepted the write (or a newer version)."""
    result = OutboxResult()
    queue = IndexUpdate.objects.all()
    if not include_not_due:
        queue = queue.filter(next_attempt_at__lte=timezone.now())
    if offer_ids is not None:
        queue = queue.filter(offer_id__in=list(offer_ids))
    pending = queue.values("offer_id").annotate(version=Max("id")).order_by("version")[:limit]
    versions = {row["offer_id"]: row["version"] for row in pending}
    if not versions:
        return result
    try:
        outcome = write_offers(versions)
    except (TransportError, ApiError) as error:
        _record_failure(versions, repr(error))
        result.failed = len(versions)
        result.errors.append(repr(error))
        return result
    succeeded = [i for i in versions if i not in outcome.failed_ids]
    for offer_id in succeeded:
        IndexUpdate.objects.filter(offer_id=offer_id, id__lte=versions[offer_id]).delete()
    if outcome.failed_ids:
        _record_failure({i: versions[i] for i in outcome.failed_ids}, "; ".join(outcome.errors))
    result.indexed, result.deleted = outcome.indexed, outcome.deleted
    result.failed = len(outcome.failed_ids)
    result.errors = outcome.errors
    return result


def _record_failure(versions: dict[int, int], error: str) -> None:
    now = timezone.now()
    for row in IndexUpdate.objects.filter(offer_id__in=list(versions)):
        row.attempts += 1
        row.next_attempt_at = now + backoff(row.attempts)
        row.last_error = error[:2000]
        row.save(update_fields=["attempts", "next_attempt_at", "last_error"])


@dataclass
class WriteOutcome:
    indexed: int = 0
    deleted: int = 0
    failed_ids: set[int] = field(default_factory=set)
    errors: list[str] = field(default_factory=list)


def write_offers(versions: dict[int, int]) -> WriteOutcome:
    """Write the current state of these offers (offer id → external version) into every
    physical offers index: a document when the offer is public, a delete otherwise."""
    targets = all_indices()
    outcome = WriteOutcome()
    if not live_indices():
        # Never built: a partial index would hide offers from searches (the database
        # answers until `search_index --rebuild`, which reads everything anyway).
        logger.info("No offer index yet; run `manage.py search_index --rebuild`.")
        return outcome
    docs = {doc["offer_id"]: doc for doc in iter_documents(versions.keys())}
    actions = []
    for offer_id, version in versions.items():
        for index in targets:
            base = {
                "_index": index,
                "_id": str(offer_id),
                "version": version,
                "version_type": "external",
            }
            if offer_id in docs:
                actions.append(
                    {**base, "_op_type": "index", "_source": {**docs[offer_id], "version": version}}
                )
            else:
                actions.append({**base, "_op_type": "delete"})
    for ok, info in helpers.streaming_bulk(
        get_client(), actions, raise_on_error=False, raise_on_exception=True
    ):
        op, detail = next(iter(info.items()))
        offer_id = int(detail["_id"])
        status = detail.get("status")
        # 409: the index already holds this or a newer version; 404: nothing to delete.
        if ok or status in (409, 404):
            if op == "delete":
                outcome.deleted += 1
            else:
                outcome.indexed += 1
            continue
        outcome.failed_ids.add(offer_id)
        outcome.errors.append(f"{offer_id}: {detail.get('error')}")
    get_client().indices.refresh(index=",".join(targets))
    return outcome


def current_version() -> int:
    """A fresh version from the outbox's sequence, newer than every change queued so far
    (rebuilds write with it; later changes get larger ids)."""
    marker = IndexUpdate.objects.create(offer_id=0, reason="version")
    IndexUpdate.objects.filter(pk=marker.pk).delete()
    return marker.pk


def reindex_now(offer_ids: Iterable[int], reason: str = "fix") -> OutboxResult:
    """Queue and apply immediately (used by `search_index --fix`)."""
    ids = sorted(set(offer_ids))
    if not ids:
        return OutboxResult()
    IndexUpdate.objects.bulk_create([IndexUpdate(offer_id=i, reason=reason) for i in ids])
    return process_outbox(limit=len(ids), offer_ids=ids, include_not_due=True)


__all__ = [
    "NotFoundError",
    "enqueue",
    "process_outbox",
    "reindex_now",
    "current_version",
]
