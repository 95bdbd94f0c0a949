"""One bad value costs at most its own row: non-finite and huge numbers are reported and
dropped, lists and objects where text belongs reject the row naming the field, and offers
with neither a place nor a description wait as drafts unless --publish-incomplete."""

from __future__ import annotations

import pytest

from offers_directory.models import OfferPage

from .exchange import run_import, sample_services, summary, write_json
from .test_import_tabular import row, write_csv

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


@pytest.mark.parametrize(
    ("field", "value", "reported"),
    [
        ("minimum_age", "nan", "Mindestalter 'nan' ist keine Zahl"),
        ("maximum_age", "inf", "Höchstalter 'inf' ist keine Zahl"),
        ("minimum_age", 10**400, "Mindestalter 1000000"),
        ("cost_options", [{"amount": "NaN"}], "Betrag 'NaN' ist kein gültiger Betrag"),
        ("cost_options", [{"amount": 1e308}], "ist kein gültiger Betrag"),
        ("cost_options", [{"amount": 2_000_000}], "außerhalb des gültigen Bereichs"),
    ],
)
def test_bad_numbers_are_dropped_with_a_warning_and_every_row_kept(
    tree, tmp_path, field, value, reported
):
    services = sample_services()
    services[1][field] = value
    output = run_import(write_json(tmp_path, services))
    assert summary(output)["imported"] == len(services), output
    assert summary(output)["rejected"] == 0
    assert reported in output
    assert OfferPage.objects.count() == len(services)


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("name",), ["Liste", "statt", "Text"], "Feld name: eine Liste statt Text."),
        (("description",), {"de": "Text"}, "Feld description: ein Objekt statt Text."),
        (
            ("service_at_locations", 0, "location", "name"),
            ["Ort"],
            "Feld location.name: eine Liste statt Text.",
        ),
    ],
)
def test_a_list_or_object_where_text_belongs_rejects_the_row(tree, tmp_path, path, value, message):
    services = sample_services()
    target = services[0]
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    output = run_import(write_json(tmp_path, services))
    assert f"FEHLER: {message}" in output
    assert summary(output)["rejected"] == 1
    assert summary(output)["imported"] == len(services) - 1
    assert not OfferPage.objects.filter(title__startswith="[").exists()


def test_a_rejected_row_leaves_the_existing_offer_as_it_was(tree, tmp_path):
    services = sample_services()
    run_import(write_json(tmp_path, services))
    before = OfferPage.objects.get(source_id=services[0]["id"])
    services[0]["name"] = ["neu"]
    services[0]["description"] = "überschrieben"
    output = run_import(write_json(tmp_path, services))
    assert summary(output)["rejected"] == 1
    after = OfferPage.objects.get(pk=before.pk)
    assert (after.title, after.description, after.latest_revision_id) == (
        before.title,
        before.description,
        before.latest_revision_id,
    )


def test_nan_in_the_months_column_keeps_the_row(tree, tmp_path):
    rows = [
        row(id="A-1", title="Elterncafé", min="nan", max="inf", plz="21423", city="Winsen"),
        row(id="A-2", title="Babymassage", min="1e400", plz="21423", city="Winsen"),
        row(id="A-3", title="Hebamme", plz="21423", city="Winsen"),
    ]
    output = run_import(write_csv(tmp_path, rows))
    assert summary(output)["imported"] == 3, output
    assert "Alter von 'nan' ist keine ganze Zahl von Monaten" in output
    assert OfferPage.objects.get(source_id="A-1").min_age_months is None


def test_offers_without_place_or_description_wait_as_drafts(tree, tmp_path):
    rows = [row(id="B-1", title="Nur ein Titel"), row(id="B-2", title="Mit Ort", plz="21423")]
    output = run_import(write_csv(tmp_path, rows))
    assert "Zeile 2: Warnung: Weder Standort noch Beschreibung: als Entwurf gespeichert" in output
    assert summary(output)["imported"] == 2
    bare = OfferPage.objects.get(source_id="B-1")
    assert not bare.live and bare.has_unpublished_changes
    assert OfferPage.objects.get(source_id="B-2").live


def test_publish_incomplete_publishes_them(tree, tmp_path):
    path = write_csv(tmp_path, [row(id="C-1", title="Nur ein Titel")])
    output = run_import(path, "--publish-incomplete")
    assert "Weder Standort noch Beschreibung" not in output
    assert OfferPage.objects.get(source_id="C-1").live
