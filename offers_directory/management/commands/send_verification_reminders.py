"""Remind providers who have not answered a verification request (run daily, e.g. from
cron): a request unanswered for `--days` (default `OFFERS_DIRECTORY["VERIFICATION_REMINDER_DAYS"]`)
gets a reminder with a fresh link, at most `VERIFICATION_MAX_REMINDERS` times."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from offers_directory.verification import send_reminders


class Command(BaseCommand):
    help = "Send reminders for verification requests that providers have not answered."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Remind when the last mail is at least this many days old.",
        )

    def handle(self, *args: Any, days: int | None = None, **options: Any) -> None:
        if days is not None and days < 0:
            raise CommandError("--days must not be negative.")
        sent = send_reminders(days)
        self.stdout.write(f"{sent} reminder(s) sent.")
