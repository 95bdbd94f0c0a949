"""The geocoders: the offline gazetteer, and Nominatim and Photon through geopy.

The online ones follow the Nominatim usage policy (which Photon's public instance shares): an
identifying user agent, at most one request per GEOCODER_MIN_DELAY_SECONDS per process and
service, and every answer cached in the database (GeocodeCacheEntry), "nothing found"
included, so the same address is never asked twice. Transient failures (timeouts, 429, 5xx,
connection errors, answers of the wrong shape) raise GeocoderUnavailable and are not cached:
the caller retries later."""

import contextlib
import datetime
import hashlib
import logging
import math
import re
import threading
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.utils import timezone

from geopy import exc as geopy_exc
from geopy.adapters import RequestsAdapter
from geopy.geocoders import Nominatim, Photon

from ..conf import GEOCODER_CHOICES, get_setting
from .gazetteer import get_gazetteer
from .results import (
    PRECISION_APPROXIMATE,
    PRECISION_EXACT,
    SOURCE_CACHE,
    SOURCE_NOMINATIM,
    SOURCE_OFFLINE,
    SOURCE_PHOTON,
    GeocodeResult,
    GeocoderUnavailable,
    GeocodingError,
)

logger = logging.getLogger(__name__)

_POSTCODE = re.compile(r"^\d{5}$")
# Country names and codes the gazetteer covers.
_GERMANY = {"", "de", "deu", "deutschland", "germany"}
_MAX_KEY = 255  # GeocodeCacheEntry.query_key
# "Nothing found" is asked again after this long: streets and buildings get added to the map.
NEGATIVE_CACHE_DAYS = 30


def _clean(value: str | None) -> str:
    return " ".join((value or "").split())


def _is_germany(country: str) -> bool:
    return _clean(country).casefold() in _GERMANY


class Geocoder:
    """Turns an address into coordinates. `name` is the provider's name in the cache."""

    name = ""

    def geocode(
        self, *, street: str = "", postal_code: str = "", city: str = "", country: str = "DE"
    ) -> GeocodeResult | None:
        raise NotImplementedError


class OfflineGeocoder(Geocoder):
    """The embedded gazetteer: a postcode or town centre, never a street ("approximate").
    Germany only."""

    name = SOURCE_OFFLINE

    def geocode(
        self, *, street: str = "", postal_code: str = "", city: str = "", country: str = "DE"
    ) -> GeocodeResult | None:
        postal_code, city = _clean(postal_code), _clean(city)
        if not _is_germany(country) or not (postal_code or city):
            return None
        gazetteer = get_gazetteer()
        if _POSTCODE.match(postal_code):
            row = gazetteer.lookup_postcode(postal_code, city)
            if row is not None:
                return gazetteer.row_result(row)
        if city:
            results = gazetteer.resolve_all(city)
            # Coordinates typed into the city field are no address.
            if results and results[0].precision == PRECISION_APPROXIMATE:
                return results[0]
        return None


class _RateLimiter:
    """At most one request per `delay` seconds per service, across the threads of a process:
    a request starts no earlier than `delay` after the previous one ended, so the service
    never sees two within `delay` whatever the network latency."""

    _guard = threading.Lock()
    _locks: dict[str, threading.Lock] = {}
    _next_allowed: dict[str, float] = {}

    @classmethod
    @contextlib.contextmanager
    def slot(cls, service: str, delay: float) -> Iterator[None]:
        with cls._guard:
            lock = cls._locks.setdefault(service, threading.Lock())
        with lock:
            pause = cls._next_allowed.get(service, 0.0) - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            try:
                yield
            finally:
                cls._next_allowed[service] = time.monotonic() + max(0.0, delay)


def _adapter_without_retries(*, proxies: Any, ssl_context: Any) -> RequestsAdapter:
    # requests' default retries would repeat a request after a 429's Retry-After (blocking
    # the worker and knocking again on a service that asked us to wait); retrying is the
    # caller's business.
    return RequestsAdapter(proxies=proxies, ssl_context=ssl_context, max_retries=0)


def cache_key(*, street: str, postal_code: str, city: str, country: str) -> str:
    """The normalised query: case and spacing do not make a new request."""
    key = "|".join(_clean(part).casefold() for part in (street, postal_code, city, country))
    if len(key) > _MAX_KEY:
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()
        key = f"{key[: _MAX_KEY - len(digest) - 1]}#{digest}"
    return key


def _coordinate(value: Any, limit: float) -> float:
    number = float(value)  # ValueError/TypeError: a garbage answer
    if not math.isfinite(number) or abs(number) > limit:
        raise ValueError(f"coordinate {value!r} out of range")
    return number


class OnlineGeocoder(Geocoder):
    """Common ground of Nominatim and Photon: cache, rate limit, error mapping, fallback."""

    def __init__(
        self, *, url: str = "", user_agent: str, min_delay: float = 1.0, timeout: float = 10.0
    ) -> None:
        if not user_agent.strip():
            raise ImproperlyConfigured(
                f"The {self.name} geocoder needs GEOCODER_USER_AGENT (the site's name and a "
                "contact address)."
            )
        self.url = url.strip().rstrip("/")
        self.user_agent = user_agent.strip()
        self.min_delay = float(min_delay)
        self.timeout = float(timeout)
        options: dict[str, Any] = {
            "user_agent": self.user_agent,
            "timeout": self.timeout,
            "adapter_factory": _adapter_without_retries,
        }
        if self.url:
            parts = urlsplit(self.url)
            if parts.scheme not in ("http", "https") or not parts.netloc:
                raise ImproperlyConfigured(
                    f"GEOCODER_URL={url!r} is not an http(s) URL such as "
                    "https://nominatim.example.de"
                )
            # geopy joins scheme, "domain" and its API path, so a path prefix of the
            # service (https://example.de/nominatim) goes into the domain.
            options["scheme"] = parts.scheme
            options["domain"] = parts.netloc + parts.path.rstrip("/")
        self.client = self._make_client(options)

    def _make_client(self, options: dict[str, Any]) -> Any:
        raise NotImplementedError

    def _request(self, street: str, postal_code: str, city: str, country: str) -> Any:
        """The geopy call: a list of geopy Locations (or None)."""
        raise NotImplementedError

    def _result(self, raw: dict[str, Any], street: str) -> GeocodeResult:
        """A provider's raw answer → result; ValueError/KeyError/TypeError when malformed."""
        raise NotImplementedError

    def _found(
        self,
        latitude: float,
        longitude: float,
        exact: bool,
        road: str,
        postal_code: str | None,
        city: str | None,
        fallback_label: Any = None,
    ) -> GeocodeResult:
        """The result of either service, labelled "street no, postcode city" (else with the
        service's own label)."""
        postal_code = postal_code or None
        place = " ".join(p for p in (postal_code, city) if p)
        label = ", ".join(p for p in (road, place) if p) or str(fallback_label or "")
        return GeocodeResult(
            latitude=latitude,
            longitude=longitude,
            precision=PRECISION_EXACT if exact else PRECISION_APPROXIMATE,
            label=label[:255],
            postal_code=postal_code,
            city=city,
            source=self.name,
        )

    @property
    def _service(self) -> str:
        return f"{self.name} {self.url}"

    def _fetch(
        self, street: str, postal_code: str, city: str, country: str
    ) -> tuple[GeocodeResult | None, dict[str, Any]]:
        try:
            with _RateLimiter.slot(self._service, self.min_delay):
                locations = self._request(street, postal_code, city, country)
        except geopy_exc.GeocoderQueryError as exc:
            # The service refused the query itself (HTTP 400): asking again will not help.
            raise GeocodingError(f"{self.name} rejected the query: {exc}") from exc
        except geopy_exc.GeocoderRateLimited as exc:
            raise GeocoderUnavailable(
                f"{self.name} asks to slow down (HTTP 429)", retry_after=exc.retry_after
            ) from exc
        except geopy_exc.GeopyError as exc:
            raise GeocoderUnavailable(f"{self.name} is unavailable: {exc}") from exc
        except (AttributeError, IndexError, KeyError, TypeError, ValueError) as exc:
            # geopy's parser met JSON of the wrong shape
            raise GeocoderUnavailable(f"{self.name} sent an unexpected answer: {exc!r}") from exc
        if locations is None:
            locations = []
        if not isinstance(locations, list):
            locations = [locations]
        for location in locations:
            raw = getattr(location, "raw", None)
            try:
                if not isinstance(raw, dict):
                    raise TypeError(f"an answer of type {type(raw).__name__}")
                if self._accept(raw, country):
                    return self._result(raw, street), raw
            except (KeyError, TypeError, ValueError) as exc:
                raise GeocoderUnavailable(
                    f"{self.name} sent an unexpected answer: {exc!r}"
                ) from exc
        return None, {}

    def _accept(self, raw: dict[str, Any], country: str) -> bool:
        return True

    def geocode(
        self, *, street: str = "", postal_code: str = "", city: str = "", country: str = "DE"
    ) -> GeocodeResult | None:
        street, postal_code, city = _clean(street), _clean(postal_code), _clean(city)
        country = _clean(country) or "DE"
        if not (street or postal_code or city):
            raise GeocodingError("An address needs a street, a postcode or a city.")
        key = cache_key(street=street, postal_code=postal_code, city=city, country=country)

        from ..models import GeocodeCacheEntry  # here: models need the app registry

        entry = GeocodeCacheEntry.objects.filter(provider=self.name, query_key=key).first()
        if entry is not None and entry.latitude is None and _expired(entry):
            entry = None
        if entry is not None:
            result = _from_cache(entry)
        else:
            result, raw = self._fetch(street, postal_code, city, country)
            _store(self.name, key, result, raw)
        if result is not None:
            return result
        # Not found online (an unknown or misspelt street, a new building, a spelling the
        # service does not know): the postcode or town is still worth an approximate pin.
        if postal_code or city:
            return OfflineGeocoder().geocode(postal_code=postal_code, city=city, country=country)
        return None


def _expired(entry: Any) -> bool:
    return entry.created_at < timezone.now() - datetime.timedelta(days=NEGATIVE_CACHE_DAYS)


def _from_cache(entry: Any) -> GeocodeResult | None:
    if entry.latitude is None or entry.longitude is None:
        return None
    raw = entry.raw if isinstance(entry.raw, dict) else {}
    return GeocodeResult(
        latitude=entry.latitude,
        longitude=entry.longitude,
        precision=entry.precision or PRECISION_APPROXIMATE,
        label=entry.label,
        postal_code=raw.get("postal_code") or None,
        city=raw.get("city") or None,
        source=SOURCE_CACHE,
    )


def _store(provider: str, key: str, result: GeocodeResult | None, raw: dict[str, Any]) -> None:
    from ..models import GeocodeCacheEntry

    values: dict[str, Any] = {
        "latitude": None,
        "longitude": None,
        "precision": "",
        "label": "",
        "raw": {"answer": raw},
        # Set explicitly so a refreshed entry counts from now (auto_now_add only sets it on
        # creation).
        "created_at": timezone.now(),
    }
    if result is not None:
        values.update(
            latitude=result.latitude,
            longitude=result.longitude,
            precision=result.precision,
            label=result.label[:255],
            raw={"postal_code": result.postal_code, "city": result.city, "answer": raw},
        )
    try:
        # A savepoint, so a concurrent worker that stored the same query first does not
        # break the caller's transaction.
        with transaction.atomic():
            GeocodeCacheEntry.objects.update_or_create(
                provider=provider, query_key=key, defaults=values
            )
    except IntegrityError:
        logger.debug("geocode cache entry %s/%s was stored concurrently", provider, key)


# Nominatim address types at postcode, settlement or area level: such a hit for a street
# address is only approximate.
_AREA_TYPES = {
    "administrative",
    "borough",
    "city",
    "city_block",
    "city_district",
    "country",
    "county",
    "district",
    "farm",
    "hamlet",
    "isolated_dwelling",
    "locality",
    "municipality",
    "neighbourhood",
    "postcode",
    "quarter",
    "region",
    "state",
    "state_district",
    "suburb",
    "town",
    "village",
}
_CITY_FIELDS = ("city", "town", "village", "municipality", "hamlet", "suburb")


class NominatimGeocoder(OnlineGeocoder):
    name = SOURCE_NOMINATIM

    def _make_client(self, options: dict[str, Any]) -> Nominatim:
        return Nominatim(**options)

    def _request(self, street: str, postal_code: str, city: str, country: str) -> Any:
        query = {
            key: value
            for key, value in (("street", street), ("postalcode", postal_code), ("city", city))
            if value
        }
        country_codes = country.lower() if len(country) == 2 else None
        if country_codes is None:
            query["country"] = country
        return self.client.geocode(
            query,
            exactly_one=False,
            limit=1,
            addressdetails=True,
            country_codes=country_codes,
        )

    def _result(self, raw: dict[str, Any], street: str) -> GeocodeResult:
        latitude = _coordinate(raw["lat"], 90.0)
        longitude = _coordinate(raw["lon"], 180.0)
        address = raw.get("address") or {}
        if not isinstance(address, dict):
            raise TypeError("address is not an object")
        kind = raw.get("addresstype") or raw.get("type") or ""
        exact = bool(street) and kind not in _AREA_TYPES and raw.get("class") != "boundary"
        city = next((address[f] for f in _CITY_FIELDS if address.get(f)), None)
        road = " ".join(p for p in (address.get("road"), address.get("house_number")) if p)
        postal_code = address.get("postcode")
        return self._found(
            latitude, longitude, exact, road, postal_code, city, raw.get("display_name")
        )


class PhotonGeocoder(OnlineGeocoder):
    name = SOURCE_PHOTON

    def _make_client(self, options: dict[str, Any]) -> Photon:
        return Photon(**options)

    def _request(self, street: str, postal_code: str, city: str, country: str) -> Any:
        # Photon has no structured search; a country filter is applied to its answers.
        place = " ".join(p for p in (postal_code, city) if p)
        query = ", ".join(p for p in (street, place) if p)
        return self.client.geocode(query, exactly_one=False, limit=5, language="de")

    def _accept(self, raw: dict[str, Any], country: str) -> bool:
        code = (raw.get("properties") or {}).get("countrycode")
        return not code or len(country) != 2 or str(code).upper() == country.upper()

    def _result(self, raw: dict[str, Any], street: str) -> GeocodeResult:
        longitude, latitude = raw["geometry"]["coordinates"][:2]
        latitude, longitude = _coordinate(latitude, 90.0), _coordinate(longitude, 180.0)
        props = raw.get("properties") or {}
        if not isinstance(props, dict):
            raise TypeError("properties is not an object")
        kind = props.get("type") or ""
        exact = bool(street) and (kind in ("house", "street") or bool(props.get("housenumber")))
        city = props.get("city") or (props.get("name") if kind == "city" else None)
        road = " ".join(p for p in (props.get("street"), props.get("housenumber")) if p)
        if not road and kind not in ("city", "district", "locality"):
            road = props.get("name") or ""
        return self._found(latitude, longitude, exact, road, props.get("postcode"), city)


_instances: dict[tuple, Geocoder] = {}
_instances_lock = threading.Lock()


def get_geocoder() -> Geocoder:
    """The geocoder chosen by OFFERS_DIRECTORY["GEOCODER"] (offline | nominatim | photon),
    one instance per configuration."""
    name = (get_setting("GEOCODER") or "offline").strip().lower()
    if name not in GEOCODER_CHOICES:
        raise ImproperlyConfigured(
            f"GEOCODER={name!r} is not supported; choose one of {', '.join(GEOCODER_CHOICES)}."
        )
    config = (
        name,
        get_setting("GEOCODER_URL") or "",
        get_setting("GEOCODER_USER_AGENT") or "",
        float(get_setting("GEOCODER_MIN_DELAY_SECONDS")),
        float(get_setting("GEOCODER_TIMEOUT_SECONDS")),
    )
    with _instances_lock:
        geocoder = _instances.get(config)
        if geocoder is None:
            if name == "offline":
                geocoder = OfflineGeocoder()
            else:
                cls = NominatimGeocoder if name == "nominatim" else PhotonGeocoder
                geocoder = cls(
                    url=config[1], user_agent=config[2], min_delay=config[3], timeout=config[4]
                )
            _instances[config] = geocoder
    return geocoder
