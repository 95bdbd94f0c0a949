"""The admin's imports on the importers the commands use: `import_offers` and the admin both
call `offers_directory.importers.run_import`, `import_news` and the admin both run
`news.importer.NewsImporter`, so a file gives the same result and the same report either way.

A job is first run as a dry run (`preview`, in the upload's request: nothing is written,
the offers' dry run rolls its transaction back), then, once the user confirms, for real by a
background task (`start` → tasks.run_import_job → `run`), which records its progress on the
job as it goes. Both store the report as rows of one table (`Result`): per offer or press
release what was (or would be) created, updated, left unchanged or skipped, and why."""

from __future__ import annotations

import datetime
import io
import os
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from news.importer import ItemResult, NewsImporter
from offers_directory.importers import ImportReport, UnusableInput, run_import

from .models import ImportJob
from .permissions import may_change_offer, may_import

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
# What a press archive (zip) may unpack to; more is refused rather than filling the disk.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_ARCHIVE_MEMBERS = 5000
OFFER_SUFFIXES = (".csv", ".xlsx", ".json")
NEWS_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".rss", ".atom", ".xml", ".zip")

# The importers' outcomes in the table's words.
OFFER_OUTCOMES = {
    "imported": "created",
    "updated": "updated",
    "unchanged": "unchanged",
    "rejected": "rejected",
}
NEWS_OUTCOMES = {"imported": "created", "skipped": "skipped", "failed": "rejected"}


class UnusableFile(Exception):
    """The file cannot be imported at all; the message says why (in German)."""


@dataclass
class Row:
    label: str
    outcome: str  # "created", "updated", "unchanged", "skipped", "rejected" or "" (a note)
    title: str = ""
    messages: list[dict[str, str]] = field(default_factory=list)  # {"level", "text"}


@dataclass
class Result:
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    summary: str = ""
    text: str = ""
    error: str = ""

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(("created", "updated", "unchanged", "skipped", "rejected"), 0)
        for row in self.rows:
            if row.outcome in counts:
                counts[row.outcome] += 1
        return counts

    def as_json(self) -> dict[str, Any]:
        return {
            "rows": [asdict(row) for row in self.rows],
            "notes": self.notes,
            "summary": self.summary,
            "counts": self.counts(),
            "error": self.error,
        }


Progress = Callable[[int, int, dict[str, int]], None]


# --- the job's life ----------------------------------------------------------------------------


def check_upload(kind: str, name: str, size: int) -> None:
    """Raises UnusableFile for a file the importer of this kind does not read."""
    suffixes = NEWS_SUFFIXES if kind == ImportJob.Kind.NEWS else OFFER_SUFFIXES
    if Path(name).suffix.lower() not in suffixes:
        raise UnusableFile(
            _("The file type %(suffix)s cannot be imported here. Allowed: %(allowed)s.")
            % {"suffix": Path(name).suffix or "–", "allowed": ", ".join(suffixes)}
        )
    if size > MAX_UPLOAD_BYTES:
        raise UnusableFile(
            _("The file is larger than %(size)d MB.") % {"size": MAX_UPLOAD_BYTES // 2**20}
        )


def preview(job: ImportJob) -> ImportJob:
    """The dry run: the report of what the import would do, stored on the job."""
    if not may_import(job.user, job.kind, job.region):
        return _fail(job, _("You may not import into this region."), dry_run=True)
    try:
        result = _import(job, dry_run=True)
    except UnusableFile as error:
        return _fail(job, str(error), dry_run=True)
    job.preview = result.as_json()
    job.total = len([row for row in result.rows if row.outcome])
    job.status = ImportJob.Status.PREVIEW
    job.save()
    return job


def start(job: ImportJob) -> None:
    """Queue the import (after the confirming request commits, so the worker finds the job)."""
    from .tasks import run_import_job

    job.status = ImportJob.Status.QUEUED
    job.done = 0
    job.heartbeat_at = timezone.now()
    job.save(update_fields=["status", "done", "heartbeat_at"])
    transaction.on_commit(lambda: run_import_job.enqueue(job.pk))


def run(job: ImportJob) -> ImportJob:
    """The import itself (the background task). The user's permissions are checked again:
    they may have changed since the preview."""
    job.status = ImportJob.Status.RUNNING
    job.started_at = job.heartbeat_at = timezone.now()
    job.save(update_fields=["status", "started_at", "heartbeat_at"])
    if not may_import(job.user, job.kind, job.region):
        return _fail(job, _("You may not import into this region."))

    def progress(done: int, total: int, counts: dict[str, int]) -> None:
        ImportJob.objects.filter(pk=job.pk).update(
            done=done, total=total, counts=counts, heartbeat_at=timezone.now()
        )

    try:
        result = _import(job, dry_run=False, progress=progress)
    except UnusableFile as error:
        return _fail(job, str(error))
    job.refresh_from_db(fields=["total"])
    job.report = result.as_json()
    job.report_text = result.text
    job.counts = result.counts()
    job.done = job.total = max(job.total, len([row for row in result.rows if row.outcome]))
    job.status = ImportJob.Status.DONE
    job.finished_at = timezone.now()
    job.save()
    return job


def _fail(job: ImportJob, message: str, *, dry_run: bool = False) -> ImportJob:
    result = Result(error=message, text=message).as_json()
    if dry_run:
        job.preview = result
    else:
        job.report, job.report_text = result, message
        job.finished_at = timezone.now()
    job.status = ImportJob.Status.FAILED
    job.save()
    return job


def _import(job: ImportJob, *, dry_run: bool, progress: Progress | None = None) -> Result:
    with _unpacked(job) as paths:
        if job.kind == ImportJob.Kind.NEWS:
            return _import_news(job, paths, dry_run=dry_run, progress=progress)
        return _import_offers(job, paths[0], dry_run=dry_run, progress=progress)


# --- offers ------------------------------------------------------------------------------------


def _import_offers(
    job: ImportJob, path: Path, *, dry_run: bool, progress: Progress | None
) -> Result:
    stream = io.StringIO()

    def on_batch(report: ImportReport, done: int, total: int) -> None:
        if progress is not None:
            progress(done, total, _offer_counts(report))

    try:
        report = run_import(
            path,
            region=job.region,
            dry_run=dry_run,
            draft=not job.publish,
            stream=stream,
            progress=False,
            on_batch=None if dry_run else on_batch,
            may_change=lambda page: may_change_offer(job.user, page),
        )
    except UnusableInput as error:
        raise UnusableFile(str(error)) from error
    rows = [
        Row(
            label=label,
            outcome=OFFER_OUTCOMES.get(outcome, ""),
            title=report.titles.get(label, ""),
            messages=[
                {"level": "error" if m.level == "rejected" else "warning", "text": m.text}
                for m in messages
            ],
        )
        for label, outcome, messages in report.rows()
    ]
    summary = report.summary(dry_run=dry_run)
    text = _without_folder(stream.getvalue() + summary + "\n", path.parent)
    notes = [_without_folder(note, path.parent) for note in report.notes]
    return Result(rows=rows, notes=notes, summary=summary, text=text)


def _offer_counts(report: ImportReport) -> dict[str, int]:
    counts = report.counts
    return {
        "created": counts["imported"],
        "updated": counts["updated"],
        "unchanged": counts["unchanged"],
        "skipped": 0,
        "rejected": counts["rejected"],
    }


# --- press releases --------------------------------------------------------------------------


def _import_news(
    job: ImportJob, paths: list[Path], *, dry_run: bool, progress: Progress | None
) -> Result:
    folder = paths[0] if paths[0].is_dir() else paths[0].parent
    lines: list[str] = []
    counts = dict.fromkeys(("created", "updated", "unchanged", "skipped", "rejected"), 0)

    def record(item: ItemResult) -> None:
        lines.append(_without_folder(item.line(len(lines) + 1), folder))
        counts[NEWS_OUTCOMES[item.status]] += 1
        if progress is not None:
            progress(len(lines), max(job.total, len(lines)), counts)

    importer = NewsImporter(region=job.region, dry_run=dry_run, report=record, publish=job.publish)
    if importer.default_index is None and job.region is None:
        raise UnusableFile(_("There is no news listing to import into."))
    report = importer.run(paths)
    if report.files == 0:
        raise UnusableFile(_("The archive contains no text, Markdown, HTML or feed files."))
    summary = report.summary(dry_run=dry_run, publish=job.publish)
    rows = [_news_row(item, folder) for item in report.results]
    return Result(rows=rows, summary=summary, text="\n".join([*lines, summary]) + "\n")


def _news_row(item: ItemResult, folder: Path) -> Row:
    messages = []
    if item.status == "skipped" and item.page is not None:
        state = _("published") if item.page.live else _("draft")
        messages.append(
            {
                "level": "info",
                "text": _("Already on the site: “%(title)s” (%(state)s).")
                % {"title": item.page.title, "state": state},
            }
        )
    elif item.status == "failed":
        messages.append({"level": "error", "text": _without_folder(item.message, folder)})
    details = item.details()
    if details:
        messages.append({"level": "info", "text": details})
    return Row(
        label=_without_folder(item.source, folder),
        outcome=NEWS_OUTCOMES[item.status],
        title=item.title,
        messages=messages,
    )


# --- the uploaded file on disk ------------------------------------------------------------------


@contextmanager
def _unpacked(job: ImportJob) -> Iterator[list[Path]]:
    """The job's file in a temporary folder under its own name (the importers read paths and
    tell formats by suffix); a zip archive unpacked there instead."""
    with tempfile.TemporaryDirectory(prefix="import-") as tmp:
        folder = Path(tmp)
        name = PurePosixPath(job.file_name.replace("\\", "/")).name or "import"
        data = bytes(job.file)
        if name.lower().endswith(".zip"):
            yield [_unzip(data, folder / "archiv")]
        else:
            path = folder / name
            path.write_bytes(data)
            yield [path]


def _unzip(data: bytes, folder: Path) -> Path:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        raise UnusableFile(_("The file is not a readable zip archive.")) from error
    folder.mkdir()
    total = 0
    with archive:
        members = [info for info in archive.infolist() if not info.is_dir()]
        if len(members) > MAX_ARCHIVE_MEMBERS:
            raise UnusableFile(_("The archive contains too many files."))
        for info in members:
            name = PurePosixPath(info.filename.replace("\\", "/"))
            # Never outside the folder; no macOS resource forks or hidden files.
            if name.is_absolute() or ".." in name.parts or name.parts[0] == "__MACOSX":
                continue
            if any(part.startswith(".") for part in name.parts):
                continue
            total += info.file_size
            if total > MAX_UNPACKED_BYTES:
                raise UnusableFile(_("The archive unpacks to more than 200 MB."))
            target = folder.joinpath(*name.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(archive.read(info))
            # The file's date in the archive is the fallback date of a text without one.
            stamp = datetime.datetime(*info.date_time).timestamp()
            os.utime(target, (stamp, stamp))
    return folder


def _without_folder(text: str, folder: Path) -> str:
    return text.replace(f"{folder}{os.sep}", "").replace(str(folder), "")
