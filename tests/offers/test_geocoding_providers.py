"""The online geocoders (Nominatim, Photon through geopy) against a local fake server, and the
offline geocoder behind the same API: exact hits, caching, negative caching, transient
errors, rate limiting, the user agent, the fallback to the gazetteer."""

import datetime
import io
import socket
import time
from collections.abc import Callable, Iterator

from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.utils import timezone

import pytest

from offers_directory.geocoding import (
    GeocoderUnavailable,
    GeocodingError,
    NominatimGeocoder,
    OfflineGeocoder,
    PhotonGeocoder,
    geocode_address,
    get_geocoder,
    providers,
)
from offers_directory.geocoding.providers import NEGATIVE_CACHE_DAYS
from offers_directory.models import GeocodeCacheEntry
from tests.offers.fake_nominatim import FakeGeocoderServer
from tests.offers.places import km

pytestmark = pytest.mark.django_db

USER_AGENT = "nfh-tests/1.0 (tests@example.org)"
PROVIDERS = ["nominatim", "photon"]
# Client timeout for the timeout mode; the server sleeps clearly longer.
TIMEOUT = 0.5

WINSEN_LUHE = (53.36, 10.21)


@pytest.fixture
def fake_server() -> Iterator[FakeGeocoderServer]:
    server = FakeGeocoderServer(sleep_seconds=TIMEOUT * 4).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def use_geocoder(settings, fake_server) -> Callable[..., None]:
    """use_geocoder("nominatim", delay=0.0, url=None): points the settings at the fake
    server."""

    def configure(name: str, *, delay: float = 0.0, url: str | None = None) -> None:
        settings.OFFERS_DIRECTORY = {
            **settings.OFFERS_DIRECTORY,
            "GEOCODER": name,
            "GEOCODER_URL": fake_server.url if url is None else url,
            "GEOCODER_USER_AGENT": USER_AGENT,
            "GEOCODER_MIN_DELAY_SECONDS": delay,
            "GEOCODER_TIMEOUT_SECONDS": TIMEOUT,
        }

    return configure


def winsen_schlossplatz() -> dict[str, str]:
    return {"street": "Schloßplatz 1", "postal_code": "21423", "city": "Winsen (Luhe)"}


# --- exact hits, user agent ----------------------------------------------------------------


@pytest.mark.parametrize("provider", PROVIDERS)
def test_exact_hit_with_user_agent(provider, use_geocoder, fake_server):
    use_geocoder(provider)
    result = geocode_address(**winsen_schlossplatz())
    assert result is not None
    assert result.source == provider
    assert result.precision == "exact"
    assert km((result.latitude, result.longitude), (53.35765, 10.21343)) < 0.01
    assert result.postal_code == "21423"
    assert result.city == "Winsen (Luhe)"
    assert "Schloßplatz 1" in result.label and "21423" in result.label
    assert fake_server.count() == 1
    request = fake_server.requests[0]
    assert request.headers["User-Agent"] == USER_AGENT
    if provider == "nominatim":
        assert request.path == "/search"
        assert request.params["format"] == "json"
        assert request.params["street"] == "Schloßplatz 1"
        assert request.params["postalcode"] == "21423"
        assert request.params["countrycodes"] == "de"
    else:
        assert request.path == "/api"
        assert "Schloßplatz 1" in request.params["q"]


def test_street_without_house_number_is_exact_but_town_level_is_not(use_geocoder):
    use_geocoder("nominatim")
    street = geocode_address(street="Rathausstraße", postal_code="29308", city="Winsen (Aller)")
    assert street is not None and street.precision == "exact"
    town = geocode_address(postal_code="21423", city="")
    assert town is not None
    assert town.source == "nominatim"
    assert town.precision == "approximate"


def test_url_with_path_prefix(use_geocoder, fake_server):
    use_geocoder("nominatim", url=fake_server.url + "/nominatim/")
    assert geocode_address(**winsen_schlossplatz()) is not None
    assert fake_server.requests[0].path == "/nominatim/search"


# --- caching -----------------------------------------------------------------------------


@pytest.mark.parametrize("provider", PROVIDERS)
def test_second_call_is_answered_from_the_cache(provider, use_geocoder, fake_server):
    use_geocoder(provider)
    first = geocode_address(**winsen_schlossplatz())
    # Case and spacing do not make a new query.
    second = geocode_address(street="  schloßplatz   1 ", postal_code="21423", city="WINSEN (LUHE)")
    assert fake_server.count() == 1
    assert second is not None and first is not None
    assert second.source == "cache"
    assert (second.latitude, second.longitude, second.precision, second.label) == (
        first.latitude,
        first.longitude,
        first.precision,
        first.label,
    )
    assert (second.postal_code, second.city) == (first.postal_code, first.city)
    entry = GeocodeCacheEntry.objects.get(provider=provider)
    assert entry.latitude == pytest.approx(first.latitude)


@pytest.mark.parametrize("provider", PROVIDERS)
def test_not_found_is_cached_and_falls_back_to_the_gazetteer(provider, use_geocoder, fake_server):
    use_geocoder(provider)
    address = {"street": "Gibtsnichtweg 99", "postal_code": "21423", "city": "Winsen (Luhe)"}
    result = geocode_address(**address)
    assert fake_server.count() == 1
    # The street is unknown online; the postcode still gives an approximate pin.
    assert result is not None
    assert result.source == "offline"
    assert result.precision == "approximate"
    assert result.postal_code == "21423"
    assert km((result.latitude, result.longitude), WINSEN_LUHE) < 3
    entry = GeocodeCacheEntry.objects.get(provider=provider)
    assert entry.latitude is None and entry.longitude is None

    again = geocode_address(**address)
    assert fake_server.count() == 1  # the negative answer was cached
    assert again == result


def test_not_found_without_postcode_or_town_is_none_and_cached(use_geocoder, fake_server):
    use_geocoder("nominatim")
    assert geocode_address(street="Gibtsnichtweg 99") is None
    assert geocode_address(street="Gibtsnichtweg 99") is None
    assert fake_server.count() == 1
    assert GeocodeCacheEntry.objects.filter(latitude__isnull=True).count() == 1


def test_old_negative_answers_are_asked_again(use_geocoder, fake_server):
    use_geocoder("nominatim")
    assert geocode_address(street="Gibtsnichtweg 99") is None  # no postcode: no fallback
    entry = GeocodeCacheEntry.objects.get()
    GeocodeCacheEntry.objects.filter(pk=entry.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=NEGATIVE_CACHE_DAYS + 1)
    )
    assert geocode_address(street="Gibtsnichtweg 99") is None
    assert fake_server.count() == 2
    entry = GeocodeCacheEntry.objects.get()
    assert timezone.now() - entry.created_at < datetime.timedelta(minutes=5)
    assert geocode_address(street="Gibtsnichtweg 99") is None
    assert fake_server.count() == 2  # fresh again


def test_empty_answer_mode_is_a_cached_negative(use_geocoder, fake_server):
    use_geocoder("photon")
    fake_server.mode = "empty"
    assert geocode_address(street="Schloßplatz 1", country="DE") is None
    fake_server.mode = "normal"
    assert geocode_address(street="Schloßplatz 1", country="DE") is None
    assert fake_server.count() == 1


# --- transient failures ------------------------------------------------------------------


TRANSIENT_MODES = [
    "timeout",
    "429",
    "500",
    "503",
    "garbage",
    "wrong_shape",
    "bad_items",
    "bad_coordinates",
]


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("mode", TRANSIENT_MODES)
def test_transient_failures_raise_and_are_not_cached(provider, mode, use_geocoder, fake_server):
    use_geocoder(provider)
    fake_server.mode = mode
    began = time.monotonic()
    with pytest.raises(GeocoderUnavailable) as caught:
        geocode_address(**winsen_schlossplatz())
    if mode == "timeout":
        # The client gave up after its own timeout, not after the server's delay.
        assert time.monotonic() - began < fake_server.sleep_seconds
    if mode == "429":
        assert caught.value.retry_after == 7
    assert not GeocodeCacheEntry.objects.exists()
    # One request: nothing below the geocoder retries on its own (not even after a 429).
    assert fake_server.count() == 1

    # Once the service is back, the same address is asked again and answered.
    fake_server.mode = "normal"
    result = geocode_address(**winsen_schlossplatz())
    assert result is not None and result.source == provider
    assert fake_server.count() == 2


def test_connection_refused_is_transient(use_geocoder):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    use_geocoder("nominatim", url=f"http://127.0.0.1:{port}")
    with pytest.raises(GeocoderUnavailable):
        geocode_address(**winsen_schlossplatz())
    assert not GeocodeCacheEntry.objects.exists()


def test_rejected_query_is_a_permanent_error(use_geocoder, fake_server):
    use_geocoder("nominatim")
    fake_server.mode = "400"
    with pytest.raises(GeocodingError) as caught:
        geocode_address(**winsen_schlossplatz())
    assert not isinstance(caught.value, GeocoderUnavailable)


def test_empty_address_is_a_permanent_error(use_geocoder, fake_server):
    use_geocoder("nominatim")
    with pytest.raises(GeocodingError):
        geocode_address(street=" ", postal_code="", city="")
    assert fake_server.count() == 0


# --- rate limiting -----------------------------------------------------------------------


@pytest.mark.parametrize("provider", PROVIDERS)
def test_requests_are_spaced_by_the_configured_delay(
    provider, use_geocoder, fake_server, monkeypatch
):
    delay = 0.2
    use_geocoder(provider, delay=delay)
    geocode_address(**winsen_schlossplatz())
    geocode_address(street="Rathausstraße", postal_code="29308", city="Winsen (Aller)")
    geocode_address(street="Bahnhofstraße 12", postal_code="21244", city="Buchholz")
    arrivals = [r.arrived for r in fake_server.requests]
    assert len(arrivals) == 3
    gaps = [later - earlier for earlier, later in zip(arrivals, arrivals[1:], strict=False)]
    assert min(gaps) >= delay, gaps

    # A cached answer does not wait for the next slot: it never asks the rate limiter (checked
    # by the call, not by a clock, which a busy machine slows down).
    def no_slot(*args, **kwargs):
        raise AssertionError("a cached answer waited for a request slot")

    monkeypatch.setattr(providers._RateLimiter, "slot", no_slot)
    assert geocode_address(**winsen_schlossplatz()) is not None
    assert fake_server.count() == 3


# --- choosing the geocoder ---------------------------------------------------------------


def test_get_geocoder_follows_the_settings(use_geocoder, settings, fake_server):
    use_geocoder("nominatim")
    nominatim = get_geocoder()
    assert isinstance(nominatim, NominatimGeocoder)
    assert nominatim.user_agent == USER_AGENT
    assert nominatim.client.api == f"{fake_server.url}/search"
    assert get_geocoder() is nominatim  # one instance per configuration
    use_geocoder("photon")
    photon = get_geocoder()
    assert isinstance(photon, PhotonGeocoder)
    assert photon.client.api == f"{fake_server.url}/api"
    use_geocoder("offline")
    assert isinstance(get_geocoder(), OfflineGeocoder)
    use_geocoder("google")
    with pytest.raises(ImproperlyConfigured):
        get_geocoder()
    use_geocoder("nominatim", url="ftp://example.org")
    with pytest.raises(ImproperlyConfigured):
        get_geocoder()


# --- the offline geocoder ----------------------------------------------------------------


def test_offline_geocoder_uses_postcode_and_town(settings, django_assert_num_queries):
    settings.OFFERS_DIRECTORY = {**settings.OFFERS_DIRECTORY, "GEOCODER": "offline"}
    with django_assert_num_queries(0):  # no cache needed: no request to save
        result = geocode_address(street="Schloßplatz 1", postal_code="21423", city="Winsen (Luhe)")
    assert result is not None
    assert (result.source, result.precision) == ("offline", "approximate")
    assert result.label == "21423 Winsen (Luhe)"
    assert km((result.latitude, result.longitude), WINSEN_LUHE) < 3

    # The town named within the postcode area wins over the postcode's main town.
    drage = geocode_address(postal_code="21423", city="Drage")
    assert drage is not None and drage.city == "Drage"
    assert 3 < km((drage.latitude, drage.longitude), WINSEN_LUHE) < 20

    aller = geocode_address(city="Winsen (Aller)")
    assert aller is not None
    assert km((aller.latitude, aller.longitude), (52.68, 9.91)) < 3

    assert geocode_address(postal_code="99999", city="") is None
    assert geocode_address(street="Schloßplatz 1") is None
    assert geocode_address(postal_code="1010", city="Wien", country="AT") is None


# --- the cache command -------------------------------------------------------------------


def test_geocode_cache_command(use_geocoder, fake_server):
    use_geocoder("nominatim")
    geocode_address(**winsen_schlossplatz())
    geocode_address(street="Gibtsnichtweg 99")
    out = io.StringIO()
    call_command("geocode_cache", stdout=out)
    assert "nominatim: 2 cached answers, 1 of them 'nothing found'" in out.getvalue()

    call_command("geocode_cache", "--clear", "--negative-only", stdout=io.StringIO())
    assert list(GeocodeCacheEntry.objects.values_list("latitude", flat=True)) == [
        pytest.approx(53.35765)
    ]
    call_command("geocode_cache", "--clear", "--provider", "photon", stdout=io.StringIO())
    assert GeocodeCacheEntry.objects.count() == 1
    call_command("geocode_cache", "--clear", stdout=io.StringIO())
    assert not GeocodeCacheEntry.objects.exists()
    # Cleared means asked again.
    geocode_address(**winsen_schlossplatz())
    assert fake_server.count() == 3
