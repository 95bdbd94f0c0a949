"""Service-area coverage as geohash cells (the stand-in for geo_shape)."""

import math
import random
from functools import partial

from offers_directory import geo
from offers_directory.models import OfferServiceArea
from search import geocells
from search.geocells import CircleShape, PolygonShape
from tests.search import geocells_oracle
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


def _ring(rng, lat, lon, radius_km, corners, jitter):
    """A closed ring of `corners` points around (lat, lon), like benchmarks/generate.py's."""
    ring = []
    for step in range(corners):
        angle = 2 * math.pi * step / corners
        distance = radius_km * (1 - jitter * rng.random())
        ring.append(
            [
                round(lon + distance / (111.0 * math.cos(math.radians(lat))) * math.cos(angle), 5),
                round(lat + distance / 111.0 * math.sin(angle), 5),
            ]
        )
    return [*ring, ring[0]]


def _corner(rng, precision):
    """A corner of a random geohash cell: shapes through it meet cells' borders exactly."""
    south, west, north, east = geocells.bounds(
        geocells.encode(rng.uniform(-60, 70), rng.uniform(-170, 170), precision)
    )
    return rng.choice((south, north)), rng.choice((west, east))


def _random_shapes(rng, count):
    """(kind, shape) of every sort an area has or could have: generated octagons, polygons
    with holes and islands, polygons along cell borders, tiny ones, circles of every size."""
    for index in range(count):
        lat, lon = rng.uniform(-65, 70), rng.uniform(-175, 175)
        sort = index % 7
        if sort == 0:
            yield "polygon", {"type": "Polygon", "coordinates": [_ring(rng, lat, lon, 25, 8, 0.3)]}
        elif sort == 1:
            radius = rng.uniform(2, 15)
            outer = _ring(rng, lat, lon, radius, 40, 0.4)
            hole = _ring(rng, lat, lon, radius * 0.3, 9, 0.3)[::-1]
            east = lon + 2.2 * radius / (111.0 * math.cos(math.radians(lat)))
            island = _ring(rng, lat, east, radius * 0.4, 12, 0.3)
            yield "polygon", {"type": "MultiPolygon", "coordinates": [[outer, hole], [island]]}
        elif sort == 2:
            # Vertices on cell corners and a box whose sides run along cell borders.
            lat, lon = _corner(rng, rng.randint(4, 6))
            south, west, north, east = geocells.bounds(geocells.encode(lat, lon, 5))
            ring = [[lon, lat], [east, south], [east, north + (north - south)], [west, north]]
            yield "polygon", {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}
            yield "polygon", box_polygon(south, west, north + (north - south), east)
        elif sort == 3:
            size = rng.choice((0.0005, 0.003, 0.05))
            ring = [[lon, lat], [lon + size, lat + size / 7], [lon + size / 3, lat + size]]
            yield "polygon", {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}
        elif sort == 4:
            yield "circle", (lat, lon, rng.choice((0.01, 0.4, 3.0, 15.0, 20.0, 30.0, 40.0)))
        elif sort == 5:
            yield "circle", (*_corner(rng, rng.randint(3, 6)), rng.uniform(0.3, 25))
        else:
            yield "circle", (lat, lon, rng.uniform(150, 300))  # past MAX_CELLS


def _contains(shape: geocells.Shape):
    return lambda latitude, longitude: shape.row_contains(latitude, [longitude])[0]


def _cells(module, kind, shape):
    return module.polygon_cells(shape) if kind == "polygon" else module.circle_cells(*shape)


def test_the_cells_are_those_of_classifying_every_cell_on_its_own():
    # The cover classifies a cell's children at once from what their parent found; the
    # oracle is the former cell-by-cell covering, so both must give exactly the same cells.
    rng = random.Random(8)
    capped = 0
    for kind, shape in _random_shapes(rng, 70):
        cells = _cells(geocells, kind, shape)
        assert cells == _cells(geocells_oracle, kind, shape), (kind, shape)
        capped += len(cells) > geocells.MAX_CELLS / 2
    assert capped >= 5  # the huge circles reached MAX_CELLS


def test_cells_lie_inside_and_cover_every_finest_cell_whose_centre_is_inside():
    rng = random.Random(9)
    for kind, shape in _random_shapes(rng, 35):
        if kind == "polygon":
            contains = _contains(PolygonShape(shape))
            south, west, north, east = geo.geometry_bounds(shape)
        else:
            contains = _contains(CircleShape(*shape))
            lat, lon, radius = shape
            if radius > 100:
                continue
            south, north = lat - radius / 111, lat + radius / 111
            west = lon - radius / (111 * math.cos(math.radians(lat)))
            east = lon + radius / (111 * math.cos(math.radians(lat)))
        cells = _cells(geocells, kind, shape)
        for cell in cells:
            cell_south, cell_west, cell_north, cell_east = geocells.bounds(cell)
            assert contains((cell_south + cell_north) / 2, (cell_west + cell_east) / 2), cell
        finest = geocells._cells_covering_box((south, west, north, east), geocells.MAX_PRECISION)
        for cell in rng.sample(sorted(finest), min(len(finest), 300)):
            cell_south, cell_west, cell_north, cell_east = geocells.bounds(cell)
            if contains((cell_south + cell_north) / 2, (cell_west + cell_east) / 2):
                prefixes = {cell[:p] for p in range(geocells.MIN_PRECISION, len(cell) + 1)}
                assert cells & prefixes, cell


def test_the_point_in_polygon_and_distances_are_those_of_the_geometry_module():
    rng = random.Random(10)
    for kind, shape in _random_shapes(rng, 70):
        if kind == "polygon":
            fast, exact = _contains(PolygonShape(shape)), partial(geo.geometry_contains, shape)
            south, west, north, east = geo.geometry_bounds(shape)
        else:
            lat, lon, radius = shape
            fast = _contains(CircleShape(lat, lon, radius))
            exact = lambda la, lo, s=shape: geo.haversine_km(s[0], s[1], la, lo) <= s[2]  # noqa: E731
            south, west, north, east = lat - 1, lon - 1, lat + 1, lon + 1
        for _ in range(50):
            point = rng.uniform(south, north), rng.uniform(west, east)
            assert fast(*point) == exact(*point), (shape, point)
    for _ in range(500):
        lat, lon = rng.uniform(-90, 90), rng.uniform(-180, 180)
        other = rng.uniform(-90, 90), rng.uniform(-180, 180)
        distances = geo.DistancesFrom(lat, lon)
        split = distances.km(
            distances.latitude_part(other[0]), distances.longitude_parts([other[1]])
        )
        assert split == [geo.haversine_km(lat, lon, *other)]
