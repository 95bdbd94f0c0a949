"""Admin views: the list of the user's imports, the upload (which runs the dry run), the job
page (preview with the confirm button, progress while it runs, the report at the end) and
the job's status as JSON for the progress page's script."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import service
from .forms import UploadForm
from .models import ImportJob
from .permissions import importable_kinds, may_import, may_view

TITLES = {
    ImportJob.Kind.OFFERS: lambda: _("Import offers"),
    ImportJob.Kind.NEWS: lambda: _("Import press releases"),
}


def index(request: HttpRequest) -> HttpResponse:
    kinds = importable_kinds(request.user)
    if not kinds:
        raise PermissionDenied
    jobs = ImportJob.objects.select_related("region", "user")
    if not request.user.is_superuser:
        jobs = jobs.filter(user=request.user)
    return TemplateResponse(
        request,
        "imports/index.html",
        {
            "page_title": _("Imports"),
            "jobs": jobs[:50],
            "kinds": [(kind, TITLES[kind]()) for kind in kinds],
        },
    )


def upload(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in ImportJob.Kind.values:
        raise Http404
    if kind not in importable_kinds(request.user):
        raise PermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None, kind=kind, user=request.user)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = ImportJob.objects.create(
            kind=kind,
            file_name=upload.name[:255],
            file=upload.read(),
            region=form.cleaned_data["region"],
            user=request.user,
            publish=form.cleaned_data["publish"],
        )
        service.preview(job)
        return redirect("imports:job", job.pk)
    return TemplateResponse(
        request,
        "imports/upload.html",
        {"page_title": TITLES[kind](), "form": form, "kind": kind},
    )


def _job(request: HttpRequest, pk: int) -> ImportJob:
    job = get_object_or_404(ImportJob.objects.select_related("region", "user"), pk=pk)
    if not may_view(request.user, job):
        raise PermissionDenied
    return job


def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    finished = job.status in (ImportJob.Status.DONE, ImportJob.Status.FAILED) and job.started_at
    result = job.report if finished else job.preview
    progress = _("%(status)s: %(done)s of %(total)s done.")
    return TemplateResponse(
        request,
        "imports/job.html",
        {
            "page_title": str(job),
            "job": job,
            "result": result,
            "is_preview": not finished,
            "status_url": reverse("imports:status", args=[job.pk]),
            "progress_template": progress,
            "progress_line": progress
            % {"status": job.get_status_display(), "done": job.done, "total": job.total},
        },
    )


@require_POST
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    # A preview is confirmed once; a job that failed or stalled (its worker was restarted or
    # crashed) may be started again: the import is idempotent.
    restartable = job.status in (ImportJob.Status.PREVIEW, ImportJob.Status.FAILED) or job.stalled
    if not restartable or job.preview.get("error"):
        return redirect("imports:job", job.pk)
    if not may_import(request.user, job.kind, job.region):
        raise PermissionDenied
    service.start(job)
    return redirect("imports:job", job.pk)


def status(request: HttpRequest, pk: int) -> JsonResponse:
    job = _job(request, pk)
    return JsonResponse(
        {
            "status": job.status,
            "status_label": job.get_status_display(),
            "done": job.done,
            "total": job.total,
            "percent": job.percent,
            "counts": job.counts,
            "finished": not job.in_progress and job.status != ImportJob.Status.PREVIEW,
            "stalled": job.stalled,
        }
    )
