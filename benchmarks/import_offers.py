"""Benchmark: import 1,000 synthetic HSDS 3.0 offers with `manage.py import_offers`.

Usage:  .venv/bin/python benchmarks/import_offers.py [--count 1000] [--database-url URL]

Runs on a throwaway SQLite database by default (the embedded quick start), migrates it,
creates a minimal page tree (home, region index, the five demo regions with their postcode
prefixes), generates a synthetic HSDS file (about 70 % of the offers with coordinates, 25 %
without — these are geocoded with the configured geocoder, offline by default — and 5 % bad
rows: latitude 100, a missing name, an unknown language code), imports it, imports it a
second time (the idempotent path: everything "unchanged") and writes the numbers to
benchmarks/results/import_offers.txt."""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "import_offers.txt"

PLACES = [
    ("21423", "Winsen (Luhe)", "Niedersachsen", 53.3577, 10.2113),
    ("21244", "Buchholz in der Nordheide", "Niedersachsen", 53.3275, 9.8788),
    ("21220", "Seevetal", "Niedersachsen", 53.3985, 10.0356),
    ("39340", "Haldensleben", "Sachsen-Anhalt", 52.2888, 11.4094),
    ("66740", "Saarlouis", "Saarland", 49.3133, 6.7516),
    ("06844", "Dessau-Roßlau", "Sachsen-Anhalt", 51.8355, 12.2441),
    ("06886", "Lutherstadt Wittenberg", "Sachsen-Anhalt", 51.8666, 12.6484),
    ("29614", "Soltau", "Niedersachsen", 52.9860, 9.8433),
    ("29664", "Walsrode", "Niedersachsen", 52.8617, 9.5929),
]
CATEGORIES = ["hebammenhilfe", "elterncafe", "elternkurs", "beratung", "stillberatung"]
LANGUAGES = ["de", "en", "tr", "ar", "uk", "ru"]


def synthetic_services(count: int, seed: int = 4) -> list[dict]:
    rng = random.Random(seed)
    services = []
    for number in range(count):
        postcode, city, state, lat, lon = rng.choice(PLACES)
        kind = rng.random()
        location = {
            "id": f"bench-loc-{number}",
            "location_type": "physical",
            "name": f"Standort {number}",
            "addresses": [
                {
                    "id": f"bench-addr-{number}",
                    "address_1": f"Hauptstraße {number % 90 + 1}",
                    "city": city,
                    "state_province": state,
                    "postal_code": postcode,
                    "country": "DE",
                    "address_type": "physical",
                }
            ],
        }
        if kind < 0.70:
            location["latitude"] = round(lat + rng.uniform(-0.02, 0.02), 5)
            location["longitude"] = round(lon + rng.uniform(-0.02, 0.02), 5)
        elif kind < 0.72:
            location["latitude"], location["longitude"] = 100, 101  # rejected, geocoded
        service = {
            "id": f"bench-{number:05d}",
            "name": f"Angebot {number} in {city}",
            "description": "Synthetisches Angebot für den Import-Benchmark.",
            "status": "active" if rng.random() < 0.9 else "inactive",
            "minimum_age": 0,
            "maximum_age": rng.choice([1, 3, 6]),
            "languages": [{"id": f"l{number}-{c}", "code": c} for c in rng.sample(LANGUAGES, 2)],
            "attributes": [
                {
                    "id": f"a{number}",
                    "link_type": "category",
                    "taxonomy_term": {
                        "id": f"t-{code}",
                        "code": code,
                        "name": code,
                        "description": "",
                    },
                }
                for code in rng.sample(CATEGORIES, 2)
            ],
            "organization": {
                "id": f"bench-org-{number % 40}",
                "name": f"Träger {number % 40}",
                "description": "Synthetischer Träger.",
            },
            "service_at_locations": [{"id": f"bench-sal-{number}", "location": location}],
            "schedules": [
                {"id": f"s{number}", "byday": "MO,WE", "opens_at": "09:00", "closes_at": "12:00"}
            ],
        }
        if 0.72 <= kind < 0.74:
            service.pop("name")  # rejected row
        elif 0.74 <= kind < 0.76:
            service["languages"].append({"id": f"bad{number}", "code": "xx"})
        services.append(service)
    return services


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--output", default=str(RESULTS), help="Where to write the figures.")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="nfh-bench-"))
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from wagtail.models import Page, Site

    from demo.data.regions import REGIONS as DEMO_REGIONS
    from home.models import HomePage, RegionIndexPage, RegionPage
    from offers_directory.conf import get_setting
    from offers_directory.models import OfferLocation, OfferPage, RegionArea

    call_command("migrate", verbosity=0)
    root = Page.get_first_root_node()
    for child in root.get_children():
        child.delete()
    home = root.add_child(instance=HomePage(title="Netzwerk Frühe Hilfen", slug="home"))
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    regions = home.add_child(instance=RegionIndexPage(title="Netzwerk", slug="netzwerk"))
    for demo_region in DEMO_REGIONS:
        region = regions.add_child(
            instance=RegionPage(title=demo_region.slug, slug=demo_region.slug)
        )
        # The postcodes the importer routes by, as editors enter them for their region.
        RegionArea.objects.set_for(region, postcode_prefixes=demo_region.postcodes)

    path = workdir / "services.json"
    path.write_text(json.dumps(synthetic_services(args.count), ensure_ascii=False))

    def run() -> tuple[float, float, str]:
        # CPU time next to wall time: on the shared machine the wall time depends on the
        # other jobs, the CPU time of this process much less.
        out = io.StringIO()
        started, cpu_started = time.perf_counter(), time.process_time()
        call_command("import_offers", str(path), "--no-progress", stdout=out)
        return (
            time.perf_counter() - started,
            time.process_time() - cpu_started,
            out.getvalue(),
        )

    first_seconds, first_cpu, first_output = run()
    second_seconds, second_cpu, second_output = run()
    summary_first = first_output.strip().splitlines()[-1]
    summary_second = second_output.strip().splitlines()[-1]
    geocoding_line = next(
        (line for line in first_output.splitlines() if line.startswith("Geokodierung")), ""
    )
    located = OfferLocation.objects.filter(latitude__isnull=False).count()
    lines = [
        f"import_offers benchmark, {time.strftime('%Y-%m-%d %H:%M:%S %Z')}",
        f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}",
        f"database: {connection.vendor}; geocoder: {get_setting('GEOCODER')}; "
        "task backend: immediate (geocoding runs inside the import)",
        f"input: {args.count} synthetic HSDS service_full objects ({path.stat().st_size} bytes)",
        "",
        f"first import:  {first_seconds:.1f} s wall, {first_cpu:.1f} s CPU "
        f"({args.count / first_seconds:.1f} offers/s)",
        f"  {summary_first}",
        f"  {geocoding_line}",
        f"second import (idempotent): {second_seconds:.1f} s wall, {second_cpu:.1f} s CPU",
        f"  {summary_second}",
        "",
        f"offer pages: {OfferPage.objects.count()}, live: {OfferPage.objects.live().count()}, "
        f"locations with coordinates: {located}/{OfferLocation.objects.count()}",
    ]
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
