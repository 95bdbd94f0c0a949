"""How the offer search orders results, one formula for both engines.

- `distance`: offers that come to the family (a service area covers the place) first, as if
  0 km away, then by the nearest location's distance.
- `relevance`: text relevance only. Each query word scores 2 for an exact term, else 1 for a
  typo match, plus 3 when it is in the title (constant scores, not BM25: the database engine
  computes the same numbers, so both engines order alike).
- `best` (the default): with search words and a place, relevance × a decay on the distance
  (Elasticsearch's function_score decay, computed the same way by the database engine; an
  offer that comes to the family decays by nothing); with words only, relevance; with a place
  only, distance.

Freshness (offers_directory/freshness.py): an offer not verified within
`OFFERS_DIRECTORY["REVIEW_WINDOW_DAYS"]` is stale; its score is multiplied by `STALE_FACTOR` in
`best` and `relevance` (with a place only, `best` gives: offers that come to the family, fresh
before stale, then fresh offers by distance, then stale ones by distance). `sort=distance` is
the nearest first, as asked. Whether an offer is stale is decided when the search runs, from
the verification date in the index (`verified_on`) and today's limits: time passes without any
save. Offers hidden for want of verification (`HIDE_AFTER_DAYS`) are filtered out the same way.

The decay is `SEARCH["DISTANCE_DECAY"]`: `function` (gauss or exp), `scale_km`, `offset_km`
and `decay` as in Elasticsearch's decay functions: within offset_km nothing is lost, at
offset_km + scale_km the score is multiplied by `decay`."""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass
from typing import Any

from django.conf import settings

DEFAULT_DECAY = {"function": "gauss", "scale_km": 25.0, "offset_km": 2.0, "decay": 0.5}
EXACT_SCORE, FUZZY_SCORE, TITLE_SCORE = 2.0, 1.0, 3.0
# A stale offer's score multiplier; below 1/2, the distance order's tiers (4 for an offer
# that comes to the family, 1 for the others) stay apart: 4, 2, 1, 0.5.
STALE_FACTOR = 0.5
REACHES_YOU_WEIGHT = 4.0


@dataclass(frozen=True)
class DistanceDecay:
    function: str
    scale_km: float
    offset_km: float
    decay: float

    def factor(self, distance_km: float) -> float:
        """The multiplier at this distance, by Elasticsearch's formulas."""
        beyond = max(0.0, distance_km - self.offset_km)
        if self.function == "exp":
            return math.exp(math.log(self.decay) / self.scale_km * beyond)
        sigma2 = -(self.scale_km**2) / (2 * math.log(self.decay))
        return math.exp(-(beyond**2) / (2 * sigma2))

    def function_body(self, latitude: float, longitude: float) -> dict[str, Any]:
        return {
            self.function: {
                "geo": {
                    "origin": {"lat": latitude, "lon": longitude},
                    "scale": f"{self.scale_km}km",
                    "offset": f"{self.offset_km}km",
                    "decay": self.decay,
                },
                "multi_value_mode": "min",
            }
        }


def distance_decay() -> DistanceDecay:
    configured = {**DEFAULT_DECAY, **getattr(settings, "SEARCH", {}).get("DISTANCE_DECAY", {})}
    if configured["function"] not in ("gauss", "exp") or not 0 < configured["decay"] < 1:
        raise ValueError('SEARCH["DISTANCE_DECAY"]: function gauss or exp, 0 < decay < 1')
    return DistanceDecay(
        str(configured["function"]),
        float(configured["scale_km"]),
        float(configured["offset_km"]),
        float(configured["decay"]),
    )


def order(sort: str, has_words: bool, has_place: bool) -> str:
    """The order a search is given in: "distance", "relevance" or "blend"."""
    if sort == "distance":
        return "distance" if has_place else "relevance"
    if sort == "best" and has_place:
        return "blend" if has_words else "distance"
    return "relevance"


def freshness_applies(sort: str) -> bool:
    """Whether stale offers rank lower in this order (not when the nearest are asked for)."""
    return sort != "distance"


def freshness_factor(verified_on: datetime.date | None, stale_before: datetime.date) -> float:
    """The score multiplier of an offer verified on this day (None: unknown, not stale:
    the index holds no date for it)."""
    return STALE_FACTOR if verified_on is not None and verified_on < stale_before else 1.0
