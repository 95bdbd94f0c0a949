"""The search outbox: offer ids whose index documents must be brought up to date.

Rows are written after the editor's transaction commits and processed by
`search_index --process-queue` (or right away, see search/tasks.py); a row stays until the
index write succeeded, so nothing is lost while Elasticsearch is down. The row id doubles as
the document's external version: a later change always gets a larger id, so a late write of
an older state can never overwrite a newer one."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class IndexUpdate(models.Model):
    offer_id = models.IntegerField(_("offer id"), db_index=True)
    reason = models.CharField(_("reason"), max_length=50, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now, db_index=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("search index update")
        verbose_name_plural = _("search index updates")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"offer {self.offer_id} ({self.reason or 'update'})"
