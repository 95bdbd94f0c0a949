from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from home.structure import setup_site


class Command(BaseCommand):
    help = (
        "Build the site's structure on a fresh database (idempotent): the home page in place "
        "of Wagtail's welcome page, the sections, the legal pages with placeholder text, the "
        "providers' and the supra-regional offer directory, the groups, permissions and the "
        "moderation workflow, and the Site record's address."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--site-url",
            default=None,
            help="The site's public address, e.g. https://fruehe-hilfen.example.de "
            "(default: the SITE_URL setting).",
        )

    def handle(self, *args: Any, site_url: str | None, **options: Any) -> None:
        try:
            home = setup_site(site_url or settings.SITE_URL, say=self.stdout.write)
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Site ready: {home.full_url}"))
