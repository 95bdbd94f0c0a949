"""The offline basemap in real Chromium, without any MAP_TILE_URL: the finder and an offer page
(in Arabic, right to left) draw land, water, borders and place names
from files the site serves itself, fetch only the cells of the view, and ask no other host."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from django.utils import translation

import pytest

from offers_directory.basemap import PALETTE
from offers_directory.models import OfferPage

from .test_finder import Recorder, finder_site  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
BASEMAP_FILE = re.compile(r"/static/offers_directory/basemap/(\d)/[\d.]+_[\d.]+\.json$")


def arabic_url(title: str) -> str:
    with translation.override("ar"):
        return OfferPage.objects.get(title=title).url


def wait_for_basemap(page, container: str) -> dict:
    """Wait until the basemap has drawn areas, lines and names in the container; return
    what it drew."""
    page.wait_for_function(
        """container => {
            const map = document.querySelector(container);
            return map
                && map.querySelectorAll('.leaflet-nfhBasemapFill-pane path').length > 0
                && map.querySelectorAll('.leaflet-nfhBasemapLines-pane path').length > 0
                && map.querySelectorAll('.nfh-basemap__label').length > 0;
        }""",
        arg=container,
    )
    return page.evaluate(
        """container => {
            const map = document.querySelector(container);
            const strokes = [...map.querySelectorAll('.leaflet-nfhBasemapLines-pane path')]
                .map(p => p.getAttribute('stroke'));
            return {
                fills: [...map.querySelectorAll('.leaflet-nfhBasemapFill-pane path')]
                    .map(p => p.getAttribute('fill')),
                strokes: strokes,
                labels: [...map.querySelectorAll('.nfh-basemap__label')].map(l => l.textContent),
                labelsHidden: map.querySelector('.leaflet-nfhBasemapLabels-pane')
                    .getAttribute('aria-hidden'),
            };
        }""",
        container,
    )


def basemap_bands(recorder: Recorder) -> set[str]:
    return {m[1] for url in recorder.urls if (m := BASEMAP_FILE.search(urlsplit(url).path))}


def test_finder_draws_the_basemap_from_the_site_alone(page, finder_site):  # noqa: F811
    recorder = Recorder(page)
    page.goto(finder_site.url + "/angebote/?near=21423&radius_km=10")
    page.locator(".finder-marker").first.wait_for()
    drawn = wait_for_basemap(page, "#finder-map")
    assert {PALETTE["germany"], PALETTE["water"]} <= set(drawn["fills"])
    assert {PALETTE["county"], PALETTE["state"], PALETTE["river"]} <= set(drawn["strokes"])
    # The demo's network "Landkreis Harburg" is outlined, and Winsen is named.
    assert PALETTE["region"] in drawn["strokes"]
    assert "Winsen (Luhe)" in drawn["labels"]
    assert drawn["labelsHidden"] == "true"
    assert basemap_bands(recorder) == {"2"}  # the close-up band only
    requested = [u for u in recorder.urls if BASEMAP_FILE.search(urlsplit(u).path)]
    assert 1 <= len(requested) <= 12  # the cells of the view, not the whole country

    # Zooming out switches to the overview band, fetched only now (waited for as such: on a
    # busy machine the zoom's animation ends after a quiet network).
    def overview_band(request) -> bool:
        found = BASEMAP_FILE.search(urlsplit(request.url).path)
        return bool(found) and found[1] in {"0", "1"}

    with page.expect_request(overview_band):
        for _ in range(3):
            page.evaluate("document.querySelector('.leaflet-control-zoom-out').click()")
    page.wait_for_load_state("networkidle")
    assert "1" in basemap_bands(recorder) or "0" in basemap_bands(recorder)

    assert recorder.hosts == {urlsplit(finder_site.url).netloc}
    assert recorder.errors == []
    assert page.context.cookies() == []


def test_offer_page_in_arabic_draws_the_basemap(page, finder_site):  # noqa: F811
    recorder = Recorder(page)
    page.goto(finder_site.url + arabic_url("Familienhebammen Winsen"))
    page.locator("#offer-map .nfh-map-pin").first.wait_for()
    drawn = wait_for_basemap(page, "#offer-map")
    assert PALETTE["germany"] in drawn["fills"]
    assert "Winsen (Luhe)" in drawn["labels"]
    assert page.get_attribute("html", "dir") == "rtl"
    # The names stay left to right inside the right-to-left page.
    assert page.get_attribute("#offer-map .leaflet-nfhBasemapLabels-pane", "dir") == "ltr"
    assert recorder.hosts == {urlsplit(finder_site.url).netloc}
    assert recorder.errors == []


@pytest.mark.parametrize(("name", "width", "height"), [("phone", 390, 844), ("desktop", 1280, 800)])
def test_arabic_screenshots_with_the_basemap(browser, finder_site, name, width, height):  # noqa: F811
    context = browser.new_context(locale="ar", viewport={"width": width, "height": height})
    page = context.new_page()
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(finder_site.url + "/ar/angebote/?near=21423&radius_km=10")
    page.locator(".finder-marker").first.wait_for()
    wait_for_basemap(page, "#finder-map")
    page.wait_for_load_state("networkidle")
    page.locator("#finder-map").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / f"basemap-finder-ar-{name}.png"))
    page.goto(finder_site.url + arabic_url("Familienhebammen Winsen"))
    wait_for_basemap(page, "#offer-map")
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(ARTIFACTS / f"basemap-offer-ar-{name}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()
