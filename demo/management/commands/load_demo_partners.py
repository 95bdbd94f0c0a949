from typing import Any

from django.core.management.base import BaseCommand

from demo.partners import load_demo_partners


class Command(BaseCommand):
    help = (
        "The professionals' part of `load_demo`: referral partners, working groups with "
        "meetings, the document library and the demo professional (idempotent; run after "
        "load_demo_offers)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        load_demo_partners(self.stdout.write)
