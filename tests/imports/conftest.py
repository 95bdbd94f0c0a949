"""Two regions with their sections and coordinator groups, a coordinator for each, and a
network editor (built once per module)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from home.factories import RegionPageFactory, UserFactory, default_home
from home.models import RegionPage
from home.permissions import ensure_network_editor_group
from offers_directory.importers.tabular import HEADERS
from tests.shared_data import shared_fixtures


@dataclass
class Network:
    harburg: RegionPage
    heidekreis: RegionPage
    coordinator: Any  # of Harburg
    other_coordinator: Any  # of Heidekreis
    editor: Any  # network-wide


def build_network() -> Network:
    harburg = RegionPageFactory(
        title="Landkreis Harburg", slug="landkreis-harburg", group=True, sections=True
    )
    heidekreis = RegionPageFactory(title="Heidekreis", slug="heidekreis", group=True, sections=True)
    editors = ensure_network_editor_group(default_home())
    return Network(
        harburg=harburg,
        heidekreis=heidekreis,
        coordinator=UserFactory(
            username="koordination-harburg", groups=[harburg.coordinator_group]
        ),
        other_coordinator=UserFactory(
            username="koordination-heidekreis", groups=[heidekreis.coordinator_group]
        ),
        editor=UserFactory(username="redaktion", groups=[editors]),
    )


shared_network, network = shared_fixtures("network", build_network)


COLUMN = {
    "id": "Angebots-ID",
    "title": "Titel",
    "description": "Beschreibung",
    "provider": "Träger",
    "street": "Straße und Hausnummer",
    "plz": "PLZ",
    "city": "Ort",
    "lat": "Breitengrad",
    "lon": "Längengrad",
    "fee": "Gebühr (EUR)",
}


def offers_csv(*rows: dict[str, str]) -> bytes:
    """The coordinators' template (semicolons, UTF-8) with the given rows."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(HEADERS)
    for values in rows:
        by_header = {COLUMN[key]: value for key, value in values.items()}
        writer.writerow([by_header.get(header, "") for header in HEADERS])
    return out.getvalue().encode("utf-8")


GOOD_ROWS = [
    {
        "id": "HAR-ADM-1",
        "title": "Elterncafé Buchholz",
        "description": "Offener Treff für Eltern mit Babys.",
        "provider": "Familienzentrum Buchholz",
        "street": "Kirchenstraße 6",
        "plz": "21244",
        "city": "Buchholz in der Nordheide",
        "lat": "53,3285",
        "lon": "9,8730",
    },
    {
        "id": "HAR-ADM-2",
        "title": "Babymassage Winsen",
        "description": "Kurs für Eltern mit Babys von 6 Wochen bis 6 Monaten.",
        "provider": "Familienzentrum Buchholz",
        "street": "Rathausstraße 1",
        "plz": "21423",
        "city": "Winsen (Luhe)",
        "lat": "53,3577",
        "lon": "10,2113",
    },
]
# No title and no ID: the importer rejects the row, the others go on.
BAD_ROW = {"description": "Eine Zeile ohne Titel.", "city": "Winsen (Luhe)"}
