"""manage.py export_offers --format hsds|csv [--output PATH] [--include-protected]"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ...hsds.api import offers_queryset
from ...hsds.mapping import service_data
from ...importers.tabular import offer_rows, write_csv
from ...models import OfferPage


class Command(BaseCommand):
    help = (
        "Export offers as HSDS 3.1 JSON (a list of service_full objects) or as the CSV "
        "template (one row per offer-location). Protected contact persons are left out and "
        "protected locations reduced to their town unless --include-protected is given."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=("hsds", "csv"), default="hsds")
        parser.add_argument("--output", help="File to write; standard output when omitted.")
        parser.add_argument(
            "--include-protected",
            action="store_true",
            help="Also export protected contact persons and exact protected addresses (only "
            "for handing data to "
            "professionals; never publish such a file).",
        )
        parser.add_argument(
            "--all",
            action="store_true",
            help="Export every offer, also drafts and inactive ones (default: the offers the "
            "public HSDS API shows: live, public, active).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["all"]:
            offers = (
                OfferPage.objects.order_by("path")
                .select_related("provider")
                .prefetch_related(
                    "locations",
                    "categories__taxonomy",
                    "target_groups__taxonomy",
                    "languages",
                    "translations",
                )
            )
        else:
            offers = offers_queryset()
        if options["format"] == "hsds":
            data = [
                service_data(offer, include_protected=options["include_protected"])
                for offer in offers
            ]
            content = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        else:
            buffer = io.StringIO()
            write_csv(offer_rows(offers, include_protected=options["include_protected"]), buffer)
            content = buffer.getvalue()
        if options["output"]:
            encoding = "utf-8-sig" if options["format"] == "csv" else "utf-8"
            Path(options["output"]).write_text(content, encoding=encoding, newline="")
            self.stderr.write(f"{len(offers)} Angebote nach {options['output']} exportiert.")
        else:
            self.stdout.write(content, ending="")
