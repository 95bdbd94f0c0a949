"""Model fields that the apps declare alike."""

from __future__ import annotations

from typing import Any

from django.db import models


def optional_link(
    to: type[models.Model] | str,
    verbose_name: Any,
    *,
    related_name: str = "+",
    one_to_one: bool = False,
    **options: Any,
) -> models.ForeignKey:
    """A link an editor may leave empty, emptied when what it points to is deleted: the object
    that named a page, an image, a group or a region outlives it."""
    field = models.OneToOneField if one_to_one else models.ForeignKey
    return field(
        to,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name=related_name,
        **options,
    )
