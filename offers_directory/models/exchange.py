"""What offers and providers carry because they are exchanged with other systems: the
identifier an HSDS import or export knows them by, and where they came from."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page


def source_id_field(help_text: str = "") -> models.CharField:
    """The identifier other systems know an object by (HSDS `id`). Unique, so a record without
    one stores NULL, never an empty string (the models' save() sees to it)."""
    return models.CharField(
        _("source id"), max_length=255, unique=True, null=True, blank=True, help_text=help_text
    )


class ExchangedRecord(models.Model):
    """A record other systems know by its `source_id` (a taxonomy, a term): the subclass
    declares the field, with its own help text."""

    source_id: str | None

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        # An empty string would collide with the next empty one on the unique column.
        self.source_id = self.source_id or None
        super().save(*args, **kwargs)


class ExchangedPage(Page):
    """A page other systems know by its `source_id`."""

    source_id = source_id_field(_("Identifier in an exchange format (HSDS `id`); set by imports."))
    source_system = models.CharField(_("source system"), max_length=100, blank=True)

    settings_panels = Page.settings_panels + [
        MultiFieldPanel(
            [FieldPanel("source_id"), FieldPanel("source_system")], heading=_("Data exchange")
        )
    ]
    # A copy is a new object for the other systems too.
    exclude_fields_in_copy = ["source_id"]

    class Meta:
        abstract = True

    def prepare_for_save(self) -> None:
        """What every save adjusts (publishing.page_creation calls it for new pages too)."""
        # An empty string would collide with the next empty one on the unique column.
        self.source_id = self.source_id or None

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.prepare_for_save()
        super().save(*args, **kwargs)
