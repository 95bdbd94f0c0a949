"""Small, dependency-free geometry for service areas: GeoJSON validation, point-in-polygon and
great-circle distances. Service areas are county-sized, so planar ray casting on longitude/
latitude is accurate enough, and it keeps the app free of GEOS/GDAL (the embedded quick start
runs on SQLite without SpatiaLite)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

EARTH_RADIUS_KM = 6371.0088
POLYGON_TYPES = ("Polygon", "MultiPolygon")


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance between two WGS84 points in kilometres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


class DistancesFrom:
    """Great-circle distances from one point to many, the very floats of haversine_km: its
    formula split into a part that depends on the other point's latitude and one on its
    longitude, so that the points of a grid (geohash cells' corners) share them."""

    def __init__(self, latitude: float, longitude: float) -> None:
        self.latitude, self.longitude = latitude, longitude
        self._phi = math.radians(latitude)
        self._cos = math.cos(self._phi)

    def latitude_part(self, latitude: float) -> tuple[float, float]:
        phi2 = math.radians(latitude)
        return math.sin((phi2 - self._phi) / 2) ** 2, self._cos * math.cos(phi2)

    def longitude_parts(self, longitudes: Iterable[float]) -> list[float]:
        sin, radians, longitude = math.sin, math.radians, self.longitude
        return [sin(radians(lon - longitude) / 2) ** 2 for lon in longitudes]

    @staticmethod
    def km(latitude_part: tuple[float, float], longitude_parts: list[float]) -> list[float]:
        """The distances to the points of one latitude and the given longitudes' parts."""
        sin2, cos2 = latitude_part
        asin, sqrt, diameter = math.asin, math.sqrt, 2 * EARTH_RADIUS_KM
        return [
            diameter * asin(root if (root := sqrt(sin2 + cos2 * part)) < 1.0 else 1.0)
            for part in longitude_parts
        ]


def _check_position(position: Any, where: str) -> tuple[float, float]:
    if (
        not isinstance(position, list | tuple)
        or len(position) < 2
        or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in position[:2])
    ):
        raise ValidationError(
            _("%(where)s: every position must be a [longitude, latitude] pair of numbers.")
            % {"where": where}
        )
    lon, lat = float(position[0]), float(position[1])
    if not (-180 <= lon <= 180) or not (-90 <= lat <= 90):
        raise ValidationError(
            _(
                "%(where)s: position [%(lon)s, %(lat)s] is out of range (longitude -180…180, "
                "latitude -90…90; GeoJSON puts the longitude first)."
            )
            % {"where": where, "lon": position[0], "lat": position[1]}
        )
    return lon, lat


def _check_polygon(rings: Any, where: str) -> None:
    if not isinstance(rings, list) or not rings:
        raise ValidationError(_("%(where)s: a polygon needs at least one ring.") % {"where": where})
    for index, ring in enumerate(rings, start=1):
        ring_where = f"{where}, ring {index}"
        if not isinstance(ring, list) or len(ring) < 4:
            raise ValidationError(
                _("%(where)s: a ring needs at least four positions.") % {"where": ring_where}
            )
        points = [_check_position(position, ring_where) for position in ring]
        if points[0] != points[-1]:
            raise ValidationError(
                _("%(where)s: the ring is not closed (the last position must equal the first).")
                % {"where": ring_where}
            )


def normalize_geometry(value: Any) -> dict[str, Any]:
    """Return the Polygon/MultiPolygon geometry of a GeoJSON value, or raise ValidationError.

    A Feature or a FeatureCollection with exactly one polygon feature is unwrapped, because
    that is what drawing tools and HSDS publishers commonly hand out."""
    if isinstance(value, str):
        import json

        try:
            value = json.loads(value)
        except ValueError as error:
            raise ValidationError(
                _("The area is not valid JSON: %(error)s") % {"error": error}
            ) from error
    if not isinstance(value, dict):
        raise ValidationError(_("The area must be a GeoJSON object."))
    kind = value.get("type")
    if kind == "FeatureCollection":
        features = value.get("features") or []
        if len(features) != 1:
            raise ValidationError(
                _("A FeatureCollection must contain exactly one polygon feature.")
            )
        return normalize_geometry(features[0])
    if kind == "Feature":
        return normalize_geometry(value.get("geometry"))
    if kind not in POLYGON_TYPES:
        raise ValidationError(
            _("The area must be a GeoJSON Polygon or MultiPolygon, not %(type)r.") % {"type": kind}
        )
    coordinates = value.get("coordinates")
    if kind == "Polygon":
        _check_polygon(coordinates, "Polygon")
    else:
        if not isinstance(coordinates, list) or not coordinates:
            raise ValidationError(_("A MultiPolygon needs at least one polygon."))
        for index, polygon in enumerate(coordinates, start=1):
            _check_polygon(polygon, f"MultiPolygon, polygon {index}")
    return {"type": kind, "coordinates": coordinates}


def _polygons(geometry: dict[str, Any]) -> Iterable[Sequence[Sequence[Sequence[float]]]]:
    if geometry["type"] == "Polygon":
        yield geometry["coordinates"]
    else:
        yield from geometry["coordinates"]


def _in_ring(lon: float, lat: float, ring: Sequence[Sequence[float]]) -> bool:
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i][0], ring[i][1]
        xj, yj = ring[j][0], ring[j][1]
        if (yi > lat) != (yj > lat) and lon < (xj - xi) * (lat - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def geometry_contains(geometry: dict[str, Any], latitude: float, longitude: float) -> bool:
    """Point-in-polygon for a validated Polygon/MultiPolygon (holes are respected)."""
    for polygon in _polygons(geometry):
        outer, *holes = polygon
        if _in_ring(longitude, latitude, outer) and not any(
            _in_ring(longitude, latitude, hole) for hole in holes
        ):
            return True
    return False


def geometry_bounds(geometry: dict[str, Any]) -> tuple[float, float, float, float]:
    """(south, west, north, east) of a validated geometry."""
    lons: list[float] = []
    lats: list[float] = []
    for polygon in _polygons(geometry):
        for position in polygon[0]:
            lons.append(float(position[0]))
            lats.append(float(position[1]))
    return min(lats), min(lons), max(lats), max(lons)


def circle_polygon(
    latitude: float, longitude: float, radius_km: float, segments: int = 48
) -> dict[str, Any]:
    """Approximate a radius as a GeoJSON Polygon (for maps and exchange formats that only
    know polygons, such as HSDS's `extent`)."""
    ring = []
    lat_rad = math.radians(latitude)
    for step in range(segments):
        bearing = 2 * math.pi * step / segments
        angular = radius_km / EARTH_RADIUS_KM
        lat2 = math.asin(
            math.sin(lat_rad) * math.cos(angular)
            + math.cos(lat_rad) * math.sin(angular) * math.cos(bearing)
        )
        lon2 = math.radians(longitude) + math.atan2(
            math.sin(bearing) * math.sin(angular) * math.cos(lat_rad),
            math.cos(angular) - math.sin(lat_rad) * math.sin(lat2),
        )
        ring.append([round(math.degrees(lon2), 6), round(math.degrees(lat2), 6)])
    ring.append(ring[0])
    return {"type": "Polygon", "coordinates": [ring]}
