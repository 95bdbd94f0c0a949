"""Delete zero-result counters older than INSIGHTS["RETENTION_DAYS"] (90); run daily."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from insights.retention import purge, retention_days


class Command(BaseCommand):
    help = "Deletes the unmet-search counters older than the retention period (90 days)."

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = purge()
        self.stdout.write(
            f"{deleted} Zähler älter als {retention_days()} Tage gelöscht.",
        )
