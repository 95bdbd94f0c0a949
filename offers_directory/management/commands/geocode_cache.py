"""python manage.py geocode_cache [--clear] [--provider NAME] [--negative-only]"""

from django.core.management.base import BaseCommand, CommandParser
from django.db.models import Count, Q

from offers_directory.models import GeocodeCacheEntry


class Command(BaseCommand):
    help = (
        "Show the geocoding cache (answers of Nominatim/Photon kept in the database), or clear "
        "it: all of it, one provider's answers, or only the cached 'nothing found' answers "
        "(e.g. after the map has been updated with new streets)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--clear", action="store_true", help="delete the selected entries")
        parser.add_argument("--provider", metavar="NAME", help="only this provider's entries")
        parser.add_argument(
            "--negative-only", action="store_true", help="only 'nothing found' entries"
        )

    def handle(
        self, *args, clear: bool, provider: str | None, negative_only: bool, **options
    ) -> None:
        entries = GeocodeCacheEntry.objects.all()
        if provider:
            entries = entries.filter(provider=provider.strip().lower())
        if negative_only:
            entries = entries.filter(latitude__isnull=True)
        if clear:
            deleted, _ = entries.delete()
            self.stdout.write(self.style.SUCCESS(f"Deleted {deleted} cached answers."))
            return
        rows = (
            entries.values("provider")
            .annotate(total=Count("id"), negative=Count("id", filter=Q(latitude__isnull=True)))
            .order_by("provider")
        )
        if not rows:
            self.stdout.write("The geocoding cache is empty.")
        for row in rows:
            self.stdout.write(
                f"{row['provider']}: {row['total']} cached answers, "
                f"{row['negative']} of them 'nothing found'"
            )
