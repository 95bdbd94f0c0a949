"""manage.py import_offers PATH [--format hsds|csv|xlsx] [--region SLUG] [--dry-run] [--draft]
[--publish-incomplete]"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ...importers import FORMATS, UnusableInput, run_import
from ...regions import region_page_model


class Command(BaseCommand):
    help = (
        "Import offers from an HSDS 3.0 or 3.1 JSON file (list of service_full objects, one object "
        "or a paged /services response) or from the CSV/XLSX template. Offers are matched by "
        "their source id: re-importing updates, never duplicates. Invalid rows are reported "
        "and skipped; the exit status is non-zero only when the file cannot be read at all."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="File to import (.json, .csv or .xlsx).")
        parser.add_argument(
            "--format",
            choices=FORMATS,
            help="Input format; detected from the file extension and content when omitted.",
        )
        parser.add_argument(
            "--region",
            help="Slug of the region (home.RegionPage) whose offer index receives new offers. "
            "Without it each offer goes to the region matching its postcode or coordinates, "
            "else to the supra-regional directory.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check everything and print the same report, but save nothing.",
        )
        parser.add_argument(
            "--draft",
            action="store_true",
            help="Save active offers as drafts instead of publishing them.",
        )
        parser.add_argument(
            "--publish-incomplete",
            action="store_true",
            help="Publish active offers that have neither a location nor a description too "
            "(without it they are saved as drafts, with a warning).",
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="Do not print the progress bar."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"Datei nicht gefunden: {path}")
        region = None
        if options["region"]:
            model = region_page_model()
            region = model.objects.filter(slug=options["region"]).first() if model else None
            if region is None:
                raise CommandError(f"Unbekannte Region {options['region']!r}.")
        try:
            report = run_import(
                path,
                fmt=options["format"],
                region=region,
                dry_run=options["dry_run"],
                draft=options["draft"],
                publish_incomplete=options["publish_incomplete"],
                stream=self.stdout,
                progress=not options["no_progress"],
            )
        except UnusableInput as error:
            raise CommandError(f"{path}: {error}") from error
        self.stdout.write(report.summary(dry_run=options["dry_run"]))
