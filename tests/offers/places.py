"""Places the offer tests use: the Familienzentrum in Winsen (Luhe) with its coordinates,
a rough outline of the Landkreis Harburg ([lon, lat] positions), and distances measured
independently of the code under test."""

import math

from offers_directory.factories import WINSEN

# An address with its coordinates (no geocoding needed), for OfferLocationFactory.
FAMILIENZENTRUM = {"town": WINSEN, "name": "Familienzentrum Winsen", "street": "Rathausplatz 1"}

HARBURG_OUTLINE = [
    [9.62, 53.30],
    [9.80, 53.47],
    [10.05, 53.46],
    [10.33, 53.42],
    [10.32, 53.28],
    [10.15, 53.16],
    [9.85, 53.17],
    [9.62, 53.30],
]
# The county as a service area, for OfferPageFactory(service_areas=[...]).
HARBURG_AREA = {
    "name": "Landkreis Harburg",
    "extent": {"type": "Polygon", "coordinates": [HARBURG_OUTLINE]},
}


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine), computed here rather than with the code under test."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))
