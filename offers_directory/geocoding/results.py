"""The values and errors every geocoder shares."""

from dataclasses import dataclass

PRECISION_EXACT = "exact"  # street or house level
PRECISION_APPROXIMATE = "approximate"  # the centre of a postcode area or town

SOURCE_OFFLINE = "offline"
SOURCE_NOMINATIM = "nominatim"
SOURCE_PHOTON = "photon"
SOURCE_CACHE = "cache"


@dataclass(frozen=True)
class GeocodeResult:
    latitude: float
    longitude: float
    precision: str  # PRECISION_EXACT | PRECISION_APPROXIMATE
    label: str  # human-readable, e.g. "21423 Winsen (Luhe)"
    postal_code: str | None
    city: str | None
    source: str  # "offline" | "nominatim" | "photon" | "cache"

    @property
    def is_exact(self) -> bool:
        return self.precision == PRECISION_EXACT


class GeocodingError(Exception):
    """Permanent: the input cannot be geocoded as given (unusable or out-of-range input).
    Retrying the same input gives the same answer."""


class InvalidCoordinates(GeocodingError, ValueError):
    """A "lat,lon" pair outside the valid range (latitude -90…90, longitude -180…180)."""


class GeocoderUnavailable(GeocodingError):
    """Transient: timeout, HTTP 429 or 5xx, connection refused, an answer that is not what
    the service should send. The caller retries later; nothing was cached. `retry_after`:
    seconds the service asked to wait (HTTP 429 Retry-After), if it said."""

    def __init__(self, message: str = "", *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after
