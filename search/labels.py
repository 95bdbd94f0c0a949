"""Facet labels (a category's name for its code, a region's title for its slug …) without a
database query per search.

Each vocabulary is loaded whole, once per UI language (labels are in the visitor's language:
the loader runs with that language active), and kept in the process; an edit of one of its models
(post_save/post_delete, and for pages Wagtail's page_published/page_unpublished: pages created
in a batch, publishing/page_creation.py, send only those) drops the copy and sets a new
generation token in Django's cache, so the other processes reload too when the cache is shared
(memcached, Redis), and within `SEARCH["LABELS_SECONDS"]` (300) otherwise."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Model
from django.db.models.signals import post_delete, post_save
from django.utils.translation import get_language

from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

Vocabulary = dict[str, dict[str, str]]
# Every Labels instance, for reset_all().
_ALL: list[Labels] = []


def reset_all() -> None:
    """Forget every loaded vocabulary (tests: each test's database has its own)."""
    for labels in _ALL:
        labels._data = {}


class Labels:
    """`labels.get()` → facet name → value → label in the active language, for one search's
    facets."""

    def __init__(
        self,
        name: str,
        load: Callable[[], Vocabulary],
        models: Callable[[], Iterable[type[Model]]],
    ) -> None:
        self.name = name
        self.load = load
        self.models = models
        self._data: dict[str, Vocabulary] = {}
        self._generation: Any = None
        self._expires = 0.0
        self._lock = threading.Lock()
        _ALL.append(self)

    @property
    def _key(self) -> str:
        return f"search:labels:{self.name}"

    def get(self) -> Mapping[str, Mapping[str, str]]:
        language = get_language() or settings.LANGUAGE_CODE
        generation = cache.get(self._key)
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
        cache.set(self._key, uuid.uuid4().hex, None)

    def connect(self) -> None:
        for model in self.models():
            uid = f"search_labels_{self.name}_{model._meta.label_lower}"
            post_save.connect(self.invalidate, sender=model, dispatch_uid=uid, weak=False)
            post_delete.connect(
                self.invalidate, sender=model, dispatch_uid=f"{uid}_del", weak=False
            )
            if issubclass(model, Page):
                for signal, suffix in ((page_published, "pub"), (page_unpublished, "unpub")):
                    signal.connect(
                        self.invalidate, sender=model, dispatch_uid=f"{uid}_{suffix}", weak=False
                    )
