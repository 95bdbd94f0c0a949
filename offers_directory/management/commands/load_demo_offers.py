from django.core.management.base import BaseCommand, CommandError

from offers_directory.demo import load_demo_offers


class Command(BaseCommand):
    help = (
        "Create about 150 demo offers with providers in the five demo regions (idempotent; "
        "needs `load_demo_content` first)."
    )

    def handle(self, *args, **options) -> None:
        try:
            load_demo_offers(stdout=self.stdout)
        except RuntimeError as error:
            raise CommandError(str(error)) from error
