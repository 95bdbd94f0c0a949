"""export_offers: HSDS output validates against the official schemas, protected contacts are
left out unless --include-protected, the CSV uses the import template, and round trips
(official example and our sample: import → export → validate, key fields preserved)."""

from __future__ import annotations

import csv
import io
import json

import pytest

from offers_directory.hsds.validation import errors
from offers_directory.importers.tabular import HEADERS
from offers_directory.models import OfferPage

from .exchange import (
    HSDS_DATA,  # noqa: F401
    official_service,
    run_export,
    run_import,
    sample_services,
    summary,
    write_json,
)

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


def _by_id(items):
    return {item["id"]: item for item in items}


def _key_fields(service: dict) -> dict:
    locations = []
    for sal in service.get("service_at_locations", []):
        location = sal["location"]
        addresses = location.get("addresses") or location.get("addresss") or [{}]
        locations.append(
            (
                sal["id"],
                location["id"],
                location.get("latitude"),
                location.get("longitude"),
                addresses[0].get("postal_code"),
                addresses[0].get("city"),
            )
        )
    return {
        "id": service["id"],
        "name": service["name"],
        "status": service["status"],
        "organization": (service.get("organization") or {}).get("id"),
        "languages": sorted(lang["code"] for lang in service.get("languages", [])),
        "locations": locations,
        "terms": sorted(a["taxonomy_term"]["code"] for a in service.get("attributes", [])),
        "cost": [float(c["amount"]) for c in service.get("cost_options", []) if c.get("amount")],
        "min_age": service.get("minimum_age"),
        "max_age": service.get("maximum_age"),
    }


def test_round_trip_of_our_sample(tree, tmp_path):
    run_import(HSDS_DATA / "sample_services.json")
    exported = json.loads(run_export("--format", "hsds", "--all"))
    for service in exported:
        assert errors(service, "service") == [], service["id"]
    originals = _by_id(sample_services())
    assert set(_by_id(exported)) == set(originals)
    for service in exported:
        assert _key_fields(service) == _key_fields(originals[service["id"]])
    # Exporting and importing the export changes nothing.
    path = write_json(tmp_path, exported, "export.json")
    counts = summary(run_import(path))
    assert counts["unchanged"] == 3 and counts["updated"] == counts["imported"] == 0


def test_round_trip_of_the_official_example(tree, tmp_path):
    original = official_service()
    assert errors(original, "service") == []
    run_import(HSDS_DATA / "service_full.json")
    [exported] = json.loads(run_export("--format", "hsds"))
    assert errors(exported, "service") == []
    assert exported["id"] == original["id"]
    assert exported["name"] == original["name"]
    assert exported["status"] == "active"
    assert exported["organization"]["id"] == original["organization"]["id"]
    assert exported["organization"]["name"] == original["organization"]["name"]
    assert [a["taxonomy_term"]["code"] for a in exported["attributes"]] == ["code"]
    assert exported["cost_options"][0]["amount"] == 100
    sal = exported["service_at_locations"][0]
    assert sal["id"] == original["service_at_locations"][0]["id"]
    assert sal["location"]["id"] == original["service_at_locations"][0]["location"]["id"]
    # Latitude 100 was rejected on import; no invalid coordinates travel on.
    assert "latitude" not in sal["location"]
    # The example's language code "code" is not ISO 639-1 and was dropped with a warning.
    assert exported["languages"] == []
    # Importing the export again is a no-op.
    counts = summary(run_import(write_json(tmp_path, [exported])))
    assert counts["unchanged"] == 1


def test_round_trip_with_coordinates_and_languages(tree, tmp_path):
    """The official example with valid values for the fields it fills with placeholders."""
    service = official_service()
    location = service["service_at_locations"][0]["location"]
    location["latitude"], location["longitude"] = 53.3577, 10.2113
    location["addresss"][0].update(postal_code="21423", city="Winsen (Luhe)", country="DE")
    service["languages"][0]["code"] = "de"
    run_import(write_json(tmp_path, service))
    [exported] = json.loads(run_export())
    assert errors(exported, "service") == []
    assert _key_fields(exported) | {"languages": None} == _key_fields(service) | {"languages": None}
    assert [lang["code"] for lang in exported["languages"]] == ["de"]


def test_protected_contacts_only_with_the_flag(tree):
    run_import(HSDS_DATA / "sample_services.json")
    public = run_export("--format", "hsds")
    assert "Anna Beispiel" not in public and "anna.beispiel@example.de" not in public
    protected = run_export("--format", "hsds", "--include-protected")
    assert "Anna Beispiel" in protected
    for service in json.loads(protected):
        assert errors(service, "service") == []


def test_export_only_shows_live_active_offers_by_default(tree):
    run_import(HSDS_DATA / "sample_services.json")
    ids = {s["id"] for s in json.loads(run_export())}
    assert "svc-beratung-dessau" not in ids
    assert "svc-beratung-dessau" in {s["id"] for s in json.loads(run_export("--all"))}


def test_csv_export_is_the_import_template_and_round_trips(tree, tmp_path):
    run_import(HSDS_DATA / "sample_services.json")
    content = run_export("--format", "csv", "--all")
    rows = list(csv.reader(io.StringIO(content), delimiter=";"))
    assert rows[0] == HEADERS
    assert len(rows) == 1 + 3  # one row per offer-location
    assert "Anna Beispiel" not in content
    output = tmp_path / "export.csv"
    run_export("--format", "csv", "--all", "--output", str(output))
    assert output.read_bytes().startswith(b"\xef\xbb\xbf")
    # Re-importing the CSV export keeps the offers (matched by source id), no duplicates.
    counts = summary(run_import(output))
    assert counts["imported"] == 0 and counts["rejected"] == 0
    assert OfferPage.objects.count() == 3
    winsen = OfferPage.objects.get(source_id="svc-hebamme-winsen")
    assert winsen.locations.get().latitude == 53.3577
    assert sorted(lang.code for lang in winsen.languages.all()) == ["de", "tr"]


def test_output_file(tree, tmp_path):
    run_import(HSDS_DATA / "sample_services.json")
    target = tmp_path / "out.json"
    run_export("--output", str(target))
    assert len(json.loads(target.read_text(encoding="utf-8"))) == 2
