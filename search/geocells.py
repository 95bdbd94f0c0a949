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
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from typing import Any, Protocol

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


# What a shape hands a cell's children: for a polygon the edges near the cell (nothing for a
# circle). Verdicts come a grid of cells at a time: (verdict, near) per cell, row by row.
Verdicts = list[tuple[str, Any]]
# ax, ay, bx, by (an edge from a to b), its bounding box (low and high longitude, low and high
# latitude), bx - ax, by - ay.
Edge = tuple[float, float, float, float, float, float, float, float, float, float]


class Shape(Protocol):
    whole: Any  # what a cell of the first precision starts from

    def classify(self, lats: list[float], lons: list[float], near: Any) -> Verdicts:
        """The verdict on every cell of the grid between the given cell edges (ascending)."""
        ...

    def row_contains(self, latitude: float, lons: list[float]) -> list[bool]:
        """Whether each point of the row at the given (ascending) longitudes is inside."""
        ...


class PolygonShape:
    """A validated Polygon/MultiPolygon. A cell is partial when an edge starts inside it or
    crosses its border, otherwise what its corners are (all inside: inside, none: outside).

    Most cells are far from most edges: an edge whose bounding box misses a cell cannot touch
    it nor its children, so every cell hands its children only the edges near it. Corners are
    tested a row at a time: geo.geometry_contains counts the ring edges crossing a point's row
    right of the point, and where an edge crosses a row does not depend on the point, so each
    row's crossings are computed once (with the same arithmetic) and a point is a bisection."""

    def __init__(self, geometry: dict) -> None:
        polygons = (
            [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        )
        self.whole: list[Edge] = []
        # The ray casting's edges: (xi, yi, xj, yj, ring), each point i with the one before it.
        crossing: list[tuple[float, float, float, float, int]] = []
        self._rings: list[tuple[int, list[int]]] = []  # per polygon: its outer ring, its holes
        ring_count = 0
        for polygon in polygons:
            first = ring_count
            for ring in polygon:
                points = [(float(p[0]), float(p[1])) for p in ring]
                for (ax, ay), (bx, by) in zip(points, points[1:], strict=False):
                    self.whole.append(
                        (ax, ay, bx, by, min(ax, bx), max(ax, bx), min(ay, by), max(ay, by))
                        + (bx - ax, by - ay)
                    )
                for (xi, yi), (xj, yj) in zip(points, points[-1:] + points[:-1], strict=True):
                    if yi != yj:
                        crossing.append((xi, yi, xj, yj, ring_count))
                ring_count += 1
            self._rings.append((first, list(range(first + 1, ring_count))))
        self._ring_count = ring_count
        # Crossing edges by latitude band, so that a row looks only at the edges spanning it.
        lats = [y for edge in crossing for y in edge[1:4:2]] or [0.0]
        self._low = min(lats)
        self._bands = max(1, min(len(crossing) // 2, 1024))
        span = max(lats) - self._low
        self._scale = self._bands / span if span > 0 else 0.0
        self._by_band: list[list[tuple[float, float, float, float, int]]] = [
            [] for _ in range(self._bands)
        ]
        for edge in crossing:
            low, high = sorted((edge[1], edge[3]))
            for band in range(self._band(low), self._band(high) + 1):
                self._by_band[band].append(edge)
        self._rows: dict[float, tuple[list[float], list[bool]]] = {}

    def _band(self, latitude: float) -> int:
        # Monotonic in the latitude, so an edge is filed in every band between its ends.
        return min(max(int((latitude - self._low) * self._scale), 0), self._bands - 1)

    def _inside(self, odd: list[bool]) -> bool:
        return any(
            odd[outer] and not any(odd[hole] for hole in holes) for outer, holes in self._rings
        )

    def _row(self, latitude: float) -> tuple[list[float], list[bool]]:
        """Where the geometry's edges cross the row, ascending, and whether a point of the row
        is inside when it lies at or right of the first k crossings (k = 0, 1, …): a ring's
        crossings come in pairs, so an odd count right of a point is an odd count left of it."""
        row = self._rows.get(latitude)
        if row is None:
            crossings = sorted(
                ((xj - xi) * (latitude - yi) / (yj - yi) + xi, ring)
                for xi, yi, xj, yj, ring in self._by_band[self._band(latitude)]
                if (yi > latitude) != (yj > latitude)
            )
            odd = [False] * self._ring_count
            states = [False]
            for _x, ring in crossings:
                odd[ring] = not odd[ring]
                states.append(self._inside(odd))
            row = self._rows[latitude] = ([x for x, _ring in crossings], states)
        return row

    def row_contains(self, latitude: float, lons: list[float]) -> list[bool]:
        xs, states = self._row(latitude)
        first = bisect_right(xs, lons[0])
        if first == bisect_right(xs, lons[-1]):
            return [states[first]] * len(lons)
        return [states[bisect_right(xs, lon)] for lon in lons]

    def classify(self, lats: list[float], lons: list[float], near: list[Edge]) -> Verdicts:
        rows, columns = len(lats) - 1, len(lons) - 1
        inside = [self.row_contains(lat, lons) for lat in lats]
        near_cell: dict[int, list[Edge]] = {}
        for edge in near:
            # The cells whose (closed) box the edge's bounding box meets.
            x0 = max(bisect_left(lons, edge[4]) - 1, 0)
            x1 = min(bisect_right(lons, edge[5]), columns)
            for y in range(
                max(bisect_left(lats, edge[6]) - 1, 0), min(bisect_right(lats, edge[7]), rows)
            ):
                for index in range(y * columns + x0, y * columns + x1):
                    found = near_cell.get(index)
                    if found is None:
                        near_cell[index] = [edge]
                    else:
                        found.append(edge)
        verdicts: Verdicts = []
        for y in range(rows):
            below, above = inside[y], inside[y + 1]
            for x in range(columns):
                corners = below[x] + below[x + 1] + above[x] + above[x + 1]
                edges = near_cell.get(y * columns + x, ())
                if 0 < corners < 4 or (
                    edges and _touched((lats[y], lons[x], lats[y + 1], lons[x + 1]), edges)
                ):
                    verdicts.append((PARTIAL, edges))
                else:
                    verdicts.append((INSIDE if corners else OUTSIDE, edges))
        return verdicts


def _touched(box: Box, edges: Iterable[Edge]) -> bool:
    """Whether one of the edges starts strictly inside the box or properly crosses one of its
    sides (the edges' bounding boxes meet the box). The crossing test is the orientation test
    of two segments written out for the box's axis-parallel sides: the terms dropped there
    are exact zeros and the factors turned round only change both signs of a product, so
    every product is compared with zero with the same outcome as the general test's."""
    south, west, north, east = box
    width, height = east - west, north - south
    for ax, ay, bx, by, _lx, _hx, _ly, _hy, dx, dy in edges:
        if west < ax < east and south < ay < north:
            return True
        # The edge's orientation towards each corner.
        sw = dx * (south - ay) - dy * (west - ax)
        se = dx * (south - ay) - dy * (east - ax)
        ne = dx * (north - ay) - dy * (east - ax)
        nw = dx * (north - ay) - dy * (west - ax)
        if (
            ((width * (ay - south)) * (width * (by - south)) < 0 and sw * se < 0)
            or ((height * (ax - east)) * (height * (bx - east)) < 0 and se * ne < 0)
            or ((width * (ay - north)) * (width * (by - north)) < 0 and ne * nw < 0)
            or ((height * (ax - west)) * (height * (bx - west)) < 0 and nw * sw < 0)
        ):
            return True
    return False


class CircleShape:
    """A radius around a point. A cell is outside when its point nearest to the centre is
    farther than the radius, inside when all its corners are within it, else partial.
    The cells of a grid share the latitudes and longitudes of their corners and nearest
    points, so the distances are computed from parts per latitude and per longitude."""

    whole = None

    def __init__(self, latitude: float, longitude: float, radius_km: float) -> None:
        self.latitude, self.longitude, self.radius_km = latitude, longitude, radius_km
        self._from = geo.DistancesFrom(latitude, longitude)

    def row_contains(self, latitude: float, lons: list[float]) -> list[bool]:
        distances = self._from.km(
            self._from.latitude_part(latitude), self._from.longitude_parts(lons)
        )
        return [distance <= self.radius_km for distance in distances]

    def classify(self, lats: list[float], lons: list[float], near: None) -> Verdicts:
        km, latitude_part, radius = self._from.km, self._from.latitude_part, self.radius_km
        lon_parts = self._from.longitude_parts(lons)
        distances = [km(latitude_part(lat), lon_parts) for lat in lats]
        inside = [[distance <= radius for distance in row] for row in distances]
        # A cell's point nearest to the centre lies on a corner's latitude (longitude) unless
        # the centre's own is between the cell's; then its distance is computed here.
        near_rows, near_columns = (
            _nearest_edges(self.latitude, lats),
            _nearest_edges(self.longitude, lons),
        )
        verdicts: Verdicts = []
        for y, near_y in enumerate(near_rows):
            below, above = inside[y], inside[y + 1]
            if near_y is None:
                near_lat = min(max(self.latitude, lats[y]), lats[y + 1])
                nearest_row = km(latitude_part(near_lat), lon_parts)
            else:
                nearest_row = distances[near_y]
            for x, near_x in enumerate(near_columns):
                if near_x is not None:
                    nearest = nearest_row[near_x]
                else:
                    near_lat = min(max(self.latitude, lats[y]), lats[y + 1])
                    near_lon = min(max(self.longitude, lons[x]), lons[x + 1])
                    nearest = km(latitude_part(near_lat), self._from.longitude_parts([near_lon]))[0]
                if nearest > radius:
                    verdicts.append(_OUTSIDE)
                elif below[x] and below[x + 1] and above[x] and above[x + 1]:
                    verdicts.append(_INSIDE)
                else:
                    verdicts.append(_PARTIAL)
        return verdicts


_OUTSIDE, _INSIDE, _PARTIAL = (OUTSIDE, None), (INSIDE, None), (PARTIAL, None)


def _nearest_edges(value: float, edges: list[float]) -> list[int | None]:
    """Per interval between ascending edges: the index of the edge min(max(value, low), high)
    equals, None when that is the value itself (strictly between them)."""
    return [
        index if value <= low else index + 1 if value >= high else None
        for index, (low, high) in enumerate(zip(edges, edges[1:], strict=False))
    ]


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


def _child_grid(cell: str, box: Box) -> tuple[list[float], list[float]]:
    """The edges (latitudes, longitudes) of the grid of the 32 cells inside `cell`, bisected
    on from the cell's own bounds (the same arithmetic as decoding each child, without
    starting from the globe again). _GRID places each child in it."""
    south, west, north, east = box
    # A geohash character holds five bits, alternately longitude and latitude, longitude
    # first at even bit positions: three for one axis and two for the other.
    lon_first = len(cell) * 5 % 2 == 0
    return _halves(south, north, 2 if lon_first else 3), _halves(west, east, 3 if lon_first else 2)


def _grid(lon_first: bool) -> list[tuple[str, int, int]]:
    """Per geohash character: its (longitude, latitude) position among a cell's children."""
    places = []
    for char, value in zip(_BASE32, range(32), strict=True):
        b4, b3, b2, b1, b0 = ((value >> shift) & 1 for shift in range(4, -1, -1))
        three, two = b4 * 4 + b2 * 2 + b0, b3 * 2 + b1
        places.append((char, three, two) if lon_first else (char, two, three))
    return places


_GRID = {True: _grid(True), False: _grid(False)}


def cover(shape: Shape, box: Box) -> set[str]:
    """Cells covering an area: whole cells inside it, subdivided along its edge down to
    MAX_PRECISION, where an edge cell counts when its centre is inside."""
    result: set[str] = set()
    # Cells still to place, in geohash order (MAX_CELLS is counted in it): (cell, its box,
    # its verdict, what its children start from); a cell outside is dropped at once.
    frontier: list[tuple[str, Box, str, Any]] = []
    for cell in sorted(_cells_covering_box(box, MIN_PRECISION)):
        south, west, north, east = cell_box = bounds(cell)
        ((verdict, near),) = shape.classify([south, north], [west, east], shape.whole)
        if verdict != OUTSIDE:
            frontier.append((cell, cell_box, verdict, near))
    precision = MIN_PRECISION
    while frontier:
        next_frontier: list[tuple[str, Box, str, Any]] = []
        subdivided = 0  # the children of these, outside or not, are the next precision's cells
        places = _GRID[precision * 5 % 2 == 0]
        for cell, cell_box, verdict, near in frontier:
            if verdict == INSIDE:
                result.add(cell)
            elif precision >= MAX_PRECISION or len(result) + 32 * subdivided > MAX_CELLS:
                south, west, north, east = cell_box
                if shape.row_contains((south + north) / 2, [(west + east) / 2])[0]:
                    result.add(cell)
            else:
                subdivided += 1
                lats, lons = _child_grid(cell, cell_box)
                verdicts = shape.classify(lats, lons, near)
                if precision + 1 == MAX_PRECISION:
                    verdicts = _settled(shape, lats, lons, verdicts)
                columns = len(lons) - 1
                for char, x, y in places:
                    verdict, child_near = verdicts[y * columns + x]
                    if verdict != OUTSIDE:
                        child_box = (lats[y], lons[x], lats[y + 1], lons[x + 1])
                        next_frontier.append((cell + char, child_box, verdict, child_near))
        frontier = next_frontier
        precision += 1
    return result


def _settled(shape: Shape, lats: list[float], lons: list[float], verdicts: Verdicts) -> Verdicts:
    """The verdicts on cells of MAX_PRECISION, where a partial cell is inside when its centre
    is: the centres of a row of cells tested at once."""
    columns = len(lons) - 1
    centre_lons = [(west + east) / 2 for west, east in zip(lons, lons[1:], strict=False)]
    settled = list(verdicts)
    for y in range(len(lats) - 1):
        row = verdicts[y * columns : (y + 1) * columns]
        if any(verdict == PARTIAL for verdict, _near in row):
            inside = shape.row_contains((lats[y] + lats[y + 1]) / 2, centre_lons)
            for x, (verdict, near) in enumerate(row):
                if verdict == PARTIAL:
                    settled[y * columns + x] = (INSIDE if inside[x] else OUTSIDE, near)
    return settled


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
    return cover(PolygonShape(geometry), geo.geometry_bounds(geometry))


def circle_cells(latitude: float, longitude: float, radius_km: float) -> set[str]:
    """Cells of a radius around a point."""
    dlat = radius_km / 111.0
    dlon = radius_km / (111.0 * max(0.01, math.cos(math.radians(latitude))))
    box = (latitude - dlat, longitude - dlon, latitude + dlat, longitude + dlon)
    return cover(CircleShape(latitude, longitude, radius_km), box)
