"""Service-area coverage as geohash cells (the stand-in for geo_shape)."""

import random

from offers_directory.models import OfferServiceArea
from search import geocells
from tests.search.conftest import box_polygon

POLYGON = {
    "type": "Polygon",
    "coordinates": [[[10.0, 53.2], [10.5, 53.25], [10.3, 53.6], [9.9, 53.5], [10.0, 53.2]]],
}


def test_encode_matches_known_geohashes():
    # Reference values from the geohash definition (e.g. geohash.org).
    assert geocells.encode(57.64911, 10.40744, 11) == "u4pruydqqvj"
    assert geocells.encode(53.5511, 9.9937, 5) == "u1x0e"
    south, west, north, east = geocells.bounds("u1x0e")
    assert south <= 53.5511 <= north and west <= 9.9937 <= east


def _edge_distance_ok(area, lat, lon, margin=0.02):
    # Points within ~2 km of the edge may differ by up to one finest cell.
    return all(
        area.covers(lat + dlat, lon + dlon) == area.covers(lat, lon)
        for dlat in (-margin, 0, margin)
        for dlon in (-margin, 0, margin)
    )


def test_cells_agree_with_the_exact_geometry_away_from_the_edge():
    rng = random.Random(3)
    areas = [
        OfferServiceArea(name="Polygon", extent=POLYGON),
        OfferServiceArea(name="Box", extent=box_polygon(53.0, 9.5, 53.1, 9.7)),
        OfferServiceArea(name="Kreis", center_latitude=53.25, center_longitude=10.41, radius_km=30),
    ]
    for area in areas:
        cells = set(geocells.area_cells([area]))
        assert 0 < len(cells) <= geocells.MAX_CELLS
        checked = 0
        for _ in range(400):
            lat, lon = rng.uniform(52.7, 53.9), rng.uniform(9.3, 11.0)
            if not _edge_distance_ok(area, lat, lon):
                continue
            checked += 1
            found = bool(cells & set(geocells.point_cells(lat, lon)))
            assert found == area.covers(lat, lon), (area.name, lat, lon)
        assert checked > 200


def test_subdivided_cells_have_exactly_the_bounds_their_geohash_decodes_to():
    # The cover bisects each cell's bounds on instead of decoding every child from the
    # globe down; an edge cell's verdict depends on its bounds to the last bit.
    rng = random.Random(5)
    for _ in range(200):
        cell = geocells.encode(rng.uniform(-89, 89), rng.uniform(-179, 179), rng.randint(1, 6))
        lats, lons = geocells._child_grid(cell, geocells.bounds(cell))
        places = geocells._GRID[len(cell) * 5 % 2 == 0]
        assert [char for char, _x, _y in places] == list(geocells._BASE32)
        for char, x, y in places:
            box = (lats[y], lons[x], lats[y + 1], lons[x + 1])
            assert box == geocells.bounds(cell + char), cell + char
