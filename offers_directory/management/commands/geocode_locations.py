"""Geocode offer locations in the foreground, with progress: the ones still pending (new or
changed addresses, transient failures the background task gave up on), optionally the failed
ones again, or all of them. Pins set by hand are never touched."""

from __future__ import annotations

import time
from collections import defaultdict
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from offers_directory.models import OfferLocation, OfferPage
from offers_directory.tasks import GeocodeReport, geocode_page, revision_locations


class Progress:
    """A one-line progress bar on a terminal, a line per ten percent otherwise."""

    def __init__(self, stream: Any, total: int, label: str) -> None:
        self.stream = stream
        self.total = max(total, 1)
        self.label = label
        self.done = 0
        self.tty = hasattr(stream, "isatty") and stream.isatty()
        self.last_decile = -1

    def advance(self, step: int = 1) -> None:
        self.done = min(self.done + step, self.total)
        fraction = self.done / self.total
        if self.tty:
            filled = int(fraction * 30)
            self.stream.write(
                f"\r{self.label} [{'#' * filled}{'.' * (30 - filled)}] "
                f"{self.done}/{self.total} ({fraction:.0%})",
                ending="",
            )
            self.stream.flush()
        else:
            decile = int(fraction * 10)
            if decile != self.last_decile:
                self.last_decile = decile
                self.stream.write(f"{self.label}: {self.done}/{self.total} ({fraction:.0%})")

    def finish(self) -> None:
        if self.tty:
            self.stream.write("")


class Command(BaseCommand):
    help = (
        "Geocode offer locations that need it (new or changed addresses, pending retries). "
        "Pins set by hand are never changed."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--retry-failed",
            action="store_true",
            help="Also look up addresses the geocoder did not find before.",
        )
        parser.add_argument(
            "--all",
            action="store_true",
            help="Look up every location again (except pins set by hand).",
        )
        parser.add_argument(
            "--page", type=int, action="append", help="Only this offer page id (repeatable)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        retry_failed = options["retry_failed"] or options["all"]
        force = options["all"]
        pages = OfferPage.objects.all()
        if options["page"]:
            pages = pages.filter(pk__in=options["page"])
        due: dict[int, int] = defaultdict(int)
        locations = OfferLocation.objects.filter(page__in=pages, manual_pin=False)
        for location in locations.iterator():
            if location.needs_geocoding(retry_failed=retry_failed, force=force):
                due[location.page_id] += 1
        # Drafts may hold addresses that are not live yet.
        for page in pages.filter(has_unpublished_changes=True).only(
            "pk", "live", "has_unpublished_changes", "latest_revision"
        ):
            if page.pk in due:
                continue
            for location in revision_locations(page):
                location.sync_geocode_state()
                if location.needs_geocoding(retry_failed=retry_failed, force=force):
                    due[page.pk] += 1
        total = sum(due.values())
        if not total:
            self.stdout.write("No locations need geocoding.")
            return
        self.stdout.write(f"Geocoding {total} locations of {len(due)} offers …")
        report = GeocodeReport()
        progress = Progress(self.stdout, total, "Geocoding")
        started = time.monotonic()
        for page_id, count in sorted(due.items()):
            geocode_page(page_id, retry_failed=retry_failed, force=force, report=report)
            progress.advance(count)
        progress.finish()
        elapsed = time.monotonic() - started
        for message in report.messages[:50]:
            self.stdout.write(f"  {message}")
        if len(report.messages) > 50:
            self.stdout.write(f"  … and {len(report.messages) - 50} more")
        summary = (
            f"Done in {elapsed:.1f} s: {report.geocoded} geocoded "
            f"({report.approximate} approximate), {report.failed} not found, "
            f"{report.pending} still pending (geocoder unavailable)."
        )
        style = self.style.WARNING if report.pending or report.failed else self.style.SUCCESS
        self.stdout.write(style(summary))
        if report.pending:
            raise CommandError(
                f"{report.pending} locations are still pending; run the command again later."
            )
