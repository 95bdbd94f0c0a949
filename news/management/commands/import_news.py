"""python manage.py import_news PATH... [--region SLUG] [--dry-run] [--draft | --publish]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from news.importer import ItemResult, NewsImporter

STATUS_STYLE = {"imported": "SUCCESS", "skipped": "WARNING", "failed": "ERROR"}


class Command(BaseCommand):
    help = (
        "Import a press archive as news items: .txt, .md and .html files and RSS/Atom feed "
        "files; folders are read recursively. The title is the headline (or a short title "
        "from the first sentence), a dateline ('von Landkreis Harburg am 14.05.2025') gives "
        "the sender and the date, else a date in the first lines ('am 09.12.2025', "
        "'date 2016-11'), else the file's date; photo credits become the item's credit, "
        "quotations with a speaker quote blocks; comment forms, share buttons and the like "
        "are dropped. Each report line says which fields were found and which guessed. "
        "Idempotent: items imported before are skipped. Without --region, an item goes to the "
        "region that sent it or is named in its text, else to the network-wide listing. "
        "Items are published (as before) unless --draft is given."
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
        state = parser.add_mutually_exclusive_group()
        state.add_argument(
            "--draft",
            dest="publish",
            action="store_false",
            help="save the items as drafts for an editor to review and publish",
        )
        state.add_argument(
            "--publish",
            dest="publish",
            action="store_true",
            help="publish the items at once (the default)",
        )
        parser.set_defaults(publish=True)

    def handle(
        self,
        *args,
        paths: list[Path],
        region: str | None,
        dry_run: bool,
        publish: bool,
        **options,
    ):
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
            self.stdout.write(style(result.line(counter["n"])))

        importer = NewsImporter(region=fixed, dry_run=dry_run, report=report, publish=publish)
        if importer.default_index is None and fixed is None:
            raise CommandError("There is no news listing (NewsIndexPage) to import into.")
        result = importer.run(paths)
        summary = result.summary(dry_run=dry_run, publish=publish)
        if result.all_failed or result.files == 0:
            raise CommandError(f"Nothing could be imported: {summary}")
        self.stdout.write(summary)
