"""Data every page view needs and few edits change (facet labels, the site's menu, its
footer settings), kept in the process instead of asked from the database on every request.

A copy is loaded whole, once per UI language (labels are in the visitor's language: the
loader runs with that language active), and kept in the process; an edit of one of its models
(post_save/post_delete, and for pages Wagtail's page_published/page_unpublished and
post_page_move: pages created in a batch, publishing/page_creation.py, send only
page_published) drops the copy and sets a new generation token in Django's cache, so the other
processes reload too when the cache is shared (memcached, Redis, or files with
`CACHE_DIR` for the workers of one machine), and within `SEARCH["LABELS_SECONDS"]` (300)
otherwise."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Iterable
from typing import Any, Generic, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db.models import Model
from django.db.models.signals import post_delete, post_save
from django.utils.translation import get_language

from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

Data = TypeVar("Data")
# Every ProcessCopy, for reset_all().
_ALL: list[ProcessCopy] = []


def reset_all() -> None:
    """Forget every loaded copy (tests: each test's database has its own)."""
    for copy in _ALL:
        copy._data = {}


class ProcessCopy(Generic[Data]):
    """`copy.get()` → what `load` returned in the active language, loaded again after an edit
    of one of `models`."""

    def __init__(
        self,
        name: str,
        load: Callable[[], Data],
        models: Callable[[], Iterable[type[Model]]],
    ) -> None:
        self.name = name
        self.load = load
        self.models = models
        self._data: dict[str, Data] = {}
        self._generation: Any = None
        self._expires = 0.0
        self._lock = threading.Lock()
        _ALL.append(self)

    @property
    def generation_key(self) -> str:
        """Where Django's cache holds the generation token the processes compare."""
        return f"process_copy:{self.name}"

    def get(self) -> Data:
        language = get_language() or settings.LANGUAGE_CODE
        generation = cache.get(self.generation_key)
        data = self._data.get(language)
        if data is None or generation != self._generation or time.monotonic() > self._expires:
            with self._lock:
                if generation != self._generation or time.monotonic() > self._expires:
                    self._data = {}
                data = self._data[language] = self.load()
                self._generation = generation
                seconds = (getattr(settings, "SEARCH", None) or {}).get("LABELS_SECONDS", 300)
                self._expires = time.monotonic() + seconds
        return data

    def invalidate(self, **_signal: Any) -> None:
        self._data = {}
        # A new token, not a counter: no read-modify-write race between processes.
        cache.set(self.generation_key, uuid.uuid4().hex, None)

    def connect(self) -> None:
        for model in self.models():
            uid = f"process_copy_{self.name}_{model._meta.label_lower}"
            post_save.connect(self.invalidate, sender=model, dispatch_uid=uid, weak=False)
            post_delete.connect(
                self.invalidate, sender=model, dispatch_uid=f"{uid}_del", weak=False
            )
            if issubclass(model, Page):
                for signal, suffix in (
                    (page_published, "pub"),
                    (page_unpublished, "unpub"),
                    (post_page_move, "move"),
                ):
                    signal.connect(
                        self.invalidate, sender=model, dispatch_uid=f"{uid}_{suffix}", weak=False
                    )
