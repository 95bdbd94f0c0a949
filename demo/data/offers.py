"""The demo offers' content: the providers (kinds of Träger every network has), about twenty
kinds of offer with realistic German texts, ages, fees, opening hours, languages and
outreach, three supra-regional offers, and the few offers that are inactive, expired or
temporarily closed. Streets and people are invented; "{town}", "{county}" and "{clinic}"
are filled in per region. The data is in offers.toml."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_DATA = tomllib.loads((Path(__file__).parent / "offers.toml").read_text("utf-8"))

SEED: int = _DATA["seed"]
STREETS: tuple[str, ...] = tuple(_DATA["streets"])
PEOPLE: tuple[str, ...] = tuple(_DATA["people"])
# Provider kinds: (key, name pattern, description)
PROVIDERS: tuple[tuple[str, str, str], ...] = tuple(
    (provider["key"], provider["name"], provider["description"]) for provider in _DATA["provider"]
)


@dataclass(frozen=True)
class OfferType:
    key: str
    title: str  # "{town}" is replaced by the town's name
    count: int  # per region
    provider: str
    categories: tuple[str, ...]
    target_groups: tuple[str, ...]
    summary: str
    description: str
    min_age: int | None = None
    max_age: int | None = None
    pregnancy: bool = False
    fee: tuple[str, str] | None = None  # (amount or "", note)
    schedule: tuple[tuple[str, str, str, str], ...] = ()
    opening_note: str = ""
    outreach: str = ""  # "" | "county" (polygon) | "radius"
    locations: int = 1
    contacts: int = 0  # protected contact persons
    public_contact: bool = False
    languages: tuple[str, ...] = ()
    eligibility: str = ""
    application: str = ""
    wheelchair: bool = True
    valid_days: int | None = None  # a course: valid for this many days around today


def _tuples(value: Any) -> Any:
    """TOML arrays as the tuples the dataclasses and callers expect (hashable, immutable)."""
    return tuple(_tuples(item) for item in value) if isinstance(value, list) else value


OFFER_TYPES: tuple[OfferType, ...] = tuple(
    OfferType(**{key: _tuples(value) for key, value in data.items()})
    for data in _DATA["offer_type"]
)
SUPRA_REGIONAL: tuple[dict[str, Any], ...] = tuple(
    {key: _tuples(value) for key, value in data.items()} for data in _DATA["supra_regional"]
)
# (region slug, offer kind, number) → what is special about that offer
SPECIAL: dict[tuple[str, str, int], str] = {
    (special["region"], special["offer_type"], special["number"]): special["state"]
    for special in _DATA["special"]
}
