"""The five demo networks: real counties (and one county with an independent city) of the
kind the networks are, with their towns (postcode, name, centre), a rough outline of the
county ([longitude, latitude] positions), the postcode prefixes the importer routes by, and
the contact data of a fictional coordination office. Phone numbers are from the
Bundesnetzagentur's ranges reserved for fiction; e-mail addresses use the reserved
``.example`` domain. The data is in regions.toml."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from offers_directory.factories import Town


@dataclass(frozen=True)
class DemoRegion:
    slug: str
    title: str
    official_name: str
    state: str
    intro: str
    email: str
    phone: str
    county: str  # "im Landkreis Harburg"
    short: str  # "Harburg"
    phone_prefix: str  # a range reserved for fiction
    clinic: str
    postcodes: tuple[str, ...]
    working_group: str  # the slug of the demo working group its partners meet in
    towns: tuple[Town, ...]
    outline: tuple[tuple[float, float], ...]

    @property
    def area(self) -> dict:
        """The outline as a GeoJSON Polygon."""
        return {"type": "Polygon", "coordinates": [[list(p) for p in self.outline]]}


def _region(data: dict) -> DemoRegion:
    return DemoRegion(
        **{
            **data,
            "postcodes": tuple(data["postcodes"]),
            "towns": tuple(Town(*town) for town in data["towns"]),
            "outline": tuple(tuple(position) for position in data["outline"]),
        }
    )


REGIONS: tuple[DemoRegion, ...] = tuple(
    _region(data)
    for data in tomllib.loads((Path(__file__).parent / "regions.toml").read_text("utf-8"))["region"]
)
