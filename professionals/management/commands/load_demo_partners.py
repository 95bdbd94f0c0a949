from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from professionals.demo import load_demo_partners


class Command(BaseCommand):
    help = (
        "Demo referral partners, working groups with meetings, the document library and a "
        "demo professional account (idempotent; run after load_demo_offers)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            load_demo_partners(self.stdout)
