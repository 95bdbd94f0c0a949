"""The offline gazetteer: German postcodes and place names with coordinates, read from the data
file that ``manage.py build_gazetteer`` writes (offers_directory/data/gazetteer.json.gz) and
loaded once per process on first use. No network, no database."""

import bisect
import functools
import gzip
import json
import re
import threading
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .build import COLUMNS, FORMAT_VERSION, QUALITY_PLACE, _NearestCentre, haversine_km
from .results import (
    PRECISION_APPROXIMATE,
    PRECISION_EXACT,
    SOURCE_OFFLINE,
    GeocodeResult,
    InvalidCoordinates,
)
from .text import base_keys, name_key, name_keys, prefix_keys

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "gazetteer.json.gz"

# Rows without a GeoNames match (their postcode's coordinates) that are this close together and
# share a name are one place: a village served by two postcodes.
_SAME_PLACE_KM = 10.0

_COORDINATES = re.compile(
    r"^\s*(?P<lat>[+-]?\d{1,3}(?:\.\d+)?)\s*[,;\s]\s*(?P<lon>[+-]?\d{1,3}(?:\.\d+)?)\s*$"
)
_POSTCODE_AND_NAME = re.compile(r"^\s*(?:D\s*-\s*)?(?P<code>\d{5})\b[\s,]*(?P<name>.*?)\s*$", re.I)
_NAME_AND_POSTCODE = re.compile(r"^\s*(?P<name>.*?)[\s,]+(?P<code>\d{5})\s*$")
_DIGITS_PREFIX = re.compile(r"^\s*(?P<digits>\d{1,5})(?:\s+(?P<name>.*?))?\s*$")


@dataclass(frozen=True, slots=True)
class Row:
    """One place name of one postcode."""

    postal_code: str
    name: str
    latitude: float
    longitude: float
    geonameid: int
    population: int
    quality: str  # build.QUALITY_*: where the coordinates come from


@dataclass(frozen=True, slots=True)
class Place:
    """A place known by name: one GeoNames place, or the rows of one unmatched name that lie
    together. Several places may share a name ("Buchholz")."""

    name: str
    latitude: float
    longitude: float
    postal_codes: tuple[str, ...]
    population: int
    geonameid: int
    quality: str


# A name is clear when its most populous place is this many times larger than the next one
# ("Berlin" the city, not a village of 600): else the visitor is asked which one is meant.
CLEAR_POPULATION_RATIO = 20
MAX_CANDIDATES = 12
# Place suggestions near the page's region (or the family) come first within this distance.
NEAR_KM = 50.0


@dataclass(frozen=True, slots=True)
class Candidate:
    """One of the places an ambiguous name may mean, for the question "Which … do you
    mean?"."""

    name: str
    county: str  # "" when unknown
    postal_code: str
    latitude: float
    longitude: float

    @property
    def near(self) -> str:
        """The `near` value that picks exactly this place."""
        return f"{self.postal_code} {self.name}"


def parse_coordinates(text: str) -> tuple[float, float] | None:
    """ "53.36,10.21" (latitude, longitude; also separated by ";" or a space) → the pair, or
    None when the text is not a coordinate pair. Raises InvalidCoordinates for a pair out of
    range, so a caller can say what is wrong instead of "not found"."""
    match = _COORDINATES.match(text or "")
    if not match:
        return None
    lat, lon = float(match["lat"]), float(match["lon"])
    if not -90.0 <= lat <= 90.0:
        raise InvalidCoordinates(f"Latitude {lat:g} is out of range (-90 to 90).")
    if not -180.0 <= lon <= 180.0:
        raise InvalidCoordinates(f"Longitude {lon:g} is out of range (-180 to 180).")
    return lat, lon


class Gazetteer:
    def __init__(self, data: dict[str, Any]) -> None:
        if data.get("format") != FORMAT_VERSION or data.get("columns") != COLUMNS:
            raise ValueError(
                "The gazetteer data file has an unknown format; rebuild it with "
                "`manage.py build_gazetteer`."
            )
        self.stats: dict[str, Any] = data.get("stats", {})
        self.attribution: str = data.get("attribution", "")
        self.sources: dict[str, str] = data.get("sources", {})
        # Postcodes whose place lies outside their own area: where a postcode lookup lands.
        self.positions: dict[str, tuple[float, float]] = {
            code: (lat, lon) for code, (lat, lon) in data.get("positions", {}).items()
        }
        self.counties: dict[str, str] = data.get("counties", {})
        self.by_postcode: dict[str, list[Row]] = defaultdict(list)
        for values in data["rows"]:
            row = Row(*values)
            self.by_postcode[row.postal_code].append(row)
        self.postcodes: list[str] = sorted(self.by_postcode)
        self.places: list[Place] = self._group_places()
        self._by_key: dict[str, list[Place]] = defaultdict(list)
        self._by_base_key: dict[str, list[Place]] = defaultdict(list)
        by_geonameid: dict[int, list[Place]] = defaultdict(list)
        for place in self.places:
            for key in name_keys(place.name):
                self._by_key[key].append(place)
            for key in base_keys(place.name):
                self._by_base_key[key].append(place)
            if place.geonameid:
                by_geonameid[place.geonameid].append(place)
        self._by_alias: dict[str, list[Place]] = {
            key: [p for gid in gids for p in by_geonameid.get(gid, ())]
            for key, gids in data.get("aliases", {}).items()
        }
        # Sorted (key, place index) pairs for prefix completion.
        entries = {
            (key, index) for index, place in enumerate(self.places) for key in name_keys(place.name)
        }
        index_of = {id(place): index for index, place in enumerate(self.places)}
        entries.update(
            (key, index_of[id(place)]) for key, places in self._by_alias.items() for place in places
        )
        self._completion: list[tuple[str, int]] = sorted(entries)
        self._completion_keys = [key for key, _ in self._completion]

    @classmethod
    def load(cls, path: Path = DATA_FILE) -> "Gazetteer":
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            return cls(json.load(fh))

    # --- building the name index -------------------------------------------------------

    def _group_places(self) -> list[Place]:
        matched: dict[tuple[str, int], list[Row]] = defaultdict(list)
        unmatched: dict[str, list[list[Row]]] = defaultdict(list)
        for code in self.postcodes:
            for row in self.by_postcode[code]:
                if row.geonameid:
                    matched[(row.name, row.geonameid)].append(row)
                    continue
                groups = unmatched[row.name]
                for group in groups:
                    if (
                        haversine_km(
                            row.latitude, row.longitude, group[0].latitude, group[0].longitude
                        )
                        <= _SAME_PLACE_KM
                    ):
                        group.append(row)
                        break
                else:
                    groups.append([row])
        groups = list(matched.values()) + [g for gs in unmatched.values() for g in gs]
        places = [
            Place(
                name=rows[0].name,
                latitude=rows[0].latitude,
                longitude=rows[0].longitude,
                postal_codes=tuple(dict.fromkeys(r.postal_code for r in rows)),
                population=rows[0].population,
                geonameid=rows[0].geonameid,
                quality=rows[0].quality,
            )
            for rows in groups
        ]
        places.sort(key=lambda p: (p.name, p.postal_codes))
        return places

    # --- lookups -----------------------------------------------------------------------

    def postcode_rows(self, code: str) -> list[Row]:
        """The place names of a postcode, its main place first ([] if unknown)."""
        return list(self.by_postcode.get(code, ()))

    def position(self, code: str) -> tuple[float, float] | None:
        """Where a postcode lookup lands (its main place, or its own position)."""
        rows = self.by_postcode.get(code)
        if not rows:
            return None
        return self.positions.get(code) or (rows[0].latitude, rows[0].longitude)

    @functools.cached_property
    def _nearest(self) -> _NearestCentre:
        return _NearestCentre({code: self.position(code) for code in self.postcodes})

    def nearest_postcode(self, latitude: float, longitude: float) -> str | None:
        """The postcode whose position is nearest to a point (None far outside Germany)."""
        return self._nearest.nearest(latitude, longitude)

    def lookup_postcode(self, code: str, name: str = "") -> Row | None:
        """A postcode's row: the one whose name fits `name` when given, else its main place."""
        rows = self.by_postcode.get(code)
        if not rows:
            return None
        if name:
            keys = set(name_keys(name))
            for candidates in (
                [r for r in rows if keys & set(name_keys(r.name))],
                [r for r in rows if keys & set(base_keys(r.name))],
                [r for r in rows if any(k.startswith(q) for k in name_keys(r.name) for q in keys)],
            ):
                if candidates:
                    return candidates[0]
        return rows[0]

    def lookup_name(self, text: str) -> list[Place]:
        """Places called `text`, the most likely first: exact names (qualifier included, so
        "Winsen (Aller)" finds only that one), other spellings ("Winsen an der Luhe"), and, for
        a name given without a qualifier, the places that carry one ("Winsen" also finds
        "Winsen (Luhe)" and "Winsen (Aller)"). Ranked by population."""
        keys = name_keys(text)
        found: dict[int, Place] = {}
        for key in keys:
            for place in (*self._by_key.get(key, ()), *self._by_alias.get(key, ())):
                found.setdefault(id(place), place)
        if not base_keys(text):
            for key in keys:
                for place in self._by_base_key.get(key, ()):
                    found.setdefault(id(place), place)
        return sorted(
            found.values(),
            key=lambda p: (p.quality != QUALITY_PLACE, -p.population, p.postal_codes),
        )

    def is_ambiguous(self, place: Place) -> bool:
        return len(self._by_key.get(name_key(place.name), ())) > 1

    # --- results -----------------------------------------------------------------------

    def row_result(self, row: Row) -> GeocodeResult:
        latitude, longitude = self.positions.get(row.postal_code, (row.latitude, row.longitude))
        return GeocodeResult(
            latitude=latitude,
            longitude=longitude,
            precision=PRECISION_APPROXIMATE,
            label=f"{row.postal_code} {row.name}",
            postal_code=row.postal_code,
            city=row.name,
            source=SOURCE_OFFLINE,
        )

    def place_result(self, place: Place) -> GeocodeResult:
        # A place with one postcode, or one that shares its name with others, is labelled
        # with its (first) postcode so a list of suggestions tells namesakes apart.
        code = place.postal_codes[0]
        if len(place.postal_codes) == 1 or self.is_ambiguous(place):
            label = f"{code} {place.name}"
        else:
            label, code = place.name, None
        return GeocodeResult(
            latitude=place.latitude,
            longitude=place.longitude,
            precision=PRECISION_APPROXIMATE,
            label=label,
            postal_code=code,
            city=place.name,
            source=SOURCE_OFFLINE,
        )

    def resolve_all(self, text: str) -> list[GeocodeResult]:
        """Every reading of a place query, the most likely first (see resolve_place)."""
        text = (text or "").strip()
        if not text:
            return []
        coordinates = parse_coordinates(text)
        if coordinates is not None:
            lat, lon = coordinates
            return [
                GeocodeResult(
                    latitude=lat,
                    longitude=lon,
                    precision=PRECISION_EXACT,
                    label=f"{lat:.5f}, {lon:.5f}",
                    postal_code=None,
                    city=None,
                    source=SOURCE_OFFLINE,
                )
            ]
        match = _POSTCODE_AND_NAME.match(text) or _NAME_AND_POSTCODE.match(text)
        if match:
            row = self.lookup_postcode(match["code"], match["name"])
            if row is not None:
                return [self.row_result(row)]
            text = match["name"]
            if not text:
                return []
        return [self.place_result(place) for place in self.lookup_name(text)]

    def ambiguous(self, text: str) -> list[Candidate]:
        """The places a bare name may mean when it names several and none clearly
        ("Neustadt", "Winsen"), the most populous first; [] when the text is clear: a
        postcode, coordinates, a qualified name ("Winsen (Aller)"), a name of one place, or
        one far larger than its namesakes ("Berlin")."""
        text = (text or "").strip()
        if not text or _COORDINATES.match(text):
            return []
        match = _POSTCODE_AND_NAME.match(text) or _NAME_AND_POSTCODE.match(text)
        if match and self.by_postcode.get(match["code"]):
            return []
        places = self.lookup_name(match["name"] if match else text)
        if len(places) < 2:
            return []
        first, second = places[0], places[1]
        if first.quality == QUALITY_PLACE and first.population >= CLEAR_POPULATION_RATIO * max(
            second.population, 1
        ):
            return []
        return _candidates(self, places)

    def county_postcodes(self, name: str) -> list[str]:
        """The postcodes of a county, by its name with or without its kind ("Landkreis
        Harburg", "Harburg"); a region of several ("Wittenberg und Dessau-Roßlau") takes all
        of them. [] when no county has that name."""
        name = (name or "").strip()
        if not name:
            return []
        parts = [name, *(part.strip() for part in name.split(" und ") if part.strip())]
        return [
            code
            for code in self.postcodes
            if any(
                (county := self.counties.get(code, "")) == part or county.endswith(f" {part}")
                for part in parts
            )
        ]

    def region_centre(self, name: str) -> tuple[float, float] | None:
        """The middle of a county's postcodes (county_postcodes), None when no county has
        that name."""
        points = [self.position(code) for code in self.county_postcodes(name)]
        if not points:
            return None
        return (
            sum(lat for lat, _ in points) / len(points),
            sum(lon for _, lon in points) / len(points),
        )

    def municipality_centre(self, postal_code: str, city: str) -> tuple[float, float] | None:
        """The centre of the town an address lies in: the place of its postcode named `city`
        (else the postcode's main place), or the most likely place of that name without a
        postcode. A place's own centre, not its postcode's position (which may lie elsewhere
        in a city), so every address of a town lands on the same point."""
        postal_code, city = (postal_code or "").strip(), (city or "").strip()
        row = self.lookup_postcode(postal_code, city) if postal_code else None
        if row is not None:
            return row.latitude, row.longitude
        places = self.lookup_name(city) if city else []
        return (places[0].latitude, places[0].longitude) if places else None

    def suggest(
        self, prefix: str, limit: int = 10, near: tuple[float, float] | None = None
    ) -> list[GeocodeResult]:
        """Completions of a postcode prefix ("214": one per postcode and place name, in
        postcode order; "21423 Dr" narrows by name) or of a place name prefix ("Wins": exact
        names first, then by population; with `near`, the places within NEAR_KM of it
        before the others)."""
        prefix = (prefix or "").strip()
        if not prefix or limit <= 0:
            return []
        digits = _DIGITS_PREFIX.match(prefix)
        if digits:
            name_prefixes = name_keys(digits["name"] or "")
            results: list[GeocodeResult] = []
            start = bisect.bisect_left(self.postcodes, digits["digits"])
            for code in self.postcodes[start:]:
                if not code.startswith(digits["digits"]):
                    break
                for row in self.by_postcode[code]:
                    if name_prefixes and not any(
                        key.startswith(p) for key in name_keys(row.name) for p in name_prefixes
                    ):
                        continue
                    results.append(self.row_result(row))
                    if len(results) >= limit:
                        return results
            return results

        exact = set(name_keys(prefix))
        matches: dict[int, bool] = {}
        for keys in (prefix_keys(prefix), list(exact)):
            for key in keys:
                start = bisect.bisect_left(self._completion_keys, key)
                for entry_key, index in self._completion[start:]:
                    if not entry_key.startswith(key):
                        break
                    matches[index] = matches.get(index, False) or entry_key in exact
            if matches:
                break

        def far(place: Place) -> bool:
            return near is not None and (
                haversine_km(near[0], near[1], place.latitude, place.longitude) > NEAR_KM
            )

        ranked = sorted(
            matches.items(),
            key=lambda item: (
                not item[1],
                far(self.places[item[0]]),
                self.places[item[0]].quality != QUALITY_PLACE,
                -self.places[item[0]].population,
                self.places[item[0]].name,
            ),
        )
        return [self.place_result(self.places[index]) for index, _ in ranked[:limit]]


def _candidates(gazetteer: "Gazetteer", places: list[Place]) -> list[Candidate]:
    result = []
    for place in places[:MAX_CANDIDATES]:
        # The postcode whose own position lies nearest to the place: a town's postcode, or
        # for a city the one that contains its centre.
        code = min(
            place.postal_codes,
            key=lambda c: haversine_km(
                place.latitude,
                place.longitude,
                *gazetteer.positions.get(c, (place.latitude, place.longitude)),
            ),
        )
        result.append(
            Candidate(
                name=place.name,
                county=gazetteer.counties.get(code, ""),
                postal_code=code,
                latitude=place.latitude,
                longitude=place.longitude,
            )
        )
    return result


_lock = threading.Lock()
_loaded: Gazetteer | None = None
load_seconds: float | None = None


def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer, loaded on first use."""
    global _loaded, load_seconds
    if _loaded is None:
        with _lock:
            if _loaded is None:
                began = time.perf_counter()
                _loaded = Gazetteer.load()
                load_seconds = time.perf_counter() - began
    return _loaded
