"""Regenerating the stored PDFs in the background: a long region booklet takes seconds per
language (text layout and a QR code per offer), too long for the editor's request with five
languages. With TASKS_BACKEND=immediate (quick start, tests) the task runs right after the
request's commit; in production the `db_worker` runs it."""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import Http404

from django_tasks import task

from offers_directory.printing import LANGUAGES

from .sources import source_for_key, store_edition

logger = logging.getLogger(__name__)


@task()
def regenerate_edition(key: str, lang: str, user_id: int | None = None) -> dict[str, Any]:
    """Store a fresh PDF of the booklet `key` in `lang` (objects re-read by key and id)."""
    try:
        source = source_for_key(key)
    except Http404:
        logger.warning("Booklet %s no longer exists; its edition was not regenerated.", key)
        return {"key": key, "language": lang, "offers": None}
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    edition = store_edition(source, lang, user)
    return {"key": key, "language": lang, "offers": edition.offer_count}


def enqueue_regeneration(key: str, user_id: int | None) -> None:
    """One task per language, queued once the request's transaction commits."""
    for lang in LANGUAGES:
        transaction.on_commit(
            lambda lang=lang: regenerate_edition.enqueue(key, lang, user_id), robust=True
        )
