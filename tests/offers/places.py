"""Places the offer tests use: the Familienzentrum in Winsen (Luhe) with its coordinates,
and a rough outline of the Landkreis Harburg ([lon, lat] positions)."""

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
