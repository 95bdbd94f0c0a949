"""Service-area coverage as geohash cells, computed in Python.

Why: the integ-test Elasticsearch distribution has no geo_shape field (that lives in the
x-pack spatial module), so "does this outreach offer's area cover the family's point" cannot
be a shape query. Instead every area is covered by a set of geohash cells at mixed
precisions (large cells in its interior, small ones along its edge), stored as keywords; a
query looks up the family point's cells at every precision with one `terms` query. This
works on every distribution and costs one keyword field. Along the boundary the answer is
exact to the finest cell (precision 6, about 1.2 × 0.6 km); the database engine uses the
exact geometry, so the two can differ only within that margin of an area's edge.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import Any

from offers_directory import geo

_BASE32 = "0123456789bcdefghjkmnpqrstuvwxyz"
MIN_PRECISION = 2
MAX_PRECISION = 6
# An area is never described by more cells than this; past it the edge stays coarser.
MAX_CELLS = 6000

INSIDE, PARTIAL, OUTSIDE = "inside", "partial", "outside"
Box = tuple[float, float, float, float]  # south, west, north, east
Point = tuple[float, float]  # longitude, latitude (GeoJSON order)


def encode(latitude: float, longitude: float, precision: int) -> str:
    lat_lo, lat_hi, lon_lo, lon_hi = -90.0, 90.0, -180.0, 180.0
    chars = []
    bits = 0
    value = 0
    even = True
    while len(chars) < precision:
        if even:
            mid = (lon_lo + lon_hi) / 2
            if longitude >= mid:
                value = value * 2 + 1
                lon_lo = mid
            else:
                value *= 2
                lon_hi = mid
        else:
            mid = (lat_lo + lat_hi) / 2
            if latitude >= mid:
                value = value * 2 + 1
                lat_lo = mid
            else:
                value *= 2
                lat_hi = mid
        even = not even
        bits += 1
        if bits == 5:
            chars.append(_BASE32[value])
            bits = 0
            value = 0
    return "".join(chars)


def bounds(cell: str) -> Box:
    lat_lo, lat_hi, lon_lo, lon_hi = -90.0, 90.0, -180.0, 180.0
    even = True
    for char in cell:
        value = _BASE32.index(char)
        for shift in range(4, -1, -1):
            bit = (value >> shift) & 1
            if even:
                mid = (lon_lo + lon_hi) / 2
                lon_lo, lon_hi = (mid, lon_hi) if bit else (lon_lo, mid)
            else:
                mid = (lat_lo + lat_hi) / 2
                lat_lo, lat_hi = (mid, lat_hi) if bit else (lat_lo, mid)
            even = not even
    return lat_lo, lon_lo, lat_hi, lon_hi


def point_cells(latitude: float, longitude: float) -> list[str]:
    """The point's cell at every precision an area may use (what a query looks up)."""
    full = encode(latitude, longitude, MAX_PRECISION)
    return [full[:p] for p in range(MIN_PRECISION, MAX_PRECISION + 1)]


def _cells_covering_box(box: Box, precision: int) -> set[str]:
    south, west, north, east = box
    cells: set[str] = set()
    probe = bounds(encode(south, west, precision))
    step_lat = probe[2] - probe[0]
    step_lon = probe[3] - probe[1]
    lat = south
    while lat <= north + step_lat:
        lon = west
        while lon <= east + step_lon:
            cells.add(encode(min(lat, 89.999999), min(lon, 179.999999), precision))
            lon += step_lon
        lat += step_lat
    return cells


def _segments_cross(p1, p2, q1, q2) -> bool:
    def orient(a, b, c) -> float:
        return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])

    d1, d2 = orient(q1, q2, p1), orient(q1, q2, p2)
    d3, d4 = orient(p1, p2, q1), orient(p1, p2, q2)
    return (d1 * d2 < 0) and (d3 * d4 < 0)


def polygon_classifier(geometry: dict) -> Callable[[Box], str]:
    """Classify a cell against a polygon. Most cells are far from most of the polygon's
    edges: an edge whose bounding box misses the cell cannot cross it, so only the others
    are tested. Corners are shared by neighbouring cells; each is tested once."""
    edges_of_rings: list[tuple[Point, Point, float, float, float, float]] = []
    polygons = (
        [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    )
    for polygon in polygons:
        for ring in polygon:
            points = [(float(p[0]), float(p[1])) for p in ring]
            for a, b in zip(points, points[1:], strict=False):
                edges_of_rings.append(
                    (a, b, min(a[0], b[0]), max(a[0], b[0]), min(a[1], b[1]), max(a[1], b[1]))
                )
    contains: dict[Point, bool] = {}

    def inside(corner: Point) -> bool:
        found = contains.get(corner)
        if found is None:
            found = contains[corner] = geo.geometry_contains(geometry, corner[1], corner[0])
        return found

    def classify(box: Box) -> str:
        south, west, north, east = box
        corners = [(west, south), (east, south), (east, north), (west, north)]
        box_edges = list(zip(corners, corners[1:] + corners[:1], strict=True))
        for a, b, low_lon, high_lon, low_lat, high_lat in edges_of_rings:
            if west < a[0] < east and south < a[1] < north:
                return PARTIAL
            if high_lon < west or low_lon > east or high_lat < south or low_lat > north:
                continue
            if any(_segments_cross(a, b, c, d) for c, d in box_edges):
                return PARTIAL
        verdicts = [inside(corner) for corner in corners]
        if all(verdicts):
            return INSIDE
        if any(verdicts):
            return PARTIAL
        return OUTSIDE

    return classify


def circle_classifier(latitude: float, longitude: float, radius_km: float) -> Callable[[Box], str]:
    distances: dict[tuple[float, float], float] = {}

    def distance(lat: float, lon: float) -> float:
        found = distances.get((lat, lon))
        if found is None:
            found = distances[(lat, lon)] = geo.haversine_km(latitude, longitude, lat, lon)
        return found

    def classify(box: Box) -> str:
        south, west, north, east = box
        near_lat = min(max(latitude, south), north)
        near_lon = min(max(longitude, west), east)
        # Neighbouring cells share their nearest points as they share corners.
        nearest = distance(near_lat, near_lon)
        if nearest > radius_km:
            return OUTSIDE
        corners = [(south, west), (south, east), (north, west), (north, east)]
        farthest = max(distance(la, lo) for la, lo in corners)
        return INSIDE if farthest <= radius_km else PARTIAL

    return classify


def _halves(low: float, high: float, bits: int) -> list[float]:
    """The 2**bits + 1 edges of an interval halved `bits` times, each midpoint computed from
    the same two edges as when one cell's bounds are decoded bit by bit."""
    edges = [low, high]
    for _ in range(bits):
        split = [edges[0]]
        for a, b in zip(edges, edges[1:], strict=False):
            split += [(a + b) / 2, b]
        edges = split
    return edges


def _children(cell: str, box: Box) -> list[tuple[str, Box]]:
    """The 32 cells inside `cell` with their bounds, bisected on from the cell's own bounds
    (the same arithmetic as decoding each child, without starting from the globe again)."""
    south, west, north, east = box
    # A geohash character holds five bits, alternately longitude and latitude, longitude
    # first at even bit positions: three for one axis and two for the other.
    lon_first = len(cell) * 5 % 2 == 0
    lons = _halves(west, east, 3 if lon_first else 2)
    lats = _halves(south, north, 2 if lon_first else 3)
    return [
        (cell + char, (lats[y], lons[x], lats[y + 1], lons[x + 1]))
        for char, (x, y) in zip(_BASE32, _GRID[lon_first], strict=True)
    ]


def _grid(lon_first: bool) -> list[tuple[int, int]]:
    """Per geohash character: its (longitude, latitude) position among a cell's children."""
    places = []
    for value in range(32):
        b4, b3, b2, b1, b0 = ((value >> shift) & 1 for shift in range(4, -1, -1))
        three, two = b4 * 4 + b2 * 2 + b0, b3 * 2 + b1
        places.append((three, two) if lon_first else (two, three))
    return places


_GRID = {True: _grid(True), False: _grid(False)}


def cover(
    classify: Callable[[Box], str], box: Box, contains: Callable[[float, float], bool]
) -> set[str]:
    """Cells covering an area: whole cells inside it, subdivided along its edge down to
    MAX_PRECISION, where an edge cell counts when its centre is inside."""
    result: set[str] = set()
    frontier = [(cell, bounds(cell)) for cell in sorted(_cells_covering_box(box, MIN_PRECISION))]
    precision = MIN_PRECISION
    while frontier:
        next_frontier: list[tuple[str, Box]] = []
        for cell, cell_box in frontier:
            verdict = classify(cell_box)
            if verdict == INSIDE:
                result.add(cell)
            elif verdict == PARTIAL:
                if precision >= MAX_PRECISION or len(result) + len(next_frontier) > MAX_CELLS:
                    s, w, n, e = cell_box
                    if contains((s + n) / 2, (w + e) / 2):
                        result.add(cell)
                else:
                    next_frontier.extend(_children(cell, cell_box))
        frontier = next_frontier
        precision += 1
    return result


# What one service area covers, as plain data (picklable, for a process pool): a validated
# GeoJSON geometry, or (latitude, longitude, radius in km) of a circle.
AreaSpec = dict | tuple[float, float, float]


def area_spec(area: Any) -> AreaSpec | None:
    """The shape of one OfferServiceArea row; None when it has none (or an invalid one)."""
    try:
        geometry = area.geometry()
    except Exception:  # an invalid area covers nothing rather than breaking indexing
        return None
    if geometry is not None:
        return geometry
    if area.has_circle:
        return (area.center_latitude, area.center_longitude, area.radius_km)
    return None


def spec_cells(specs: Iterable[AreaSpec | None]) -> list[str]:
    """Cells of the shapes of one offer's service areas, sorted."""
    cells: set[str] = set()
    for spec in specs:
        if isinstance(spec, dict):
            cells |= polygon_cells(spec)
        elif spec is not None:
            cells |= circle_cells(*spec)
    return sorted(cells)


def area_cells(areas: Iterable) -> list[str]:
    """Cells of an offer's service areas (OfferServiceArea rows)."""
    return spec_cells(area_spec(area) for area in areas)


def polygon_cells(geometry: dict) -> set[str]:
    """Cells of a validated Polygon/MultiPolygon (what OfferServiceArea.covers tests, on the
    geometry validated once rather than for every edge cell)."""
    s, w, n, e = geo.geometry_bounds(geometry)
    return cover(
        polygon_classifier(geometry),
        (s, w, n, e),
        lambda lat, lon: geo.geometry_contains(geometry, lat, lon),
    )


def circle_cells(latitude: float, longitude: float, radius_km: float) -> set[str]:
    """Cells of a radius around a point."""
    dlat = radius_km / 111.0
    dlon = radius_km / (111.0 * max(0.01, math.cos(math.radians(latitude))))
    box = (latitude - dlat, longitude - dlon, latitude + dlat, longitude + dlon)
    return cover(
        circle_classifier(latitude, longitude, radius_km),
        box,
        lambda lat, lon: geo.haversine_km(latitude, longitude, lat, lon) <= radius_km,
    )
