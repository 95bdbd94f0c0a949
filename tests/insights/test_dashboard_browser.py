"""The coverage dashboard in real Chromium on the demo site: a family's searches in the finder
that find nothing appear in the Harburg coordinator's dashboard with the map of the
municipalities drawn on the site's own basemap; the coordinator answers one with an offer and
the same search then finds it. Screenshots: test-artifacts/versorgungsluecken-*.png."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from home.factories import UserFactory
from home.models import RegionPage
from tests.browser.fixtures import describe_violations
from tests.imports.test_imports_browser import log_in, run_axe_on

from .conftest import DASHBOARD, FINDER

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
LONG = 30_000
SEARCHES = [
    "?q=Tagesmutter&near=21423",
    "?q=Tagesmutter&near=21423+Winsen",
    "?q=Tagesmutter&lat=53.3275&lon=9.8794",
    "?q=Schreibaby+nachts&near=21244",
    "?q=Zwillingsberatung&near=21218",
]


def test_coordinator_sees_unmet_searches_and_answers_one(
    page, demo, demo_offers, live_site, axe_source
):
    page.set_default_timeout(LONG)
    expect.set_options(timeout=LONG)
    base = live_site.url
    for query in SEARCHES:
        page.goto(f"{base}{FINDER}{query}")
        expect(page.locator("#finder-results-heading")).to_have_text("0 Angebote gefunden")
    harburg = RegionPage.objects.get(slug="landkreis-harburg")
    coordinator = UserFactory(username="koordination-test", groups=[harburg.coordinator_group])
    log_in(page, base, coordinator)
    page.goto(f"{base}{DASHBOARD}")
    unmet = page.locator('table[data-table="unmet"] tbody tr')
    expect(unmet.first.locator("th")).to_have_text("tagesmutter")
    expect(unmet.first.locator("td").nth(2)).to_have_text("2")
    # The map draws a circle per municipality on the offline basemap.
    markers = page.locator("#insights-map path.leaflet-interactive")
    expect(markers.first).to_be_visible()
    assert markers.count() == page.locator('table[data-table="density"] tbody tr').count()
    violations = run_axe_on(page, axe_source, ".insights")
    assert violations == [], describe_violations(violations)
    ARTIFACTS.mkdir(exist_ok=True)
    # A circle's popup names the municipality, its offers and what is out of reach.
    markers.first.click()
    popup = page.locator("#insights-map .leaflet-popup-content")
    expect(popup).to_contain_text("Angebote mit Standort hier:")
    page.locator("#insights-map").screenshot(path=ARTIFACTS / "versorgungsluecken-karte.png")
    # The admin scrolls inside its own frame, so a full-page shot needs a tall window.
    height = page.evaluate("document.querySelector('.insights').scrollHeight") + 300
    page.set_viewport_size({"width": 1280, "height": height})
    page.screenshot(path=ARTIFACTS / "versorgungsluecken-dashboard.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})

    first = unmet.first
    offer = first.get_by_label("Beantwortet durch Angebot").locator("option").first.inner_text()
    first.get_by_role("button", name="Antwort speichern").click()
    expect(page.get_by_text(f"„tagesmutter“ findet jetzt „{offer}“.")).to_be_visible()
    expect(
        page.locator('table[data-table="unmet"] tbody tr').first.locator(".insights-answer")
    ).to_have_text(offer)
    page.screenshot(path=ARTIFACTS / "versorgungsluecken-beantwortet.png", full_page=False)
    page.goto(f"{base}{FINDER}?q=Tagesmutter&near=21423")
    expect(page.get_by_role("link", name=offer).first).to_be_visible()
