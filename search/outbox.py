"""Keeping every index right: the outbox and its processing, for all indices alike.

`enqueue(index, ids, reason)` is called from signal handlers when objects change:

1. Right away, inside the caller's transaction, the index's database copy is refreshed
   (`SearchIndex.refresh_database_copy`; the offer search's entries for the database engine),
   so it commits or rolls back with the change, and a query never has to repair it. A failure
   there is logged and rolled back to a savepoint: the editor's save never fails on search.
   A batch of new pages (publishing.page_creation, the importers' and the demo's path) sends
   its publish signals inside `batch()`, which refreshes once at its end.
2. After the commit (nothing happens when the transaction rolls back), when Elasticsearch is
   configured: outbox rows (search.models.IndexUpdate) are written for every id queued during
   the transaction, in one job per transaction and index, and, unless
   SEARCH["PROCESS_ON_COMMIT"] is False, applied at once, with the documents step 1 built
   from the same state (built again where a savepoint rolled back meanwhile restored an
   older copy, `_Kept`): an offer is built once per save. Whatever fails stays in the outbox
   with a back-off and is applied by `manage.py search_index --process-queue` (every minute,
   or `--loop`). Rows are deleted only after Elasticsearch confirmed the write.

An index that is missing (never built, or Elasticsearch restarted without its data) takes no
writes (SearchIndex.write raises IndexMissing): the rows wait, and the queue worker
(`process(rebuild_missing=True)`) rebuilds the index from the database, which then confirms
every row it covers. The editor's request never rebuilds. A server that does not answer is
retried within OUTAGE_RETRY_SECONDS, whatever the number of attempts, so the queue drains
soon after the server is back; only rows Elasticsearch itself refused back off further."""

from __future__ import annotations

import contextlib
import datetime
import logging
import threading
import weakref
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import reduce
from operator import or_
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from elasticsearch import ApiError, TransportError

from .after_commit import on_commit_batched
from .engine import elasticsearch_configured
from .index import IndexMissing
from .models import IndexUpdate

if TYPE_CHECKING:
    from .index import SearchIndex

logger = logging.getLogger(__name__)

BACKOFF_BASE_SECONDS = 10
BACKOFF_MAX_SECONDS = 3600
# The longest wait of a row after Elasticsearch did not answer (or had no index).
OUTAGE_RETRY_SECONDS = 30
REASON_CHARS = 50

# Every index the outbox serves, by name (filled by register()).
INDICES: dict[str, SearchIndex] = {}


def register(index: SearchIndex) -> SearchIndex:
    INDICES[index.name] = index
    return index


def _config() -> dict[str, Any]:
    return getattr(settings, "SEARCH", None) or {}


def _clean(ids: Iterable[Any]) -> list[int]:
    return sorted({int(i) for i in ids if i is not None})


# --- queueing ------------------------------------------------------------------------------


def enqueue(index: SearchIndex, ids: Iterable[Any], reason: str = "") -> None:
    """Queue objects of `index` for reindexing (see the module docstring). The public entry
    point for code that changes indexed objects in ways the signal handlers do not cover."""
    ids = _clean(ids)
    if not ids:
        return
    pending = _batches.get()
    if pending is not None:
        pending.setdefault(index.name, set()).update(ids)
    else:
        refresh_database_copy(index, ids)
    if elasticsearch_configured():
        _after_commit(index, ids, reason)


def refresh_database_copy(index: SearchIndex, ids: list[int]) -> None:
    # The documents built for the database copy go to Elasticsearch after the commit.
    keep = elasticsearch_configured() and _config().get("PROCESS_ON_COMMIT", True)
    try:
        with transaction.atomic():
            built = index.refresh_database_copy(ids, keep_documents=keep)
    except Exception:  # repaired by `search_index --fix`; the save must not fail
        logger.warning("Database copy of %s %s not refreshed", index.name, ids, exc_info=True)
        try:
            with transaction.atomic():
                index.distrust_database_copy(ids)
        except Exception:
            logger.warning("Database copy of %s %s not marked", index.name, ids, exc_info=True)
        return
    if keep:
        _kept.keep(index, ids, built)


class _Kept:
    """What the database copies' refreshes built during the current transaction, per
    connection and index, until the write after the commit takes it: the index keeps the
    documents that still show the committed state (`SearchIndex.committed_documents`) and
    the write builds the others."""

    def __init__(self) -> None:
        self._by_connection: weakref.WeakKeyDictionary[Any, dict[str, dict[int, Any]]] = (
            weakref.WeakKeyDictionary()
        )

    def keep(self, index: SearchIndex, ids: list[int], built: dict[int, Any]) -> None:
        """What was built for `ids` now; an id without it (no longer public) drops anything
        kept for it earlier in the transaction."""
        kept = self._by_connection.setdefault(transaction.get_connection(), {})
        kept = kept.setdefault(index.name, {})
        for object_id in ids:
            if object_id in built:
                kept[object_id] = built[object_id]
            else:
                kept.pop(object_id, None)

    def take(self, index: SearchIndex) -> dict[int, dict[str, Any]]:
        kept = self._by_connection.get(transaction.get_connection(), {}).pop(index.name, {})
        return index.committed_documents(kept) if kept else {}


_kept = _Kept()


class _Batches(threading.local):
    stack: list[dict[str, set[int]]]

    def __init__(self) -> None:
        self.stack = []

    def get(self) -> dict[str, set[int]] | None:
        return self.stack[-1] if self.stack else None


_batches = _Batches()


@contextlib.contextmanager
def batch() -> Iterator[None]:
    """Refresh the database copies of everything queued inside the block once, at its end
    (still inside the caller's transaction): for writers that change many objects at once."""
    pending: dict[str, set[int]] = {}
    _batches.stack.append(pending)
    try:
        yield
    finally:
        _batches.stack.pop()
    for name, ids in pending.items():
        enqueue_target = INDICES[name]
        if _batches.get() is not None:
            _batches.get().setdefault(name, set()).update(ids)  # type: ignore[union-attr]
        else:
            refresh_database_copy(enqueue_target, sorted(ids))


def _after_commit(index: SearchIndex, ids: list[int], reason: str) -> None:
    """Outbox rows for every id queued during the transaction, one job per index."""

    def write(batch: list[int], reasons: str) -> None:
        write_and_process(index, batch, reasons[:REASON_CHARS])

    on_commit_batched(write, ids, reason, key=("search outbox", index.name))


def write_and_process(index: SearchIndex, ids: list[int], reason: str = "") -> None:
    """Outbox rows for these ids, applied at once unless PROCESS_ON_COMMIT is False (with
    the documents built for the database copy in the transaction, where they were)."""
    built = _kept.take(index)
    IndexUpdate.objects.bulk_create(
        [IndexUpdate(index=index.name, object_id=i, reason=reason) for i in ids]
    )
    if not _config().get("PROCESS_ON_COMMIT", True):
        return
    try:
        result = process(index=index, ids=ids, built=built)
    except Exception:  # the rows stay queued; the editor's save must not fail
        logger.warning("Search index update deferred for %s %s", index.name, ids, exc_info=True)
        return
    if result.failed:
        logger.warning(
            "Search index update deferred for %s %s (queued for a retry): %s",
            index.name,
            ids,
            "; ".join(result.errors)[:500],
        )


# --- processing ----------------------------------------------------------------------------


def backoff(attempts: int, *, outage: bool = False) -> datetime.timedelta:
    seconds = min(BACKOFF_MAX_SECONDS, BACKOFF_BASE_SECONDS * 2**attempts)
    if outage:
        seconds = min(seconds, OUTAGE_RETRY_SECONDS)
    return datetime.timedelta(seconds=seconds)


@dataclass
class OutboxResult:
    indexed: int = 0
    deleted: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)
    # Indices rebuilt because they were missing, and indices missing that were not rebuilt.
    rebuilt: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def process(
    limit: int = 500,
    *,
    index: SearchIndex | None = None,
    ids: Iterable[int] | None = None,
    include_not_due: bool = False,
    rebuild_missing: bool = False,
    built: dict[int, dict[str, Any]] | None = None,
) -> OutboxResult:
    """Apply queued updates: per object, the newest queued row's id is the version written.
    Rows are deleted only after the index accepted the write (or a newer version). With
    `rebuild_missing` (the queue worker), every index in scope is rebuilt first when it is
    missing, and then all its rows are confirmed, due or not. `built`: documents of
    `index` built from the committed state already (write_and_process)."""
    result = OutboxResult()
    if rebuild_missing:
        _rebuild_missing([index] if index is not None else list(INDICES.values()), result)
    queue = IndexUpdate.objects.exclude(object_id=0)
    if not include_not_due:
        queue = queue.filter(Q(next_attempt_at__lte=timezone.now()) | Q(index__in=result.rebuilt))
    if index is not None:
        queue = queue.filter(index=index.name)
    if ids is not None:
        queue = queue.filter(object_id__in=list(ids))
    pending = (
        queue.values("index", "object_id").annotate(version=Max("id")).order_by("version")[:limit]
    )
    by_index: dict[str, dict[int, int]] = {}
    for row in pending:
        by_index.setdefault(row["index"], {})[row["object_id"]] = row["version"]
    for name, versions in by_index.items():
        target = INDICES.get(name)
        if target is None:
            logger.warning("Outbox rows for an unknown index %r are kept.", name)
            continue
        try:
            outcome = target.write(versions, built if target is index else None)
        except IndexMissing as error:
            logger.warning(
                "%s; %d updates wait for `manage.py search_index --process-queue`, which "
                "rebuilds it.",
                error,
                len(versions),
            )
            _record_failure(name, versions, str(error), outage=True)
            result.failed += len(versions)
            result.errors.append(str(error))
            if name not in result.missing:
                result.missing.append(name)
            continue
        except (TransportError, ApiError) as error:
            _record_failure(name, versions, repr(error), outage=True)
            result.failed += len(versions)
            result.errors.append(repr(error))
            continue
        succeeded = [i for i in versions if i not in outcome.failed_ids]
        if succeeded:
            done = reduce(or_, (Q(object_id=i, id__lte=versions[i]) for i in succeeded))
            IndexUpdate.objects.filter(done, index=name).delete()
        if outcome.failed_ids:
            failed = {i: versions[i] for i in outcome.failed_ids}
            _record_failure(name, failed, "; ".join(outcome.errors))
        result.indexed += outcome.indexed
        result.deleted += outcome.deleted
        result.failed += len(outcome.failed_ids)
        result.errors += outcome.errors
    return result


def _rebuild_missing(targets: list[SearchIndex], result: OutboxResult) -> None:
    for target in targets:
        try:
            rebuilt = target.ensure()
        except (TransportError, ApiError) as error:
            # The rows wait; a server that does not answer is reported by the writes too.
            result.errors.append(f"{target.name}: {error!r}")
            continue
        if rebuilt is None:
            continue
        result.rebuilt.append(target.name)
        if rebuilt.errors:
            result.errors += rebuilt.errors[:20]
        logger.warning(
            "The %s index was missing and is rebuilt: %d documents in %s.",
            target.name,
            rebuilt.written - len(rebuilt.errors),
            rebuilt.index,
        )


def _record_failure(
    name: str, versions: dict[int, int], error: str, *, outage: bool = False
) -> None:
    now = timezone.now()
    for row in IndexUpdate.objects.filter(index=name, object_id__in=list(versions)):
        row.attempts += 1
        row.next_attempt_at = now + backoff(row.attempts, outage=outage)
        row.last_error = error[:2000]
        row.save(update_fields=["attempts", "next_attempt_at", "last_error"])


def current_version() -> int:
    """A fresh version from the outbox's sequence, newer than every change queued so far
    (rebuilds write with it; later changes get larger ids)."""
    marker = IndexUpdate.objects.create(index="version", object_id=0, reason="version")
    IndexUpdate.objects.filter(pk=marker.pk).delete()
    return marker.pk


def reindex_now(index: SearchIndex, ids: Iterable[int], reason: str = "fix") -> OutboxResult:
    """Queue and apply immediately (`search_index --fix`)."""
    ids = _clean(ids)
    if not ids:
        return OutboxResult()
    IndexUpdate.objects.bulk_create(
        [IndexUpdate(index=index.name, object_id=i, reason=reason) for i in ids]
    )
    return process(limit=len(ids), index=index, ids=ids, include_not_due=True)
