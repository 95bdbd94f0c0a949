"""The offer page and the admin pin map in real Chromium: the map draws the locations and the
service area with the site's own Leaflet, the page passes axe's WCAG 2.1 AA rules, requests
nothing from other hosts (map tiles from another host only after a click) and sets no cookie;
in the admin a click on the map sets the coordinates and marks the pin as set by hand."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from django.test import override_settings

import pytest

from offers_directory.basemap import PALETTE
from offers_directory.factories import OfferPageFactory
from tests.browser.fixtures import describe_violations, run_axe
from tests.browser.test_basemap import basemap_bands, wait_for_basemap
from tests.browser.test_finder import Recorder
from tests.offers.places import FAMILIENZENTRUM, HARBURG_AREA

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture
def offer_site(offer_tree, live_site):
    tree = offer_tree
    offer = OfferPageFactory(
        parent=tree.offers,
        title="Familienhebammen im Landkreis Harburg",
        provider=tree.provider,
        locations=[
            FAMILIENZENTRUM,
            {
                **FAMILIENZENTRUM,
                "name": "Außenstelle",
                "postal_code": "21244",
                "city": "Buchholz",
                "latitude": 53.3285,
                "longitude": 9.873,
            },
        ],
        service_areas=[HARBURG_AREA],
        contacts=[{"name": "Geschützte Person", "is_public": False}],
        schedules=[("MO", "09:00", "12:00")],
    )
    return live_site, tree, offer


def watch(page) -> dict:
    seen: dict = {"hosts": set(), "errors": []}
    page.on("request", lambda request: seen["hosts"].add(urlsplit(request.url).netloc))
    page.on("pageerror", lambda exc: seen["errors"].append(str(exc)))
    page.on("console", lambda msg: seen["errors"].append(msg.text) if msg.type == "error" else None)
    return seen


def log_in_as_admin(page, base_url: str, user_model) -> None:
    user_model.objects.create_superuser("admin", "admin@x.example", "pw-admin-123")
    page.goto(base_url + "/admin/login/")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", "pw-admin-123")
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")


def test_offer_page_map_accessibility_and_privacy(page, axe_source, offer_site):
    server, _tree, offer = offer_site
    seen = watch(page)
    page.goto(server.url + offer.url)
    page.wait_for_load_state("networkidle")
    assert page.locator("#offer-map .leaflet-marker-icon").count() == 2
    assert page.locator("#offer-map path.leaflet-interactive").count() == 1  # the area
    assert page.locator("#offer-map img.leaflet-tile").count() == 0  # no basemap configured
    assert "Geschützte Person" not in page.content()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "offer-page.png"), full_page=True)
    violations = run_axe(page, axe_source)
    assert violations == [], describe_violations(violations)
    assert seen["errors"] == []
    assert seen["hosts"] == {urlsplit(server.url).netloc}
    assert page.context.cookies() == []


def test_foreign_tiles_load_only_after_a_click(page, offer_site):
    server, _tree, offer = offer_site
    with override_settings(OFFERS_DIRECTORY={"TILE_URL": "http://tiles.invalid/{z}/{x}/{y}.png"}):
        seen = watch(page)
        page.goto(server.url + offer.url)
        page.wait_for_load_state("networkidle")
        assert seen["hosts"] == {urlsplit(server.url).netloc}
        assert not page.locator("#offer-map").is_visible()
        # The click is what asks the tile server (a host that never answers) for tiles.
        with page.expect_request(lambda request: "tiles.invalid" in request.url):
            page.get_by_role("button", name="Karte anzeigen").click()
        page.wait_for_selector("#offer-map .leaflet-marker-icon")
        assert "tiles.invalid" in seen["hosts"]
        assert page.locator("#offer-map").is_visible()


def test_admin_map_click_sets_a_manual_pin(page, offer_site, django_user_model):
    server, _tree, offer = offer_site
    log_in_as_admin(page, server.url, django_user_model)
    seen = watch(page)
    page.goto(f"{server.url}/admin/pages/{offer.pk}/edit/")
    canvas = page.locator(".offers-location-map__canvas").first
    canvas.scroll_into_view_if_needed()
    page.wait_for_selector(".offers-location-map .leaflet-marker-icon")
    latitude = page.locator("input[name='locations-0-latitude']")
    before = latitude.input_value()
    box = canvas.bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.25, box["y"] + box["height"] * 0.25)
    assert latitude.input_value() != before
    assert float(latitude.input_value()) > float(before)  # up and to the left: further north
    assert page.locator("input[name='locations-0-manual_pin']").is_checked()
    ARTIFACTS.mkdir(exist_ok=True)
    canvas.screenshot(path=str(ARTIFACTS / "admin-location-map.png"))
    # The map itself fetches nothing from elsewhere (Wagtail's own avatars aside).
    assert seen["hosts"] - {"www.gravatar.com"} == {urlsplit(server.url).netloc}


def test_admin_pin_map_draws_the_basemap(page, offer_site, django_user_model):
    server, _tree, offer = offer_site
    log_in_as_admin(page, server.url, django_user_model)
    recorder = Recorder(page)
    page.goto(f"{server.url}/admin/pages/{offer.pk}/edit/")
    page.locator(".offers-location-map__canvas").first.scroll_into_view_if_needed()
    drawn = wait_for_basemap(page, ".offers-location-map")
    assert PALETTE["germany"] in drawn["fills"]
    assert PALETTE["county"] in drawn["strokes"]
    assert basemap_bands(recorder)
    assert recorder.hosts == {urlsplit(server.url).netloc}  # no Gravatar either
