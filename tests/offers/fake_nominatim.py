"""A small local geocoding server for the tests: speaks Nominatim's JSON (GET /search) and
Photon's GeoJSON (GET /api) on 127.0.0.1, records every request (path, query, headers,
arrival time) and can misbehave on purpose.

Modes (``server.mode``):
- ``normal``: answers from ``ADDRESSES`` (an unknown address gets an empty result);
- ``empty``: an empty result for everything;
- ``timeout``: waits ``server.sleep_seconds`` before answering (longer than the client's
  timeout);
- ``429``, ``500``, ``503``: that HTTP status (429 with ``Retry-After: 7``);
- ``400``: the service rejects the query;
- ``garbage``: 200 with an HTML page instead of JSON;
- ``wrong_shape``: 200 with JSON that is not a search result (an object with other keys);
- ``bad_items``: 200 with a list/feature collection whose items are not places;
- ``bad_coordinates``: 200 with a place whose coordinates are not numbers."""

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from tests.services.threaded import ServingThread


@dataclass(frozen=True)
class FakeAddress:
    street: str  # "" for a postcode/town level entry
    postal_code: str
    city: str
    latitude: float
    longitude: float
    kind: str  # Nominatim addresstype / Photon type: "building", "road", "postcode", "city"


ADDRESSES = [
    FakeAddress("Schloßplatz 1", "21423", "Winsen (Luhe)", 53.35765, 10.21343, "building"),
    FakeAddress("Rathausstraße", "29308", "Winsen (Aller)", 52.68412, 9.90788, "road"),
    FakeAddress(
        "Bahnhofstraße 12", "21244", "Buchholz in der Nordheide", 53.3266, 9.8668, "building"
    ),
    FakeAddress("", "21423", "Winsen (Luhe)", 53.3600, 10.2100, "postcode"),
]

_NOMINATIM_CLASS = {"building": "building", "road": "highway", "postcode": "place", "city": "place"}
_PHOTON_TYPE = {"building": "house", "road": "street", "postcode": "district", "city": "city"}


def _street_parts(a: FakeAddress, *, road: str, number: str) -> dict[str, str]:
    """The street and house number under the keys a provider names them, each only when the
    address has it (both providers leave absent parts out)."""
    name, _, house = a.street.rpartition(" ") if a.street[-1:].isdigit() else (a.street, "", "")
    return {key: value for key, value in ((road, name), (number, house)) if value}


def _fold(text: str) -> str:
    return " ".join(text.casefold().replace("ß", "ss").split())


@dataclass
class RecordedRequest:
    path: str
    params: dict[str, str]
    headers: dict[str, str]
    arrived: float  # time.monotonic() when the request came in


@dataclass
class FakeGeocoderServer:
    mode: str = "normal"
    sleep_seconds: float = 2.0
    addresses: list[FakeAddress] = field(default_factory=lambda: list(ADDRESSES))
    requests: list[RecordedRequest] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None
        self._serving: ServingThread | None = None

    # --- lifecycle ---------------------------------------------------------------------

    def start(self) -> "FakeGeocoderServer":
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # http.server calls it so
                server._handle(self)

            def log_message(self, format: str, *args) -> None:
                pass  # keep the test output clean

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._serving = ServingThread(self._httpd, poll_interval=0.05)
        return self

    def stop(self) -> None:
        if self._serving is not None:
            self._serving.stop()
            self._serving = None
            self._httpd = None

    @property
    def url(self) -> str:
        assert self._httpd is not None, "server not started"
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def count(self, path_suffix: str = "") -> int:
        with self._lock:
            return sum(1 for r in self.requests if r.path.endswith(path_suffix))

    # --- answers -----------------------------------------------------------------------

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(handler.path)
        params = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        with self._lock:
            self.requests.append(
                RecordedRequest(parts.path, params, dict(handler.headers.items()), time.monotonic())
            )
            mode = self.mode
        photon = parts.path.endswith("/api")
        if not (photon or parts.path.endswith("/search")):
            return self._send(handler, 404, {"error": "not found"})
        if mode == "timeout":
            time.sleep(self.sleep_seconds)
            mode = "normal"
        if mode in ("400", "429", "500", "503"):
            headers = {"Retry-After": "7"} if mode == "429" else {}
            return self._send(handler, int(mode), {"error": f"status {mode}"}, headers)
        if mode == "garbage":
            return self._send(handler, 200, b"<html><body>Bad gateway</body></html>")
        if mode == "wrong_shape":
            return self._send(handler, 200, {"status": "ok", "data": {"unexpected": True}})
        if mode == "bad_items":
            return self._send(
                handler, 200, {"type": "FeatureCollection", "features": [42]} if photon else [42]
            )
        if mode == "bad_coordinates":
            found = [FakeAddress("Irgendwo 1", "21423", "Winsen (Luhe)", 0, 0, "building")]
        elif mode == "empty":
            found = []
        else:
            found = self._search(params, photon)
        if photon:
            body = {"type": "FeatureCollection", "features": [self._photon(a, mode) for a in found]}
        else:
            body = [self._nominatim(a, mode) for a in found]
        return self._send(handler, 200, body)

    def _search(self, params: dict[str, str], photon: bool) -> list[FakeAddress]:
        if photon or "q" in params:
            text = _fold(params.get("q", ""))
            return [
                a
                for a in self.addresses
                if _fold(a.street) and _fold(a.street) in text and a.postal_code in text
            ] or [
                a
                for a in self.addresses
                if not a.street and a.postal_code in text and "," not in text
            ]
        street = _fold(params.get("street", ""))
        postal_code = params.get("postalcode", "")
        return [
            a
            for a in self.addresses
            if _fold(a.street) == street and (not postal_code or a.postal_code == postal_code)
        ]

    @staticmethod
    def _nominatim(a: FakeAddress, mode: str) -> dict:
        address = {
            "postcode": a.postal_code,
            "town": a.city,
            "country": "Deutschland",
            "country_code": "de",
            **_street_parts(a, road="road", number="house_number"),
        }
        lat, lon = (
            ("north", "east")
            if mode == "bad_coordinates"
            else (f"{a.latitude:.7f}", f"{a.longitude:.7f}")
        )
        return {
            "place_id": abs(hash(a)) % 10**8,
            "licence": "Data © OpenStreetMap contributors, ODbL 1.0.",
            "lat": lat,
            "lon": lon,
            "class": _NOMINATIM_CLASS[a.kind],
            "type": "yes" if a.kind == "building" else a.kind,
            "addresstype": a.kind,
            "display_name": ", ".join(
                p for p in (a.street, a.city, a.postal_code, "Deutschland") if p
            ),
            "address": address,
        }

    @staticmethod
    def _photon(a: FakeAddress, mode: str) -> dict:
        props = {
            "osm_type": "W",
            "osm_id": abs(hash(a)) % 10**8,
            "type": _PHOTON_TYPE[a.kind],
            "postcode": a.postal_code,
            "city": a.city,
            "countrycode": "DE",
            "country": "Deutschland",
            **_street_parts(a, road="street", number="housenumber"),
        }
        coordinates = ["east", "north"] if mode == "bad_coordinates" else [a.longitude, a.latitude]
        return {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": coordinates},
            "properties": props,
        }

    @staticmethod
    def _send(handler, status: int, body, headers: dict[str, str] | None = None) -> None:
        if isinstance(body, bytes):
            payload, content_type = body, "text/html; charset=utf-8"
        else:
            payload, content_type = json.dumps(body).encode(), "application/json"
        try:
            handler.send_response(status)
            handler.send_header("Content-Type", content_type)
            handler.send_header("Content-Length", str(len(payload)))
            for name, value in (headers or {}).items():
                handler.send_header(name, value)
            handler.end_headers()
            handler.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout mode)
