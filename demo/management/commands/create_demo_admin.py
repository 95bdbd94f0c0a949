from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from demo.accounts import ensure_demo_admin


class Command(BaseCommand):
    help = (
        "Create the quick start's admin account if it does not exist and print its login "
        "(part of `load_demo`). The password is generated once and kept in "
        ".services/demo-admin-password (never committed)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", default="admin")
        parser.add_argument("--password", default=None)

    def handle(self, *args: Any, username: str, password: str | None, **options: Any) -> None:
        self.stdout.write(self.style.SUCCESS(ensure_demo_admin(username, password)))
