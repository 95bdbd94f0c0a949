from django.core.management.base import BaseCommand

from home.demo_content import load_demo_content


class Command(BaseCommand):
    help = "Create the demo regions, navigation, legal pages and news (idempotent)."

    def handle(self, *args, **options) -> None:
        load_demo_content(stdout=self.stdout)
