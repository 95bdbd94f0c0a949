"""The offline gazetteer: postcodes and place names → coordinates, namesakes told apart,
suggestions, "lat,lon" input, the coverage of the committed data."""

import gzip
import json
import statistics

import pytest

from offers_directory.geocoding import (
    GeocodingError,
    InvalidCoordinates,
    gazetteer_stats,
    resolve_place,
    resolve_place_candidates,
    suggest_places,
)
from offers_directory.geocoding.gazetteer import DATA_FILE, get_gazetteer
from tests.offers.places import km

pytestmark = pytest.mark.embedded

WINSEN_LUHE = (53.36, 10.21)
WINSEN_ALLER = (52.68, 9.91)
BUCHHOLZ_NORDHEIDE = (53.33, 9.87)


def point(result) -> tuple[float, float]:
    assert result is not None
    return (result.latitude, result.longitude)


def raw_data() -> dict:
    with gzip.open(DATA_FILE, "rt", encoding="utf-8") as fh:
        return json.load(fh)


# --- postcodes and names -----------------------------------------------------------------


def test_postcode_21423_is_winsen_luhe():
    result = resolve_place("21423")
    assert km(point(result), WINSEN_LUHE) < 3
    assert result.label == "21423 Winsen (Luhe)"
    assert (result.postal_code, result.city) == ("21423", "Winsen (Luhe)")
    assert (result.precision, result.source) == ("approximate", "offline")


def test_postcode_29308_is_winsen_aller():
    result = resolve_place("29308")
    assert km(point(result), WINSEN_ALLER) < 3
    assert result.city == "Winsen (Aller)"


@pytest.mark.parametrize(
    "text", ["Winsen (Luhe)", "Winsen Luhe", "winsen (luhe)", "WINSEN/LUHE", "Winsen an der Luhe"]
)
def test_spellings_of_winsen_luhe(text):
    assert km(point(resolve_place(text)), WINSEN_LUHE) < 3


@pytest.mark.parametrize("text", ["Winsen (Aller)", "winsen (aller)", "Winsen Aller", "29308"])
def test_spellings_of_winsen_aller(text):
    assert km(point(resolve_place(text)), WINSEN_ALLER) < 3


def test_namesakes_are_told_apart_by_qualifier_and_postcode():
    luhe, aller = resolve_place("Winsen (Luhe)"), resolve_place("Winsen (Aller)")
    assert km(point(luhe), point(aller)) > 50
    assert km(point(resolve_place("21423")), point(aller)) > 50
    assert km(point(resolve_place("29308")), point(luhe)) > 50


def test_place_with_linking_words():
    result = resolve_place("Buchholz in der Nordheide")
    assert km(point(result), BUCHHOLZ_NORDHEIDE) < 3
    assert km(point(resolve_place("21244")), BUCHHOLZ_NORDHEIDE) < 3


def test_postcode_and_name_together():
    # The named place within the postcode area, not the postcode's main town.
    drage = resolve_place("21423 Drage")
    assert drage.city == "Drage"
    assert 3 < km(point(drage), WINSEN_LUHE) < 20
    assert resolve_place("Winsen (Luhe), 21423").city == "Winsen (Luhe)"
    # An unknown postcode does not hide a known name.
    assert km(point(resolve_place("00000 Winsen (Aller)")), WINSEN_ALLER) < 3


def test_unqualified_name_lists_every_namesake_most_populous_first():
    candidates = resolve_place_candidates("Winsen")
    points = [point(c) for c in candidates]
    assert any(km(p, WINSEN_LUHE) < 3 for p in points)
    assert any(km(p, WINSEN_ALLER) < 3 for p in points)
    # Winsen (Luhe) (about 35,000 inhabitants) before Winsen (Aller) and the Holstein village.
    assert km(points[0], WINSEN_LUHE) < 3
    assert km(point(resolve_place("Winsen")), WINSEN_LUHE) < 3
    # Labels tell namesakes apart.
    assert len({c.label for c in candidates}) == len(candidates)


def test_unknown_input():
    assert resolve_place("") is None
    assert resolve_place("   ") is None
    assert resolve_place("Xyzzyhausen am Nirgendwo") is None
    assert resolve_place("99999") is None


# --- ambiguous names in the data ---------------------------------------------------------


def test_each_buchholz_lies_among_its_postcode_neighbours():
    """ "Buchholz" is the name of places in several postcode areas; each postcode's Buchholz
    must be the one near the other places of that postcode region, not a namesake."""
    gazetteer = get_gazetteer()
    buchholz = [
        row
        for code in gazetteer.postcodes
        for row in gazetteer.postcode_rows(code)
        if row.name == "Buchholz" and row.quality == "place"
    ]
    assert len({row.geonameid for row in buchholz}) >= 3
    spread = max(
        km((a.latitude, a.longitude), (b.latitude, b.longitude)) for a in buchholz for b in buchholz
    )
    assert spread > 100
    for row in buchholz:
        neighbours = [
            (other.latitude, other.longitude)
            for code in gazetteer.postcodes
            if code[:3] == row.postal_code[:3] and code != row.postal_code
            for other in gazetteer.postcode_rows(code)
            if other.quality == "place"
        ]
        assert neighbours, row
        nearest = min(km((row.latitude, row.longitude), p) for p in neighbours)
        assert nearest < 40, (row, nearest)


def test_ambiguous_names_are_placed_near_their_neighbours():
    """Every row placed on a GeoNames place whose name exists several times in Germany lies
    within reach of the median of its three-digit postcode region."""
    data = raw_data()
    rows = data["rows"]
    geonameids_by_name: dict[str, set[int]] = {}
    for _code, name, _lat, _lon, gid, _pop, quality in rows:
        if quality == "place":
            geonameids_by_name.setdefault(name, set()).add(gid)
    by_region: dict[str, list[tuple[float, float]]] = {}
    for code, _name, lat, lon, _gid, _pop, quality in rows:
        if quality == "place":
            by_region.setdefault(code[:3], []).append((lat, lon))
    checked = 0
    for code, name, lat, lon, _gid, _pop, quality in rows:
        if quality != "place" or len(geonameids_by_name[name]) < 2:
            continue
        region = by_region[code[:3]]
        centre = (statistics.median(p[0] for p in region), statistics.median(p[1] for p in region))
        assert km((lat, lon), centre) < 150, (code, name)
        checked += 1
    assert checked > 500


# --- suggestions -------------------------------------------------------------------------


def test_suggest_postcode_prefix():
    results = suggest_places("214")
    assert len(results) == 10
    assert all(r.postal_code.startswith("214") for r in results)
    assert [r.postal_code for r in results] == sorted(r.postal_code for r in results)
    labels = [r.label for r in suggest_places("2142", limit=50)]
    assert "21423 Winsen (Luhe)" in labels
    assert "21423 Drage" in labels
    assert [r.city for r in suggest_places("21423 Dr")] == ["Drage"]
    assert len(suggest_places("214", limit=3)) == 3


def test_suggest_name_prefix():
    results = suggest_places("Wins")
    assert all(r.city.lower().startswith("wins") for r in results)
    points = [point(r) for r in results]
    assert any(km(p, WINSEN_LUHE) < 3 for p in points)
    assert any(km(p, WINSEN_ALLER) < 3 for p in points)
    assert km(points[0], WINSEN_LUHE) < 3  # the largest first
    assert suggest_places("") == []
    assert suggest_places("Xyzzy") == []


def test_suggestions_are_umlaut_and_abbreviation_tolerant():
    assert "München" in [r.city for r in suggest_places("Muenchen")]
    assert "München" in [r.city for r in suggest_places("Mün")]
    assert "St. Blasien" in [r.city for r in suggest_places("Sankt Bl")]
    # An unfinished word is not taken for an abbreviation: "St" completes "Stade" too.
    assert "Stade" in [r.city for r in suggest_places("St", limit=20)]


# --- coordinates -------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["53.36,10.21", "53.36, 10.21", " 53.36;10.21 ", "53.36 10.21"])
def test_coordinates(text):
    result = resolve_place(text)
    assert (result.latitude, result.longitude) == (53.36, 10.21)
    assert result.precision == "exact"


def test_coordinates_with_signs():
    result = resolve_place("-33.92,-18.42")
    assert (result.latitude, result.longitude) == (-33.92, -18.42)


@pytest.mark.parametrize("text", ["100,10", "-90.5,10", "53.36,181", "53.36,-200.5"])
def test_coordinates_out_of_range_are_an_error(text):
    with pytest.raises(InvalidCoordinates) as caught:
        resolve_place(text)
    assert isinstance(caught.value, GeocodingError)
    assert "out of range" in str(caught.value)


# --- the data and its build --------------------------------------------------------------


def test_coverage_of_the_committed_data():
    stats = gazetteer_stats()
    data = raw_data()
    rows = data["rows"]
    postcodes = {row[0] for row in rows}
    matched = {row[0] for row in rows if row[6] == "place"}
    from_prefix = {row[0] for row in rows if row[6] == "prefix"}
    # The recorded figures agree with the rows themselves.
    assert stats["postcodes_matched"] == len(matched)
    assert stats["postcodes_prefix"] == len(from_prefix)
    assert stats["postcodes"] == len(postcodes) + stats["postcodes_without_coordinates"]
    assert stats["postcodes"] > 8000
    assert len(matched) / stats["postcodes"] >= 0.90
    assert stats["ambiguous_entries_resolved"] > 1000
    # Every postcode has coordinates in Germany.
    for _code, _name, lat, lon, *_ in rows:
        assert 47.2 < lat < 55.1 and 5.8 < lon < 15.1
    assert "OpenStreetMap" in data["attribution"] and "GeoNames" in data["attribution"]
    assert DATA_FILE.stat().st_size < 3 * 1024 * 1024


def test_licence_credits_are_shipped():
    readme = (DATA_FILE.parent / "README.md").read_text(encoding="utf-8")
    for needle in ("OpenStreetMap", "ODbL", "GeoNames", "CC BY 4.0", "suche-postleitzahl.org"):
        assert needle in readme


# --- postcode positions and counties -----------------------------------------------------

WANZLEBEN = (52.0609, 11.4408)
MAGDEBURG = (52.1277, 11.6292)


@pytest.mark.parametrize(
    ("postcode", "town"),
    [("39164", WANZLEBEN), ("39167", (52.1342, 11.5009))],  # Hohe Börde: Niederndodeleben
)
def test_postcode_of_a_merged_municipality_lies_in_its_own_area(postcode, town):
    """No GeoNames place is called "Wanzleben-Börde" or "Hohe Börde": the postcode used to
    borrow its neighbours' centre, Magdeburg's, some 15 km off."""
    found = point(resolve_place(postcode))
    assert km(found, town) < 3.0
    assert km(found, MAGDEBURG) > 5.0
    assert point(resolve_place(f"{postcode} Wanzleben-Börde")) == found


def test_repositioned_postcodes_are_counted_and_keep_their_places_own_point():
    data = raw_data()
    assert data["stats"]["postcodes_repositioned"] == len(data["positions"]) > 0
    # A city keeps its own point for lookups by name; its other postcodes lie elsewhere.
    magdeburg = point(resolve_place("Magdeburg"))
    assert km(magdeburg, MAGDEBURG) < 1.0
    assert km(point(resolve_place("39114")), magdeburg) > 3.0


def test_postcodes_know_their_county():
    gazetteer = get_gazetteer()
    assert gazetteer.counties["39164"] == "Landkreis Börde"
    assert gazetteer.counties["21423"] == "Landkreis Harburg"
    assert len(gazetteer.counties) / len(gazetteer.postcodes) > 0.99


# --- namesakes asked about, suggestions near a region ------------------------------------


def test_a_bare_name_of_several_places_is_ambiguous():
    from offers_directory.geocoding import ambiguous_place

    neustadts = ambiguous_place("Neustadt")
    assert len(neustadts) >= 5
    assert len({(c.name, c.county) for c in neustadts}) == len(neustadts)
    for candidate in neustadts:
        # Each candidate's `near` resolves to that very place.
        assert (
            km(point(resolve_place(candidate.near)), (candidate.latitude, candidate.longitude)) < 10
        )
    assert {c.name for c in ambiguous_place("Winsen")} >= {"Winsen (Luhe)", "Winsen (Aller)"}


@pytest.mark.parametrize(
    "text", ["Berlin", "Hamburg", "Winsen (Aller)", "21423", "Neustadt 67433", "53.3,10.2"]
)
def test_clear_places_are_not_ambiguous(text):
    from offers_directory.geocoding import ambiguous_place

    assert ambiguous_place(text) == []


def test_place_suggestions_near_a_region_come_first():
    from offers_directory.geocoding import region_centre

    harburg = region_centre("Landkreis Harburg")
    assert harburg is not None and km(harburg, WINSEN_LUHE) < 30
    assert region_centre("Harburg") == harburg
    assert region_centre("Atlantis") is None
    assert km(region_centre("Wittenberg und Dessau-Roßlau"), (51.84, 12.25)) < 40
    near = suggest_places("Neu", 3, near=harburg)
    assert all(km(point(p), harburg) < 50 for p in near)
    assert {p.label for p in suggest_places("Neu", 3)} != {p.label for p in near}
