from typing import Any

from django.core.management.base import BaseCommand, CommandError

from demo.offers import load_demo_offers


class Command(BaseCommand):
    help = (
        "The offers' part of `load_demo`: about 150 demo offers with providers in the five "
        "demo regions (idempotent; needs `load_demo_content` first)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            load_demo_offers(self.stdout.write)
        except RuntimeError as error:
            raise CommandError(str(error)) from error
