"""Editors' translations in HSDS: our extension `translations` on `service` (title and summary
per language) is read from 3.0 and 3.1 documents, exported in documents that validate against
HSDS 3.1, and survives the round trip; half translations and foreign languages are refused
with a warning."""

from __future__ import annotations

import json

import pytest

from offers_directory.hsds.validation import errors
from offers_directory.models import OfferPage, OfferTranslation, OrganizationPage

from .exchange import load, run_export, run_import, summary, write_json

pytestmark = pytest.mark.django_db

TRANSLATIONS = [
    {
        "language": "ar",
        "name": "استشارة القابلة",
        "summary": "استشارة مفتوحة للحوامل وللأهل مع الرضع.",
    },
    {"language": "en", "name": "Midwife consultation", "summary": "Open consultation."},
]


def translated(service: dict) -> dict:
    return {**service, "translations": TRANSLATIONS}


def stored(source_id: str) -> list[tuple[str, str, str]]:
    page = OfferPage.objects.get(source_id=source_id)
    return sorted(page.translations.values_list("language", "title", "summary"))


@pytest.mark.parametrize("version", ["3.0", "3.1"])
def test_translations_are_read_exported_valid_and_round_trip(version, tree, tmp_path):
    if version == "3.0":
        services = [translated(s) for s in load("services_3_0.json")]
    else:
        services = [translated(load("service_3_1.json"))]
    output = run_import(write_json(tmp_path, services))
    assert f"Gelesen als HSDS {version}" in output
    expected = sorted((t["language"], t["name"], t["summary"]) for t in TRANSLATIONS)
    for service in services:
        assert stored(service["id"]) == expected

    first = json.loads(run_export("--all"))
    assert len(first) == len(services)
    for service in first:
        assert errors(service, "service") == [], service["id"]
        assert service["translations"] == sorted(TRANSLATIONS, key=lambda t: t["language"])

    # Into an empty directory and out again: the same translations.
    for page in OfferPage.objects.all():
        page.delete()
    for page in OrganizationPage.objects.all():
        page.delete()
    assert not OfferTranslation.objects.exists()
    run_import(write_json(tmp_path, first, "export.json"))
    second = json.loads(run_export("--all"))
    assert [s["translations"] for s in second] == [s["translations"] for s in first]
    assert summary(run_import(write_json(tmp_path, second, "again.json")))["unchanged"] == len(
        first
    )


def test_a_changed_translation_updates_a_missing_list_keeps_and_an_empty_one_clears(tree, tmp_path):
    service = translated(load("service_3_1.json"))
    run_import(write_json(tmp_path, service))
    changed = {
        **service,
        "translations": [{"language": "uk", "name": "Акушерка", "summary": "Консультація."}],
    }
    assert summary(run_import(write_json(tmp_path, changed, "changed.json")))["updated"] == 1
    assert stored(service["id"]) == [("uk", "Акушерка", "Консультація.")]
    # A document without the extension says nothing about translations: they stay.
    plain = {key: value for key, value in changed.items() if key != "translations"}
    assert summary(run_import(write_json(tmp_path, plain, "plain.json")))["unchanged"] == 1
    assert stored(service["id"]) == [("uk", "Акушерка", "Консультація.")]
    # An empty list empties them.
    emptied = {**service, "translations": []}
    run_import(write_json(tmp_path, emptied, "emptied.json"))
    assert stored(service["id"]) == []


def test_half_translations_and_other_languages_are_dropped_with_a_warning(tree, tmp_path):
    service = {
        **load("service_3_1.json"),
        "translations": [
            {"language": "fr", "name": "Sage-femme", "summary": "Consultation."},
            {"language": "tr", "name": "Ebe danışma saati"},
            {"language": "uk", "name": "Акушерка", "summary": "Консультація."},
        ],
    }
    output = run_import(write_json(tmp_path, service))
    assert "Übersetzung in 'fr' verworfen" in output
    assert "Übersetzung (tr) ohne Titel oder Kurzbeschreibung verworfen" in output
    assert stored(service["id"]) == [("uk", "Акушерка", "Консультація.")]
