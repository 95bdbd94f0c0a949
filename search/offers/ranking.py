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

The decay is `SEARCH["DISTANCE_DECAY"]`: `function` (gauss or exp), `scale_km`, `offset_km`
and `decay` as in Elasticsearch's decay functions: within offset_km nothing is lost, at
offset_km + scale_km the score is multiplied by `decay`."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from django.conf import settings

DEFAULT_DECAY = {"function": "gauss", "scale_km": 25.0, "offset_km": 2.0, "decay": 0.5}
EXACT_SCORE, FUZZY_SCORE, TITLE_SCORE = 2.0, 1.0, 3.0


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
