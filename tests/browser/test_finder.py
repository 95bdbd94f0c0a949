"""The family finder in real Chromium: search by postcode, filters, the map with consent and
"search in this map area", shared URLs, keyboard-only use, axe-core, and no request to any
host but the site's own and the configured tile server (a local one, never a real one)."""

from __future__ import annotations

import re
import struct
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from home.factories import RegionPageFactory
from offers_directory.factories import (
    BUCHHOLZ,
    HAMBURG,
    LUENEBURG,
    WINSEN,
    OfferIndexPageFactory,
    OfferPageFactory,
)
from search.engine import reset_health
from tests.finder.conftest import de
from tests.services.threaded import ServingThread

from .fixtures import describe_violations, run_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
# Two more places near the towns' centres.
ELTERNCAFE_WINSEN = {"town": WINSEN, "latitude": 53.3610, "longitude": 10.2050}
KRABBELGRUPPE_LUENEBURG = {"town": LUENEBURG, "latitude": 53.2500, "longitude": 10.4000}


def _png(size: int = 256) -> bytes:
    """A plain light-grey PNG tile, built by hand (no image library needed)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    raw = b"".join(b"\x00" + b"\xe4\xea\xee" * size for _ in range(size))
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


class TileServer:
    """A tiny tile server on 127.0.0.1 (another host than the live server's `localhost`),
    recording every request it gets."""

    def __init__(self) -> None:
        tile = _png()
        requests: list[str] = []

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                requests.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.send_header("Content-Length", str(len(tile)))
                self.end_headers()
                self.wfile.write(tile)

            def log_message(self, *args) -> None:
                pass

        self.requests = requests
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.netloc = f"127.0.0.1:{self.server.server_address[1]}"
        self.serving = ServingThread(self.server)

    def close(self) -> None:
        self.serving.stop()


@pytest.fixture
def tiles(settings):
    server = TileServer()
    settings.OFFERS_DIRECTORY = {
        **settings.OFFERS_DIRECTORY,
        "TILE_URL": f"http://{server.netloc}/{{z}}/{{x}}/{{y}}.png",
        "TILE_ATTRIBUTION": "Testkacheln",
    }
    yield server
    server.close()


@pytest.fixture
def finder_site(demo, live_site, settings):
    """Demo pages plus a handful of offers around Winsen (Luhe), served by the live server on
    the database engine."""
    settings.SEARCH = {**settings.SEARCH, "ELASTICSEARCH_URLS": []}
    reset_health()
    index = OfferIndexPageFactory(
        parent=RegionPageFactory(title="Landkreis Test", slug="landkreis-test")
    )
    offers = [
        ("Familienhebammen Winsen", WINSEN, ["hebamme"], ["de", "ar"]),
        ("Hebammensprechstunde Buchholz", BUCHHOLZ, ["hebamme"], ["de"]),
        ("Elterncafé Winsen", ELTERNCAFE_WINSEN, ["elterncafe"], ["de", "tr"]),
        ("Elterncafé Lüneburg", LUENEBURG, ["elterncafe"], ["de"]),
        ("Krabbelgruppe Lüneburg", KRABBELGRUPPE_LUENEBURG, ["krabbelgruppe"], ["de", "uk"]),
        ("Schwangerschaftsberatung Hamburg", HAMBURG, ["beratung"], ["de", "en"]),
    ]
    for title, place, categories, languages in offers:
        OfferPageFactory(
            parent=index,
            title=title,
            summary=f"{title}: Unterstützung für Familien.",
            locations=[place],
            categories=categories,
            languages=languages,
            schedules=[("WE", "09:00", "12:00")],
        )
    return live_site


class Recorder:
    """Every request's host, console errors and page errors of one page."""

    def __init__(self, page) -> None:
        self.hosts: set[str] = set()
        self.urls: list[str] = []
        self.errors: list[str] = []
        page.on("request", self._request)
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _request(self, request) -> None:
        self.hosts.add(urlsplit(request.url).netloc)
        self.urls.append(request.url)


def wait_idle(page) -> None:
    page.wait_for_function(
        "() => !document.querySelector('[data-finder]').hasAttribute('aria-busy')"
    )


def result_ids(page) -> list[str]:
    return page.eval_on_selector_all(".offer-result", "els => els.map(e => e.dataset.offerId)")


def result_titles(page) -> list[str]:
    return [t.strip() for t in page.locator(".offer-result__title").all_inner_texts()]


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def search_postcode(page) -> None:
    near = page.locator("#finder-near")
    near.fill("2142")
    option = page.get_by_role("option", name=re.compile("21423"))
    option.first.wait_for()
    assert near.get_attribute("aria-expanded") == "true"
    near.press("ArrowDown")
    assert near.get_attribute("aria-activedescendant")
    near.press("Enter")
    page.wait_for_url(re.compile(r"near=21423"))
    wait_idle(page)


def test_postcode_filters_map_and_shared_url(page, browser, finder_site, tiles):
    recorder = Recorder(page)
    page.goto(finder_site.url + "/angebote/")
    wait_idle(page)
    assert len(result_ids(page)) == 6

    # Search by postcode with the place autocomplete: nearest first.
    search_postcode(page)
    assert query(page)["near"][0].startswith("21423")
    titles = result_titles(page)
    assert titles[:2] == ["Familienhebammen Winsen", "Elterncafé Winsen"]
    near_ids = result_ids(page)
    # The first lies at the postcode's own place ("am Ort", never "0,0 km"), the others
    # show their distance with a German decimal comma.
    assert "am Ort" in page.locator(".offer-result").first.inner_text()
    assert re.search(r"\d,\d km entfernt", page.locator(".offer-result").nth(2).inner_text())

    # Add a filter: the list updates without a reload and the URL holds it.
    page.evaluate("window.__sameDocument = true")
    hebamme = page.locator('input[name="category"][value="hebamme"]')
    facet_count = int(
        re.search(
            r"\d+",
            page.locator(f'label[for="{hebamme.get_attribute("id")}"] .facet__count').inner_text(),
        ).group()
    )
    hebamme.check()
    page.wait_for_url(re.compile(r"category=hebamme"))
    wait_idle(page)
    assert page.evaluate("window.__sameDocument") is True
    assert len(result_ids(page)) == facet_count == 2
    assert set(result_titles(page)) == {"Familienhebammen Winsen", "Hebammensprechstunde Buchholz"}
    assert page.evaluate("document.activeElement.value") == "hebamme"  # focus stays
    filtered_ids = result_ids(page)
    filtered_url = page.url

    # Remove it again with the chip.
    page.locator("[data-remove-filter]").first.click()
    page.wait_for_url(lambda url: "category=" not in url)
    wait_idle(page)
    assert result_ids(page) == near_ids

    # Back restores the filtered state.
    page.go_back()
    page.wait_for_url(filtered_url)
    wait_idle(page)
    assert result_ids(page) == filtered_ids
    assert page.locator('input[name="category"][value="hebamme"]').is_checked()

    # The map needs consent: nothing from the tile server before the click.
    assert tiles.requests == []
    assert not page.locator("#finder-map").is_visible()
    page.get_by_role("button", name=de("Show map")).click()
    page.locator("#finder-map .leaflet-tile-loaded").first.wait_for()
    assert tiles.requests, "tiles come from the configured server"
    assert query(page)["map"] == ["1"]
    page.locator(".finder-marker").first.wait_for()
    # List and map in sync: hovering a result highlights its marker (also when the map
    # redraws its markers, which it does once the consent's reload of the results is in).
    page.locator(".offer-result").first.hover()
    expect(page.locator(".finder-marker.is-highlighted")).not_to_have_count(0)

    # Pan the map, then search this area: the place gives way to a bounding box.
    page.locator("[data-remove-filter]").first.click()
    page.wait_for_url(lambda url: "category=" not in url)
    wait_idle(page)
    page.locator("#finder-map").scroll_into_view_if_needed()
    box = page.locator("#finder-map").bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(cx, cy)
    page.mouse.down()
    page.mouse.move(cx - box["width"] * 0.3, cy, steps=8)
    page.mouse.up()
    area = page.get_by_role("button", name=de("Search in this map area"))
    area.wait_for()
    area.click()
    page.wait_for_url(re.compile(r"bbox="))
    wait_idle(page)
    state = query(page)
    assert "near" not in state and state["map"] == ["1"]
    west, south, east, north = (float(v) for v in state["bbox"][0].split(","))
    points = page.eval_on_selector_all(
        ".offer-result", "els => els.map(e => [Number(e.dataset.lat), Number(e.dataset.lon)])"
    )
    assert points, "the panned area still holds offers"
    assert all(south <= lat <= north and west <= lon <= east for lat, lon in points)
    area_ids = result_ids(page)

    # Share the URL: a fresh browser context shows the same results and the map at once.
    context = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
    fresh = context.new_page()
    fresh_recorder = Recorder(fresh)
    fresh.goto(page.url)
    wait_idle(fresh)
    assert result_ids(fresh) == area_ids
    fresh.locator("#finder-map .leaflet-tile-loaded").first.wait_for()
    assert fresh_recorder.errors == []
    assert fresh.context.cookies() == []
    context.close()

    # Nothing but the site and the tile server; no console errors; no cookies or storage.
    assert recorder.hosts <= {urlsplit(finder_site.url).netloc, tiles.netloc}, recorder.hosts
    assert recorder.errors == []
    assert page.context.cookies() == []
    assert page.evaluate("localStorage.length + sessionStorage.length") == 0


def test_map_tiles_from_the_site_itself_load_without_consent(page, finder_site, settings):
    settings.OFFERS_DIRECTORY = {
        **settings.OFFERS_DIRECTORY,
        "TILE_URL": "",
        "TILE_ATTRIBUTION": "",
    }
    recorder = Recorder(page)
    page.goto(finder_site.url + "/angebote/?near=21423")
    page.locator(".finder-marker").first.wait_for()
    assert page.locator("[data-map-consent]").count() == 0
    assert recorder.hosts == {urlsplit(finder_site.url).netloc}
    assert recorder.errors == []


def test_offer_page_links_back_to_the_same_search(page, finder_site):
    page.goto(finder_site.url + "/angebote/?near=21423&category=elterncafe")
    search_url = page.url
    page.locator(".offer-result__title a").first.click()
    page.wait_for_url(lambda url: url != search_url)
    page.get_by_role("link", name=de("Back to the search results")).click()
    page.wait_for_url(search_url)
    assert result_titles(page)[0] == "Elterncafé Winsen"


def test_my_location_asks_only_on_click(browser, finder_site):
    context = browser.new_context(
        locale="de-DE",
        geolocation={"latitude": 53.2464, "longitude": 10.4115},
        permissions=["geolocation"],
    )
    page = context.new_page()
    page.add_init_script(
        """(() => {
            window.__geoCalls = 0;
            const original = navigator.geolocation.getCurrentPosition.bind(navigator.geolocation);
            navigator.geolocation.getCurrentPosition = (...args) => {
                window.__geoCalls += 1; return original(...args);
            };
        })()"""
    )
    page.goto(finder_site.url + "/angebote/")
    wait_idle(page)
    assert page.evaluate("window.__geoCalls") == 0
    page.get_by_role("button", name=de("Use my location")).click()
    page.wait_for_url(re.compile(r"lat=53\.24640"))
    wait_idle(page)
    assert page.evaluate("window.__geoCalls") == 1
    assert result_titles(page)[0] == "Elterncafé Lüneburg"
    context.close()


def test_keyboard_only(page, finder_site, tiles):
    page.goto(finder_site.url + "/angebote/")
    wait_idle(page)
    # Tab through to the search words, then the place field.
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "finder-q":
            break
    assert page.evaluate("document.activeElement.id") == "finder-q"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "finder-near"
    page.keyboard.type("2142")
    page.get_by_role("option", name=re.compile("21423")).first.wait_for()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"near=21423"))
    wait_idle(page)
    # A filter with the space bar; focus stays on it after the update.
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "category":
            break
    value = page.evaluate("document.activeElement.value")
    page.keyboard.press("Space")
    page.wait_for_url(re.compile(rf"category={value}"))
    wait_idle(page)
    assert page.evaluate("document.activeElement.value") == value
    assert page.evaluate("document.activeElement.checked") is True
    # Focus is visible (the site's outline) on the checkbox.
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    # The map consent button, then the map's skip link jumps past the map to the list.
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.hasAttribute('data-map-consent')"):
            break
    page.keyboard.press("Enter")
    page.locator(".finder-marker").first.wait_for()
    # The consent also reloads the results (with map=1 in their links), replacing the list's
    # heading: the skip link's target must be the new one, or its focus is lost.
    wait_idle(page)
    page.keyboard.press("Shift+Tab")
    for _ in range(10):
        if page.evaluate("document.activeElement.classList.contains('finder-map__skip')"):
            break
        page.keyboard.press("Shift+Tab")
    assert page.locator(".finder-map__skip").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "finder-results-heading"


def test_no_axe_violations_with_results_filters_and_map(page, finder_site, tiles, axe_source):
    page.goto(finder_site.url + "/angebote/?near=21423&category=hebamme&language=de")
    wait_idle(page)
    assert page.locator("#finder-filters").get_attribute("open") is not None
    violations = run_axe(page, axe_source)
    assert violations == [], describe_violations(violations)
    page.get_by_role("button", name=de("Show map")).click()
    page.locator(".finder-marker").first.wait_for()
    page.locator("#finder-map .leaflet-tile-loaded").first.wait_for()
    violations = run_axe(page, axe_source)
    assert violations == [], describe_violations(violations)
    # No results, with the suggestions what to try instead.
    page.goto(finder_site.url + "/angebote/?near=21423&radius_km=5&category=krabbelgruppe")
    assert page.locator(".finder-empty a").count() >= 1
    violations = run_axe(page, axe_source)
    assert violations == [], describe_violations(violations)


def test_works_without_javascript(browser, finder_site):
    context = browser.new_context(locale="de-DE", java_script_enabled=False)
    page = context.new_page()
    page.goto(finder_site.url + "/angebote/")
    page.fill("#finder-near", "21423")
    page.check('input[name="category"][value="elterncafe"]')
    page.locator(".finder__submit").click()
    page.wait_for_url(re.compile(r"category=elterncafe"))
    assert result_titles(page) == ["Elterncafé Winsen", "Elterncafé Lüneburg"]
    assert not page.locator("#finder-map-section").is_visible()
    context.close()


@pytest.mark.parametrize(("name", "width", "height"), [("phone", 390, 844), ("desktop", 1280, 800)])
def test_screenshots(browser, finder_site, name, width, height):
    context = browser.new_context(locale="de-DE", viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(finder_site.url + "/angebote/?near=21423&category=hebamme&category=elterncafe")
    page.locator(".finder-marker").first.wait_for()
    # No horizontal scrolling (WCAG 1.4.10 reflow).
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"finder-{name}.png"))
    page.screenshot(path=str(ARTIFACTS / f"finder-{name}-full.png"), full_page=True)
    context.close()
