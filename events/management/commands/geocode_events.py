"""Geocode event venues still pending (the geocoder was unreachable when they were saved) and,
with --retry-failed, those the geocoder did not find."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from events.geocoding import geocode_event, pending_event_ids


class Command(BaseCommand):
    help = "Geocode pending event venues (and, with --retry-failed, failed ones)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--retry-failed", action="store_true", help="Also retry venues not found before."
        )

    def handle(self, *args: Any, retry_failed: bool = False, **options: Any) -> None:
        totals = {"geocoded": 0, "failed": 0, "pending": 0}
        for page_id in pending_event_ids(retry_failed=retry_failed):
            report = geocode_event(page_id, retry_failed=retry_failed)
            for name in totals:
                totals[name] += getattr(report, name)
        self.stdout.write(
            f"{totals['geocoded']} geocoded, {totals['failed']} not found, "
            f"{totals['pending']} still pending"
        )
