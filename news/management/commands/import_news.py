"""python manage.py import_news PATH... [--region SLUG] [--dry-run]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from news.importer import ItemResult, NewsImporter

STATUS_STYLE = {"imported": "SUCCESS", "skipped": "WARNING", "failed": "ERROR"}
STATUS_LABEL = {"imported": "imported", "skipped": "skipped ", "failed": "FAILED  "}


class Command(BaseCommand):
    help = (
        "Import a press archive as published news items: .txt, .md and .html files (title = "
        "first non-empty line; a date in the text such as 'am 09.12.2025' or '2016-11' is the "
        "publication date, else the file's date) and RSS/Atom feed files. Folders are read "
        "recursively. Idempotent: items imported before are skipped. Without --region, an "
        "item goes to the region named in its text, else to the network-wide news listing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
        parser.add_argument(
            "--region",
            metavar="SLUG",
            help="import everything into this region's news listing (its page slug, e.g. "
            "landkreis-harburg)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="read and report, but change nothing"
        )

    def handle(self, *args, paths: list[Path], region: str | None, dry_run: bool, **options):
        from home.models import RegionPage

        fixed = None
        if region:
            fixed = RegionPage.objects.filter(slug=region).specific().first()
            if fixed is None:
                known = ", ".join(
                    RegionPage.objects.order_by("slug").values_list("slug", flat=True)
                )
                raise CommandError(f"Unknown region {region!r}. Known regions: {known or 'none'}")

        counter = {"n": 0}

        def report(result: ItemResult) -> None:
            counter["n"] += 1
            style = getattr(self.style, STATUS_STYLE[result.status])
            line = (
                f"[{counter['n']}] {STATUS_LABEL[result.status]} {result.source}: {result.message}"
            )
            self.stdout.write(style(line))

        importer = NewsImporter(region=fixed, dry_run=dry_run, report=report)
        if importer.default_index is None and fixed is None:
            raise CommandError("There is no news listing (NewsIndexPage) to import into.")
        result = importer.run(paths)
        summary = (
            f"{result.count('imported')} imported, {result.count('skipped')} skipped, "
            f"{result.count('failed')} failed ({result.files} files"
            f"{', dry run' if dry_run else ''})."
        )
        if result.all_failed or result.files == 0:
            raise CommandError(f"Nothing could be imported: {summary}")
        self.stdout.write(summary)
