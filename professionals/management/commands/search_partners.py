from typing import Any

from django.core.management.base import BaseCommand, CommandError

from search import partners


class Command(BaseCommand):
    help = "Rebuilds the referral-partner search index (a new index, then an atomic alias swap)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--rebuild", action="store_true", help="Build a new index.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not partners.search_enabled():
            raise CommandError("ELASTICSEARCH_URL is not set: the database answers every search.")
        name, written = partners.rebuild()
        self.stdout.write(f"Indexed {written} partners into {name}.")
