"""The import of a confirmed job, in the project's task backend (TASKS_BACKEND): with
`immediate` right after the confirming request commits, with `database` in `db_worker`."""

from __future__ import annotations

import logging

from django.utils import timezone

from django_tasks import task

from .models import ImportJob

logger = logging.getLogger(__name__)


@task()
def run_import_job(job_id: int) -> None:
    from . import service

    # Re-read by primary key: the job may have been deleted or already run meanwhile.
    job = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.QUEUED).first()
    if job is None:
        logger.warning("Import job %s is not waiting to run; nothing to do.", job_id)
        return
    try:
        service.run(job)
    except Exception as error:
        logger.exception("Import job %s failed", job_id)
        ImportJob.objects.filter(pk=job_id).update(
            status=ImportJob.Status.FAILED,
            report_text=f"{type(error).__name__}: {error}",
            finished_at=timezone.now(),
        )
        raise
