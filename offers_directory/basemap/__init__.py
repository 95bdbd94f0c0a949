"""The offline basemap: open data drawn by the site itself, so every map is readable without a
tile server and without any request to another host. `manage.py build_basemap` writes the
files (build.py); the browser draws them with `js/basemap.js`, the handout with `shapes()`.
The README next to the data files names the sources and their licences."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from .geometry import Bbox, Line, decode, intersects

DATA_DIR = Path(__file__).resolve().parent.parent / "static" / "offers_directory" / "basemap"
# The static path of the index the map script starts from.
INDEX_STATIC_PATH = "offers_directory/basemap/index.json"

# The basemap's colours, for the browser (written into index.json) and the handout alike.
# Light and low in contrast among themselves, so the markers (the site's primary colour,
# #00527a, with a white ring) stand out against every one of them (WCAG 1.4.11, ≥ 3:1; the
# tests measure it).
PALETTE: dict[str, str] = {
    "water": "#c5dcec",
    "abroad": "#ecebe6",
    "germany": "#fbfaf7",
    "river": "#7fb0d6",
    "coast": "#8fb3cf",
    "county": "#bcb3a6",
    "state": "#8f857a",
    "national": "#645b55",
    "region": "#8a4fa3",
    "label": "#2f2f2f",
}
# Kinds of boundary stretches in the files ("bounds"): see build.county_arcs.
BOUND_COUNTY, BOUND_STATE, BOUND_NATIONAL, BOUND_COAST = 0, 1, 2, 3


def attribution() -> str:
    """The credit the map shows (HTML), in the visitor's language where it has words."""
    return _("Map: © GeoBasis-DE / BKG 2017, GSHHG, © OpenStreetMap contributors, GeoNames")


@functools.cache
def _read(name: str) -> Any:
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


def index() -> dict[str, Any]:
    return _read("index.json")


# --- the site's regions on the map --------------------------------------------------------

_CITY_WORDS = {"stadt", "kreisfreie", "stadtkreis"}
_DISTRICT_WORDS = {"landkreis", "kreis", "lk", "region", "regionalverband", "städteregion"}
_CITY_TYPES = {"Kreisfreie Stadt", "Stadtkreis"}


def region_counties(names: Iterable[str]) -> list[str]:
    """The county keys (AGS) whose names occur in the regions' official names, e.g.
    "Landkreis Wittenberg und Stadt Dessau-Roßlau" → Wittenberg and Dessau-Roßlau. A word
    before the name ("Landkreis", "Stadt") decides between a district and the city of the
    same name (Landkreis Hof, Stadt Hof); without one, both are meant."""
    counties: dict[str, dict[str, Any]] = _read("counties.json")["counties"]
    texts = [" ".join(name.split()) for name in names if name and name.strip()]
    found: list[str] = []
    for key, county in counties.items():
        kind = "city" if county["type"] in _CITY_TYPES else "district"
        pattern = re.compile(rf"(?:(\S+)\s+)?(?<![\w-]){re.escape(county['name'])}(?![\w-])", re.I)
        for text in texts:
            for match in pattern.finditer(text):
                before = (match.group(1) or "").lower()
                said = (
                    "city"
                    if before in _CITY_WORDS
                    else "district"
                    if before in _DISTRICT_WORDS
                    else None
                )
                if said in (None, kind):
                    found.append(key)
                    break
            else:
                continue
            break
    return sorted(found)


# --- shapes for the handout ---------------------------------------------------------------


@dataclass
class Shapes:
    """The basemap inside a bounding box, decoded to (longitude, latitude) lines."""

    land: list[Line] = field(default_factory=list)
    germany: list[list[Line]] = field(default_factory=list)
    lakes: list[Line] = field(default_factory=list)
    rivers: list[Line] = field(default_factory=list)
    borders: list[Line] = field(default_factory=list)
    bounds: list[tuple[int, Line]] = field(default_factory=list)
    places: list[tuple[str, float, float, int]] = field(default_factory=list)


def band_for(degrees_per_mm: float) -> dict[str, Any]:
    """The band whose detail suits a drawing of the given scale: a web map shows about
    0.26 mm per pixel, so a zoom level's degrees per pixel translate to degrees per mm."""
    for band in reversed(index()["bands"]):
        zoom = band["minZoom"]
        per_mm = 360.0 / (256 * 2**zoom) / 0.26
        if degrees_per_mm <= per_mm * 1.5:
            return band
    return index()["bands"][0]


def shapes(box: Bbox, degrees_per_mm: float) -> Shapes:
    """The basemap's content in `box` (west, south, east, north) at the detail of the given
    scale, from the same files the browser draws."""
    band = band_for(degrees_per_mm)
    q = band["quantum"]
    result = Shapes()
    for key in band["cells"]:
        if band["cell"] is not None:
            x, y = (float(v) for v in key.split("_"))
            if not intersects((x, y, x + band["cell"], y + band["cell"]), box):
                continue
        data = _read(f"{band['name']}/{key}.json")
        result.land += [decode(r, q) for r in data["land"]]
        result.germany += [[decode(r, q) for r in polygon] for polygon in data["germany"]]
        result.lakes += [decode(r, q) for r in data["lakes"]]
        result.rivers += [decode(r, q) for r in data["rivers"]]
        result.borders += [decode(r, q) for r in data["borders"]]
        result.bounds += [(kind, decode(line, q)) for kind, _keys, line in data["bounds"]]
        result.places += [
            (name, x * q, y * q, population)
            for name, x, y, population in data["places"]
            if box[0] <= x * q <= box[2] and box[1] <= y * q <= box[3]
        ]
    result.places.sort(key=lambda p: -p[3])
    return result
