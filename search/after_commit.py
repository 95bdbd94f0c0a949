"""Work batched per transaction: `on_commit_batched(action, ids, reason)` runs
`action(ids, reasons)` once after the current transaction commits, with the ids of every call
made for that action (or `key`) during the transaction, and their distinct reasons joined by
commas. An import that publishes fifty pages in one transaction then writes the search
outbox once per index and schedules geocoding once, not fifty times each.

Each call registers its job again, so every savepoint keeps one: a rolled-back savepoint
drops its registration, and the others still run the action (once, at the first of them).
Ids of a rolled-back savepoint may still be passed along; the actions re-read the committed
state by id, so that does no harm. Outside a transaction the action runs at once.

It lives in search/ because search/ imports no project app; the offer directory's geocoding
uses it too."""

from __future__ import annotations

import weakref
from collections.abc import Callable, Hashable, Iterable
from typing import Any

from django.db import transaction

Action = Callable[[list[int], str], Any]


def on_commit_batched(
    action: Action,
    ids: Iterable[Any],
    reason: str = "",
    *,
    key: Hashable = None,
    using: str | None = None,
) -> None:
    """`key` names the batch when `action` is made anew for each call (a closure); the
    transaction's first call's action runs for all of them."""
    ids = {int(i) for i in ids if i is not None}
    if not ids:
        return
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        action(sorted(ids), reason)
        return
    jobs = _pending.setdefault(connection, {})
    key = action if key is None else key
    job = jobs.get(key)
    if job is None or job.done or not job.is_registered(connection):
        # The transaction's first call, or its job went with a rolled-back savepoint.
        job = jobs[key] = _Job(action)
    job.ids |= ids
    job.reasons.setdefault(reason)
    transaction.on_commit(job, using=using)


class _Job:
    def __init__(self, action: Action) -> None:
        self.action = action
        self.ids: set[int] = set()
        self.reasons: dict[str, None] = {}
        self.done = False

    def is_registered(self, connection: Any) -> bool:
        return any(callback is self for _sids, callback, _robust in connection.run_on_commit)

    def __call__(self) -> None:
        if not self.done:
            self.done = True
            self.action(sorted(self.ids), ",".join(r for r in self.reasons if r))


# The open jobs per database connection (each thread has its own connection objects).
_pending: weakref.WeakKeyDictionary[Any, dict[Hashable, _Job]] = weakref.WeakKeyDictionary()
