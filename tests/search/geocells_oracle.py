"""Test oracle: the geohash covering as search/geocells.py computed it up to main 4f3823c, one
cell at a time (every cell classified on its own against all edges, every corner by
geo.geometry_contains, every distance by geo.haversine_km). It is slow and kept only so that
tests can require the fast covering to give exactly the same cells for every shape."""

from __future__ import annotations

import math
from collections.abc import Callable

from offers_directory import geo
from search.geocells import (
    _BASE32,
    INSIDE,
    MAX_CELLS,
    MAX_PRECISION,
    MIN_PRECISION,
    OUTSIDE,
    PARTIAL,
    Box,
    _cells_covering_box,
    bounds,
)


def _segments_cross(p1, p2, q1, q2) -> bool:
    def orient(a, b, c) -> float:
        return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])

    d1, d2 = orient(q1, q2, p1), orient(q1, q2, p2)
    d3, d4 = orient(p1, p2, q1), orient(p1, p2, q2)
    return (d1 * d2 < 0) and (d3 * d4 < 0)


def polygon_classifier(geometry: dict) -> Callable[[Box], str]:
    edges = []
    polygons = (
        [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    )
    for polygon in polygons:
        for ring in polygon:
            points = [(float(p[0]), float(p[1])) for p in ring]
            edges += zip(points, points[1:], strict=False)

    def classify(box: Box) -> str:
        south, west, north, east = box
        corners = [(west, south), (east, south), (east, north), (west, north)]
        sides = list(zip(corners, corners[1:] + corners[:1], strict=True))
        for a, b in edges:
            if west < a[0] < east and south < a[1] < north:
                return PARTIAL
            if (
                max(a[0], b[0]) < west
                or min(a[0], b[0]) > east
                or max(a[1], b[1]) < south
                or min(a[1], b[1]) > north
            ):
                continue
            if any(_segments_cross(a, b, c, d) for c, d in sides):
                return PARTIAL
        verdicts = [geo.geometry_contains(geometry, lat, lon) for lon, lat in corners]
        if all(verdicts):
            return INSIDE
        return PARTIAL if any(verdicts) else OUTSIDE

    return classify


def circle_classifier(latitude: float, longitude: float, radius_km: float) -> Callable[[Box], str]:
    def classify(box: Box) -> str:
        south, west, north, east = box
        near_lat = min(max(latitude, south), north)
        near_lon = min(max(longitude, west), east)
        if geo.haversine_km(latitude, longitude, near_lat, near_lon) > radius_km:
            return OUTSIDE
        corners = [(south, west), (south, east), (north, west), (north, east)]
        farthest = max(geo.haversine_km(latitude, longitude, la, lo) for la, lo in corners)
        return INSIDE if farthest <= radius_km else PARTIAL

    return classify


def cover(
    classify: Callable[[Box], str], box: Box, contains: Callable[[float, float], bool]
) -> set[str]:
    result: set[str] = set()
    frontier = sorted(_cells_covering_box(box, MIN_PRECISION))
    precision = MIN_PRECISION
    while frontier:
        next_frontier: list[str] = []
        for cell in frontier:
            cell_box = bounds(cell)
            verdict = classify(cell_box)
            if verdict == INSIDE:
                result.add(cell)
            elif verdict == PARTIAL:
                if precision >= MAX_PRECISION or len(result) + len(next_frontier) > MAX_CELLS:
                    s, w, n, e = cell_box
                    if contains((s + n) / 2, (w + e) / 2):
                        result.add(cell)
                else:
                    next_frontier.extend(cell + char for char in _BASE32)
        frontier = next_frontier
        precision += 1
    return result


def polygon_cells(geometry: dict) -> set[str]:
    return cover(
        polygon_classifier(geometry),
        geo.geometry_bounds(geometry),
        lambda lat, lon: geo.geometry_contains(geometry, lat, lon),
    )


def circle_cells(latitude: float, longitude: float, radius_km: float) -> set[str]:
    dlat = radius_km / 111.0
    dlon = radius_km / (111.0 * max(0.01, math.cos(math.radians(latitude))))
    box = (latitude - dlat, longitude - dlon, latitude + dlat, longitude + dlon)
    return cover(
        circle_classifier(latitude, longitude, radius_km),
        box,
        lambda lat, lon: geo.haversine_km(latitude, longitude, lat, lon) <= radius_km,
    )
