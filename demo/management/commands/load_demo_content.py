from typing import Any

from django.core.management.base import BaseCommand

from demo.site import load_demo_content


class Command(BaseCommand):
    help = (
        "The demo site's part of `load_demo`: regions, navigation, legal pages, news and "
        "events (idempotent)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        load_demo_content(self.stdout.write)
