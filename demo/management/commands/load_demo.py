from typing import Any

from django.core.management.base import BaseCommand

from demo.accounts import ensure_demo_admin, ensure_demo_coordinators
from demo.loader import load_demo


class Command(BaseCommand):
    help = (
        "Build the demo site: five regional networks with news and events, about 150 offers "
        "with providers, referral partners, working groups and documents, the demo "
        "professional, the admin account and a coordinator per region, whose logins it prints "
        "(idempotent)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        load_demo(self.stdout.write)
        self.stdout.write(self.style.SUCCESS(ensure_demo_admin()))
        for line in ensure_demo_coordinators():
            self.stdout.write(self.style.SUCCESS(line))
