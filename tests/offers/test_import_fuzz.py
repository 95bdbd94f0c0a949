"""Generated HSDS and CSV files, good rows mixed with broken ones (non-finite and huge
numbers, lists and objects where text belongs, NUL bytes, long text): the import never
crashes, keeps every good row, and a rejected row leaves the offer it names as it was.
Hypothesis with a fixed seed and few examples, so the run is repeatable and short."""

from __future__ import annotations

import csv
import io
import itertools
import json
from typing import Any

from django.db import transaction

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from offers_directory.importers.tabular import HEADERS
from offers_directory.models import OfferPage

from .exchange import run_import, summary

pytestmark = [pytest.mark.django_db]

# No shrinking: a failure is shown as generated, so a failing run stays as short as a passing one.
FUZZ = settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    phases=(Phase.explicit, Phase.generate),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
ids = itertools.count(1)

words = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
    min_size=1,
    max_size=40,
).filter(lambda value: any(c.isalnum() for c in value))
# Values that broke or could break a reader: non-finite and huge numbers, containers where
# text belongs, control characters, very long text.
hostile = st.sampled_from(
    [
        "nan",
        "NaN",
        "inf",
        "-Infinity",
        "1e400",
        float("nan"),
        float("inf"),
        10**400,
        -(10**30),
        ["Liste", "statt", "Text"],
        {"ein": "Objekt"},
        "a\x00b",
        "x" * 10_000,
        True,
        "²",
        "",
        None,
    ]
)
TEXT_FIELDS = ("name", "description", "email", "url", "status", "alternate_name")
ANY_FIELDS = (*TEXT_FIELDS, "minimum_age", "maximum_age", "assured_date")


def service(number: int, name: str, description: str, age: float | None) -> dict[str, Any]:
    return {
        "id": f"fuzz-{number}",
        "name": name,
        "description": description,
        "minimum_age": age,
        "cost_options": [{"amount": 12.5}],
        "service_at_locations": [
            {
                "id": f"fuzz-sal-{number}",
                "location": {
                    "id": f"fuzz-loc-{number}",
                    "latitude": 53.3577,
                    "longitude": 10.2113,
                    "addresses": [
                        {"address_1": "Rathausstraße 1", "city": "Winsen", "postal_code": "21423"}
                    ],
                },
            }
        ],
    }


good_services = st.lists(
    st.builds(
        lambda name, description, age: service(next(ids), name, description, age),
        words,
        words,
        st.none() | st.floats(min_value=0, max_value=17, allow_nan=False),
    ),
    min_size=1,
    max_size=4,
)


@st.composite
def broken_services(draw: st.DrawFn) -> dict[str, Any]:
    broken = service(next(ids), draw(words), draw(words), None)
    for field in draw(st.lists(st.sampled_from(ANY_FIELDS), min_size=1, max_size=3)):
        broken[field] = draw(hostile)
    if draw(st.booleans()):
        location = broken["service_at_locations"][0]["location"]
        location[draw(st.sampled_from(["latitude", "longitude", "name"]))] = draw(hostile)
    if draw(st.booleans()):
        broken["cost_options"] = [{"amount": draw(hostile)}]
    return broken


def existing_offer(tmp_path) -> OfferPage:
    path = tmp_path / "existing.json"
    path.write_text(json.dumps([service(0, "Bestehendes Angebot", "Wie es war", 1)]))
    run_import(path, "--no-progress")
    return OfferPage.objects.get(source_id="fuzz-0")


def kept_as_it_was(offer: OfferPage) -> bool:
    fresh = OfferPage.objects.get(pk=offer.pk)
    return (fresh.title, fresh.description, fresh.live, fresh.latest_revision_id) == (
        offer.title,
        offer.description,
        offer.live,
        offer.latest_revision_id,
    )


@pytest.fixture
def rollback():
    """Each generated example starts from the same database."""

    class Rollback:
        def __enter__(self):
            self.atomic = transaction.atomic()
            self.atomic.__enter__()

        def __exit__(self, *exc):
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)

    return Rollback()


def assert_every_good_one_imported(
    output: str, total: int, wanted: list[tuple[str, str, str]]
) -> None:
    """Each of the `total` offers was imported or rejected, and every good one (source id,
    title, description) is a live offer with its text, trimmed."""
    counts = summary(output)
    assert counts["imported"] + counts["rejected"] == total, output
    for source_id, title, description in wanted:
        offer = OfferPage.objects.filter(source_id=source_id).first()
        assert offer is not None, output
        assert (offer.title, offer.description, offer.live) == (
            title.strip(),
            description.strip(),
            True,
        )


@FUZZ
@given(good=good_services, broken=st.lists(broken_services(), min_size=1, max_size=3))
def test_hsds_import_keeps_every_good_service(tree, tmp_path, rollback, good, broken):
    with rollback:
        existing = existing_offer(tmp_path)
        # The existing offer's id with a list for its name: rejected, the offer stays.
        clash = service(0, ["Liste"], "überschrieben", 1)  # type: ignore[arg-type]
        path = tmp_path / "services.json"
        services = [*broken[:1], *good, clash, *broken[1:]]
        path.write_text(json.dumps(services, ensure_ascii=False), encoding="utf-8")
        output = run_import(path, "--no-progress")
        wanted = [(item["id"], item["name"], item["description"]) for item in good]
        assert_every_good_one_imported(output, len(services), wanted)
        assert "Feld name: eine Liste statt Text." in output
        assert kept_as_it_was(existing)


csv_cell = words.filter(lambda value: not set(value) & set(';,"\r\n'))
good_rows = st.lists(
    st.fixed_dictionaries(
        {
            "Titel": csv_cell,
            "Beschreibung": csv_cell,
            "Alter von (Monate)": st.sampled_from(["", "0", "12"]),
            "Gebühr (EUR)": st.sampled_from(["", "12,50"]),
            "PLZ": st.just("21423"),
            "Ort": st.just("Winsen (Luhe)"),
        }
    ),
    min_size=1,
    max_size=4,
)
hostile_cells = st.sampled_from(
    ["nan", "NaN", "inf", "-inf", "1e400", "9" * 400, "²", "x" * 10_000, "a\x00b", "[1, 2]"]
)
broken_rows = st.lists(
    st.fixed_dictionaries(
        {
            "Titel": csv_cell,
            "Alter von (Monate)": hostile_cells,
            "Alter bis (Monate)": hostile_cells,
            "Gebühr (EUR)": hostile_cells,
            "Breitengrad": hostile_cells,
            "Längengrad": hostile_cells,
            "Zuletzt geprüft": hostile_cells,
        }
    ),
    min_size=1,
    max_size=3,
)


def write_csv(tmp_path, rows: list[dict[str, str]]):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(HEADERS)
    writer.writerows([[row.get(header, "") for header in HEADERS] for row in rows])
    path = tmp_path / "angebote.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


@FUZZ
@given(good=good_rows, broken=broken_rows)
def test_csv_import_keeps_every_good_row(tree, tmp_path, rollback, good, broken):
    with rollback:
        rows = []
        for row in good:
            rows.append({**row, "Angebots-ID": f"csv-fuzz-{next(ids)}"})
        for row in broken:
            rows.append({**row, "Angebots-ID": f"csv-fuzz-{next(ids)}"})
        output = run_import(write_csv(tmp_path, rows), "--no-progress")
        wanted = [(r["Angebots-ID"], r["Titel"], r["Beschreibung"]) for r in rows[: len(good)]]
        assert_every_good_one_imported(output, len(rows), wanted)
