"""A location's visibility through the data exchange: the CSV/XLSX column „Sichtbarkeit“, the
HSDS extension `x_visibility`, an unknown word, and the round trip of an export for
professionals. (What the public sees of a protected location: tests/professionals/
test_protected_locations.py.)"""

from __future__ import annotations

import csv
import io
import re

import pytest

from offers_directory.importers.tabular import HEADERS
from offers_directory.models import OfferLocation
from offers_directory.models.locations import LocationVisibility

from .exchange import run_export, run_import, summary, write_json

pytestmark = pytest.mark.django_db


def csv_file(tmp_path, rows: list[dict[str, str]], headers: list[str] = HEADERS):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(headers)
    for values in rows:
        writer.writerow([values.get(header, "") for header in headers])
    path = tmp_path / "angebote.csv"
    path.write_bytes(buffer.getvalue().encode("utf-8"))
    return path


def offer_row(number: int, visibility: str | None) -> dict[str, str]:
    values = {
        "Angebots-ID": f"SCHUTZ-{number}",
        "Titel": f"Beratung {number}",
        "Straße und Hausnummer": f"Geheimweg {number}",
        "PLZ": "21423",
        "Ort": "Winsen (Luhe)",
        "Breitengrad": "53,3691",
        "Längengrad": "10,1984",
    }
    if visibility is not None:
        values["Sichtbarkeit"] = visibility
    return values


def visibility_of(source_id: str) -> str:
    return OfferLocation.objects.get(page__source_id=source_id).visibility


def test_csv_column_sichtbarkeit(tree, tmp_path):
    words = ["öffentlich", "nur Fachkräfte", "verborgen", "", "hidden", "geheim"]
    output = run_import(csv_file(tmp_path, [offer_row(n, w) for n, w in enumerate(words)]))
    assert [visibility_of(f"SCHUTZ-{n}") for n in range(len(words))] == [
        LocationVisibility.PUBLIC,
        LocationVisibility.PROFESSIONALS,
        LocationVisibility.HIDDEN,
        LocationVisibility.PUBLIC,
        LocationVisibility.HIDDEN,
        # An unknown word protects rather than publishes, and says so.
        LocationVisibility.PROFESSIONALS,
    ]
    assert "Sichtbarkeit 'geheim' unbekannt" in output or "Sichtbarkeit geheim unbekannt" in output


def test_a_file_without_the_column_imports_public_locations(tree, tmp_path):
    headers = [h for h in HEADERS if h != "Sichtbarkeit"]
    run_import(csv_file(tmp_path, [offer_row(1, None)], headers))
    assert visibility_of("SCHUTZ-1") == LocationVisibility.PUBLIC


def test_hsds_extension_x_visibility(tree, tmp_path):
    def service(number: int, **location: str) -> dict:
        return {
            "id": f"svc-{number}",
            "name": f"Beratung {number}",
            "status": "active",
            "service_at_locations": [
                {
                    "id": f"sal-{number}",
                    "location": {
                        "id": f"loc-{number}",
                        "location_type": "physical",
                        "addresses": [
                            {
                                "address_1": "Geheimweg 1",
                                "city": "Winsen (Luhe)",
                                "postal_code": "21423",
                                "country": "DE",
                                "address_type": "physical",
                            }
                        ],
                        **location,
                    },
                }
            ],
        }

    run_import(
        write_json(
            tmp_path,
            [service(1, x_visibility="hidden"), service(2), service(3, x_visibility="verborgen")],
        ),
        "--format",
        "hsds",
    )
    assert visibility_of("svc-1") == LocationVisibility.HIDDEN
    assert visibility_of("svc-2") == LocationVisibility.PUBLIC
    assert visibility_of("svc-3") == LocationVisibility.HIDDEN


@pytest.mark.parametrize("fmt", ["hsds", "csv"])
def test_an_export_for_professionals_reimports_unchanged(tree, tmp_path, fmt):
    run_import(csv_file(tmp_path, [offer_row(1, "verborgen"), offer_row(2, "nur Fachkräfte")]))
    before = list(
        OfferLocation.objects.order_by("page__source_id").values_list(
            "visibility", "street", "latitude", "longitude"
        )
    )
    exported = tmp_path / f"export.{fmt}"
    exported.write_text(run_export("--format", fmt, "--include-protected"), encoding="utf-8")
    output = run_import(exported, "--format", fmt)
    assert summary(output)["imported"] == 0  # the same offers, updated in place
    after = list(
        OfferLocation.objects.order_by("page__source_id").values_list(
            "visibility", "street", "latitude", "longitude"
        )
    )
    assert after == before
    assert [row[0] for row in after] == [
        LocationVisibility.HIDDEN,
        LocationVisibility.PROFESSIONALS,
    ]


def test_the_editor_chooses_the_visibility_in_the_location_panel(tree, admin_client):
    from offers_directory.factories import OfferIndexPageFactory

    index = OfferIndexPageFactory(parent=tree["harburg"])
    html = admin_client.get(
        f"/admin/pages/add/offers_directory/offerpage/{index.pk}/"
    ).content.decode()
    select = re.search(r'<select name="locations-__prefix__-visibility".*?</select>', html, re.S)
    assert select, "no visibility select in the location panel"
    options = re.findall(r'<option value="([^"]+)"( selected)?', select.group(0))
    assert [value for value, _ in options] == list(LocationVisibility.values)
    assert [value for value, chosen in options if chosen] == [LocationVisibility.PUBLIC]
