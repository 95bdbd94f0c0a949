"""Plane geometry for the basemap build, in degrees (longitude, latitude): line
simplification, clipping to a rectangle, and the compact integer encoding of the data files.
Pure Python on purpose: the build runs once per data update and the site must not need a GIS
stack. Distances are measured with the longitude scaled by the cosine of Germany's middle
latitude, which is exact enough for choosing which points a line may lose."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

Point = tuple[float, float]
Line = list[Point]
Bbox = tuple[float, float, float, float]  # west, south, east, north

# cos(51°): one degree of longitude is this many degrees of latitude long in Germany.
LON_SCALE = math.cos(math.radians(51.0))


def simplify(points: Sequence[Point], tolerance: float) -> Line:
    """Douglas–Peucker: the points that keep the line within `tolerance` (degrees of
    latitude) of the original. Iterative, so long coastlines do not hit the recursion limit.
    The inner loop is the basemap build's hottest code: it works on the coordinates scaled
    once, and clamps without calls to min/max (the same arithmetic, in half the time)."""
    n = len(points)
    if n < 3:
        return list(points)
    xs = [point[0] * LON_SCALE for point in points]
    ys = [point[1] for point in points]
    keep = [False] * n
    keep[0] = keep[-1] = True
    limit = tolerance * tolerance
    stack = [(0, n - 1)]
    while stack:
        first, last = stack.pop()
        ax, ay = xs[first], ys[first]
        dx, dy = xs[last] - ax, ys[last] - ay
        length = dx * dx + dy * dy
        worst, index = -1.0, -1
        for i in range(first + 1, last):
            ux, uy = xs[i] - ax, ys[i] - ay
            if length == 0.0:
                distance = ux**2 + uy**2
            else:
                t = (ux * dx + uy * dy) / length
                if t > 1.0:
                    t = 1.0
                if not t > 0.0:  # as max(0.0, t): a zero or negative t becomes 0.0
                    t = 0.0
                distance = (ux - t * dx) ** 2 + (uy - t * dy) ** 2
            if distance > worst:
                worst, index = distance, i
        if worst > limit:
            keep[index] = True
            stack.append((first, index))
            stack.append((index, last))
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def simplify_ring(ring: Sequence[Point], tolerance: float) -> Line:
    """A closed ring simplified; rings that shrink below a triangle vanish (empty list)."""
    if len(ring) < 4:
        return []
    closed = list(ring) if ring[0] == ring[-1] else [*ring, ring[0]]
    # Split at the point farthest from the start, so both halves have distinct ends.
    far = max(range(len(closed)), key=lambda i: _distance2(closed[0], closed[i]))
    result = simplify(closed[: far + 1], tolerance)[:-1] + simplify(closed[far:], tolerance)
    return result if len(result) >= 4 else []


def _distance2(a: Point, b: Point) -> float:
    return ((a[0] - b[0]) * LON_SCALE) ** 2 + (a[1] - b[1]) ** 2


def line_length(points: Sequence[Point]) -> float:
    """Length in degrees of latitude (about 111 km each)."""
    return sum(math.sqrt(_distance2(a, b)) for a, b in zip(points, points[1:], strict=False))


def ring_area(ring: Sequence[Point]) -> float:
    """Unsigned area in square degrees of latitude."""
    total = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        total += x1 * LON_SCALE * y2 - x2 * LON_SCALE * y1
    return abs(total) / 2


def bbox_of(points: Iterable[Point]) -> Bbox:
    xs, ys = zip(*points, strict=True)
    return min(xs), min(ys), max(xs), max(ys)


def intersects(a: Bbox, b: Bbox) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def clip_ring(ring: Sequence[Point], box: Bbox) -> Line:
    """Sutherland–Hodgman: the part of a closed ring inside the box, as a ring (edges along
    the box where the ring was cut). Meant for filling only: a stroke would trace the cuts."""
    west, south, east, north = box
    points = list(ring[:-1]) if ring and ring[0] == ring[-1] else list(ring)
    edges = (
        (lambda p: p[0] >= west, lambda a, b: _at_x(a, b, west)),
        (lambda p: p[0] <= east, lambda a, b: _at_x(a, b, east)),
        (lambda p: p[1] >= south, lambda a, b: _at_y(a, b, south)),
        (lambda p: p[1] <= north, lambda a, b: _at_y(a, b, north)),
    )
    for inside, cross in edges:
        if not points:
            break
        result: Line = []
        previous = points[-1]
        for current in points:
            if inside(current):
                if not inside(previous):
                    result.append(cross(previous, current))
                result.append(current)
            elif inside(previous):
                result.append(cross(previous, current))
            previous = current
        points = result
    return points if len(points) >= 3 else []


def clip_line(points: Sequence[Point], box: Bbox) -> list[Line]:
    """The pieces of a line inside the box (Liang–Barsky per segment, joined where they
    touch)."""
    pieces: list[Line] = []
    current: Line = []
    for a, b in zip(points, points[1:], strict=False):
        segment = _clip_segment(a, b, box)
        if segment is None:
            if len(current) > 1:
                pieces.append(current)
            current = []
            continue
        start, end = segment
        if current and current[-1] == start:
            current.append(end)
        else:
            if len(current) > 1:
                pieces.append(current)
            current = [start, end]
        if end != b:  # the line leaves the box here
            pieces.append(current)
            current = []
    if len(current) > 1:
        pieces.append(current)
    return pieces


def _clip_segment(a: Point, b: Point, box: Bbox) -> tuple[Point, Point] | None:
    west, south, east, north = box
    dx, dy = b[0] - a[0], b[1] - a[1]
    t0, t1 = 0.0, 1.0
    for p, q in ((-dx, a[0] - west), (dx, east - a[0]), (-dy, a[1] - south), (dy, north - a[1])):
        if p == 0:
            if q < 0:
                return None
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return None
    start = a if t0 == 0.0 else (a[0] + t0 * dx, a[1] + t0 * dy)
    end = b if t1 == 1.0 else (a[0] + t1 * dx, a[1] + t1 * dy)
    return start, end


def _at_x(a: Point, b: Point, x: float) -> Point:
    t = (x - a[0]) / (b[0] - a[0])
    return x, a[1] + t * (b[1] - a[1])


def _at_y(a: Point, b: Point, y: float) -> Point:
    t = (y - a[1]) / (b[1] - a[1])
    return a[0] + t * (b[0] - a[0]), y


def encode(points: Sequence[Point], quantum: float) -> list[int]:
    """[x0, y0, dx1, dy1, …] in units of `quantum` degrees: short integers in JSON. Points
    that round onto their predecessor are dropped."""
    flat: list[int] = []
    last_x = last_y = None
    for lon, lat in points:
        x, y = round(lon / quantum), round(lat / quantum)
        if last_x is None:
            flat += [x, y]
        elif (x, y) != (last_x, last_y):
            flat += [x - last_x, y - last_y]
        else:
            continue
        last_x, last_y = x, y
    return flat


def decode(flat: Sequence[int], quantum: float) -> Line:
    """The inverse of encode: (longitude, latitude) pairs."""
    points: Line = []
    x = y = 0
    for i in range(0, len(flat) - 1, 2):
        x, y = (flat[i], flat[i + 1]) if i == 0 else (x + flat[i], y + flat[i + 1])
        points.append((x * quantum, y * quantum))
    return points
