"""export_offers: HSDS output validates against the HSDS 3.1 schemas, protected contacts are
left out unless --include-protected, the CSV uses the import template, and round trips
(3.0, 3.1, pre-release and our sample: import → export → validate, key fields preserved;
export → import into an empty directory → the same export)."""

from __future__ import annotations

import copy
import csv
import io
import json

import pytest

from offers_directory.geocoding import municipality_centre
from offers_directory.hsds.ids import derived_id, is_uuid
from offers_directory.hsds.validation import errors
from offers_directory.importers.tabular import HEADERS
from offers_directory.models import OfferPage, OrganizationPage, TaxonomyTerm

from .exchange import (
    HSDS_DATA,
    load,
    run_export,
    run_import,
    sample_services,
    summary,
    write_json,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("keep_old_samples_public"),
]


def _by_id(items):
    return {item["id"]: item for item in items}


def as_exported(kind: str, value: str) -> str:
    """The id under which an imported id is exported: itself if a UUID, else derived from it."""
    return value if is_uuid(value) else derived_id(kind, value)


def _key_fields(service: dict) -> dict:
    locations = []
    for sal in service.get("service_at_locations", []):
        location = sal["location"]
        addresses = location.get("addresses") or location.get("addresss") or [{}]
        locations.append(
            (
                as_exported("service_at_location", sal["id"]),
                as_exported("location", location["id"]),
                location.get("latitude"),
                location.get("longitude"),
                addresses[0].get("postal_code"),
                addresses[0].get("city"),
            )
        )
    organization = (service.get("organization") or {}).get("id")
    return {
        "id": as_exported("service", service["id"]),
        "name": service["name"],
        "status": service["status"],
        "organization": as_exported("organization", organization) if organization else None,
        "languages": sorted(lang["code"] for lang in service.get("languages", [])),
        "locations": locations,
        # The German terms; their translations are terms of their own in HSDS (same code).
        "terms": sorted(
            a["taxonomy_term"]["code"]
            for a in service.get("attributes", [])
            if a["taxonomy_term"].get("language", "de") == "de"
        ),
        "cost": [float(c["amount"]) for c in service.get("cost_options", []) if c.get("amount")],
        "min_age": service.get("minimum_age"),
        "max_age": service.get("maximum_age"),
    }


def _without_looked_up_coordinates(service: dict, original: dict) -> dict:
    """The exported service without the coordinates the import looked up in the offline
    gazetteer where the original gave an address only (each checked to be near its town's
    centre)."""
    service = copy.deepcopy(service)
    given = {
        as_exported("location", sal["location"]["id"]): "latitude" in sal["location"]
        for sal in original.get("service_at_locations", [])
    }
    for sal in service.get("service_at_locations", []):
        location = sal["location"]
        if given.get(location["id"], True):
            continue
        address = location["addresses"][0]
        centre = municipality_centre(address["postal_code"], address["city"])
        assert (location["latitude"], location["longitude"]) == pytest.approx(centre, abs=0.05)
        del location["latitude"], location["longitude"]
    return service


def test_round_trip_of_our_sample(tree, tmp_path):
    run_import(HSDS_DATA / "sample_services.json")
    exported = json.loads(run_export("--format", "hsds", "--all"))
    for service in exported:
        assert errors(service, "service") == [], service["id"]
    # The sample's ids are no UUIDs; the export carries UUIDs derived from them.
    originals = {as_exported("service", s["id"]): s for s in sample_services()}
    assert set(_by_id(exported)) == set(originals)
    for service in exported:
        original = originals[service["id"]]
        looked_up = _without_looked_up_coordinates(service, original)
        assert _key_fields(looked_up) == _key_fields(original)
    # Exporting and importing the export changes nothing.
    path = write_json(tmp_path, exported, "export.json")
    counts = summary(run_import(path))
    assert counts["unchanged"] == 3 and counts["updated"] == counts["imported"] == 0


def test_round_trip_of_a_prerelease_document(tree, tmp_path):
    """A pre-release 3.0 draft goes out as valid HSDS 3.1."""
    original = load("prerelease_3_0_service.json")
    assert errors(original, "service", "3.0") != []  # the draft's taxonomy object, wkst MON
    run_import(HSDS_DATA / "prerelease_3_0_service.json")
    [exported] = json.loads(run_export("--format", "hsds"))
    assert errors(exported, "service") == []
    assert exported["id"] == original["id"]
    assert exported["name"] == original["name"]
    assert exported["status"] == "active"
    assert exported["organization"]["id"] == original["organization"]["id"]
    assert exported["organization"]["name"] == original["organization"]["name"]
    [attribute] = exported["attributes"]
    assert attribute["taxonomy_term"]["code"] == "paarkurs"
    taxonomy = original["attributes"][0]["taxonomy_term"]["taxonomy"]
    assert attribute["taxonomy_term"]["taxonomy"] == taxonomy["uri"]
    assert attribute["taxonomy_term"]["taxonomy_detail"]["id"] == taxonomy["id"]
    assert exported["cost_options"][0]["amount"] == 120
    sal = exported["service_at_locations"][0]
    assert sal["id"] == original["service_at_locations"][0]["id"]
    assert sal["location"]["id"] == original["service_at_locations"][0]["location"]["id"]
    # The draft's "addresss" and "accessibilitys" go out under their released names.
    assert sal["location"]["addresses"][0]["postal_code"] == "21255"
    assert sal["location"]["accessibility"][0]["description"].startswith("Kursraum")
    # Latitude 100 was rejected on import; no invalid coordinates travel on: the address
    # was looked up in the offline gazetteer instead (Tostedt's centre).
    tostedt = municipality_centre("21255", "Tostedt")
    assert (sal["location"]["latitude"], sal["location"]["longitude"]) == pytest.approx(
        tostedt, abs=0.05
    )
    # The language code "deutsch" is not ISO 639-1 and was dropped with a warning.
    assert exported["languages"] == []
    # Importing the export again is a no-op.
    counts = summary(run_import(write_json(tmp_path, [exported])))
    assert counts["unchanged"] == 1


def test_round_trip_with_coordinates_and_languages(tree, tmp_path):
    """The pre-release document with valid values where it has bad ones."""
    service = load("prerelease_3_0_service.json")
    location = service["service_at_locations"][0]["location"]
    location["latitude"], location["longitude"] = 53.2833, 9.7167
    location["addresss"][0].update(country="DE")
    service["languages"][0]["code"] = "de"
    run_import(write_json(tmp_path, service))
    [exported] = json.loads(run_export())
    assert errors(exported, "service") == []
    assert _key_fields(exported) | {"languages": None} == _key_fields(service) | {"languages": None}
    assert [lang["code"] for lang in exported["languages"]] == ["de"]


def _without_row_ids(services: list[dict]) -> list[dict]:
    """The export without what depends on the receiving database: the ids of objects we
    store as rows of the offer (derived from their primary keys) and the publishing time."""
    row_objects = (
        "phones",
        "schedules",
        "cost_options",
        "attributes",
        "addresses",
        "accessibility",
    )

    def strip(value, key=""):
        if isinstance(value, dict):
            return {
                k: strip(v, k)
                for k, v in value.items()
                if not (k == "id" and key in row_objects) and k != "last_modified"
            }
        if isinstance(value, list):
            return [strip(item, key) for item in value]
        return value

    return strip(services)


def test_3_1_export_imports_into_an_empty_directory_as_the_same_offers(tree, tmp_path):
    for name in ("services_3_0.json", "service_3_1.json", "sample_services.json"):
        run_import(HSDS_DATA / name)
    first = json.loads(run_export("--all", "--include-protected"))
    assert len(first) == 6
    for service in first:
        assert errors(service, "service") == [], service["id"]

    # Another site: the offers and providers are gone, the vocabulary is the same.
    for page in OfferPage.objects.all():
        page.delete()
    for page in OrganizationPage.objects.all():
        page.delete()
    output = run_import(write_json(tmp_path, first, "export.json"))
    counts = summary(output)
    assert (counts["imported"], counts["rejected"], counts["warnings"]) == (6, 0, 0)
    assert "Gelesen als HSDS 3.1" in output

    second = json.loads(run_export("--all", "--include-protected"))
    assert _without_row_ids(second) == _without_row_ids(first)
    # A 3.1 export, imported where it came from, changes nothing.
    assert summary(run_import(write_json(tmp_path, second, "again.json")))["unchanged"] == 6


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
    dessau = derived_id("service", "svc-beratung-dessau")
    assert dessau not in {s["id"] for s in json.loads(run_export())}
    assert dessau in {s["id"] for s in json.loads(run_export("--all"))}


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


def test_term_names_per_language_travel_as_taxonomy_terms_with_a_language(tree, tmp_path):
    """HSDS gives a taxonomy_term one `language`: the export writes the German term and one
    term per translation (same code); the importer reads those back as the term's names."""
    run_import(HSDS_DATA / "sample_services.json")
    term = TaxonomyTerm.objects.get(code="hebammensprechstunde")
    assert term.name_uk  # installed from offers_directory/data/term_names.toml
    [service] = [
        s
        for s in json.loads(run_export("--all"))
        if any(a["taxonomy_term"]["code"] == term.code for a in s.get("attributes", []))
    ][:1]
    assert errors(service, "service") == []
    rows = {
        a["taxonomy_term"]["language"]: a["taxonomy_term"]
        for a in service["attributes"]
        if a["taxonomy_term"]["code"] == term.code
    }
    assert {language: row["name"] for language, row in rows.items()} == term.names
    assert set(rows) == {"de", "en", "tr", "ar", "uk"}
    assert len({row["id"] for row in rows.values()}) == 5

    # Another site whose vocabulary lacks the Ukrainian name and has its own English one.
    TaxonomyTerm.objects.filter(pk=term.pk).update(name_uk="", name_en="Hebammen-Sprechstunde")
    run_import(write_json(tmp_path, [service], "one.json"))
    term.refresh_from_db()
    assert term.name_uk == rows["uk"]["name"]
    assert term.name_en == "Hebammen-Sprechstunde"  # an editor's name is kept
    # The translations are names of the one term, not terms of their own.
    assert TaxonomyTerm.objects.filter(code=term.code).count() == 1
