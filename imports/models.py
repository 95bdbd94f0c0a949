"""An import started in the admin: the uploaded file and everything known about its run, kept
in the database so that nothing is lost when the worker restarts (the task re-reads the job
by its primary key, and a stopped job can be started again: imports are idempotent)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from home.fields import optional_link

# A queued or running job that has shown no sign of life for this long lost its worker (a
# restart or a crash): it may be started again. Progress is reported every batch of rows, far
# more often than this.
STALLED_AFTER = datetime.timedelta(minutes=15)


class ImportJob(models.Model):
    class Kind(models.TextChoices):
        OFFERS = "offers", _("Offers")
        NEWS = "news", _("Press releases")

    class Status(models.TextChoices):
        PREVIEW = "preview", _("Preview, waiting for confirmation")
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Running")
        DONE = "done", _("Finished")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    file_name = models.CharField(_("file name"), max_length=255)
    # The file itself, in the database rather than in MEDIA_ROOT: an offers file may name
    # protected contact persons (media files are public), and the worker may run on another
    # machine than the web server.
    file = models.BinaryField(_("file"))
    region = optional_link("home.RegionPage", _("region"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="import_jobs",
    )
    publish = models.BooleanField(_("publish"), default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PREVIEW
    )
    # Progress of the run: rows (offers) or items (press releases) done out of total.
    total = models.PositiveIntegerField(_("total"), default=0)
    done = models.PositiveIntegerField(_("done"), default=0)
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    # The dry run's and the import's report: {"rows": [...], "notes": [...], "summary": …}
    # (service.py), and the import's report as the command prints it.
    preview = models.JSONField(_("preview"), default=dict, blank=True)
    report = models.JSONField(_("report"), default=dict, blank=True)
    report_text = models.TextField(_("report as text"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # Last sign of life of the job: queued, started, or a batch of rows done.
    heartbeat_at = models.DateTimeField(_("last progress"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.file_name}"

    @property
    def in_progress(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def stalled(self) -> bool:
        """Queued or running, but nothing has happened for STALLED_AFTER: its worker is gone."""
        last = self.heartbeat_at or self.started_at or self.created_at
        return self.in_progress and last is not None and timezone.now() - last > STALLED_AFTER

    @property
    def percent(self) -> int:
        return min(100, self.done * 100 // self.total) if self.total else 0
