import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from home.structure import create_region


class Command(BaseCommand):
    help = (
        "Add a region (a regional network, usually a county) below “Über das Netzwerk”, as "
        "the admin does: published, with its coordinator group, collection and sections, "
        "optionally with the postcode prefixes and the outline the offer import routes by. "
        "Run again to change postcodes or area."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("title", help='The region\'s name, e.g. "Landkreis Harburg".')
        parser.add_argument("--slug", required=True, help="Its URL part: /netzwerk/<slug>/.")
        parser.add_argument(
            "--postcodes",
            nargs="+",
            metavar="PREFIX",
            help="Postcodes of the region or their first digits (the longest match wins).",
        )
        parser.add_argument(
            "--area",
            type=Path,
            metavar="FILE.geojson",
            help="The region's outline: a GeoJSON Polygon or MultiPolygon, or a Feature or "
            "FeatureCollection holding one.",
        )
        parser.add_argument("--state", default="", help="The federal state (Bundesland).")

    def handle(self, *args: Any, title: str, slug: str, **options: Any) -> None:
        area = _read_area(options["area"]) if options["area"] else None
        try:
            region, created = create_region(
                title, slug, postcodes=options["postcodes"], area=area, state=options["state"]
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        except ValueError as error:
            raise CommandError(str(error)) from error
        verb = "Created" if created else "Updated"
        self.stdout.write(
            f"{verb} region {region.title!r} at {region.url} "
            f"with the group {region.coordinator_group.name!r} and its sections: "
            + ", ".join(page.url for page in region.get_children())
        )
        area_record = getattr(region, "offer_region_area", None)
        if area_record is not None:
            self.stdout.write(
                f"Import routing: postcodes {area_record.prefix_list or '(none)'}, "
                f"area {'set' if area_record.extent else '(none)'}."
            )


def _read_area(path: Path) -> Any:
    # Features and FeatureCollections are unwrapped by the area's own validation.
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise CommandError(f"{path}: {error}") from error
