"""`python manage.py search_partners --rebuild`: a new referral-partner index (every public
partner), then an atomic alias swap. Day-to-day changes reach it through the outbox
(`search_index --process-queue` applies what failed)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from elasticsearch import ApiError, TransportError

from search.engine import elasticsearch_configured
from search.partners import partner_index


class Command(BaseCommand):
    help = "Rebuilds the referral-partner search index (a new index, then an atomic alias swap)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--rebuild", action="store_true", help="Build a new index.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not elasticsearch_configured():
            raise CommandError("ELASTICSEARCH_URL is not set: the database answers every search.")
        try:
            name, written, errors = partner_index.rebuild()
        except (TransportError, ApiError) as error:
            raise CommandError(f"Elasticsearch did not answer: {error}") from error
        for error in errors[:20]:
            self.stderr.write(error)
        self.stdout.write(f"Indexed {written - len(errors)} partners into {name}.")
        if errors:
            raise CommandError(f"{len(errors)} documents failed.")
