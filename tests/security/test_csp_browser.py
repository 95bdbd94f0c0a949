"""The Content-Security-Policy breaks nothing the site does: no violation while an editor
edits an offer in the Wagtail admin (pin map, preview panel, saving a draft) and looks at the
public page with Wagtail's user bar, nor while a
family uses the finder (suggestions, a filter, the map after consent). Violations are caught
by a `securitypolicyviolation` listener installed before any page script runs, and by the
console errors Chromium writes for them."""

from __future__ import annotations

from django.contrib.auth import get_user_model

import pytest

from offers_directory.factories import OfferPageFactory
from tests.offers.places import FAMILIENZENTRUM

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__violations.push(
        `${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`
    );
});
"""


@pytest.fixture
def site(live_site, served_tree):
    offer = OfferPageFactory(
        parent=served_tree.offers, title="Familienhebammen Winsen", locations=[FAMILIENZENTRUM]
    )
    return live_site, offer


def watch(page) -> list[str]:
    problems: list[str] = []
    page.add_init_script(LISTEN)
    page.on("pageerror", lambda exc: problems.append(f"error: {exc}"))
    page.on(
        "console",
        lambda msg: problems.append(f"console: {msg.text}") if msg.type == "error" else None,
    )
    return problems


def violations(page) -> list[str]:
    return page.evaluate("window.__violations || []")


def test_editing_a_page_in_the_admin_violates_no_policy(page, site):
    server, offer = site
    get_user_model().objects.create_superuser("admin", "admin@x.example", "pw-admin-123")
    problems = watch(page)
    page.goto(server.url + "/admin/login/")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", "pw-admin-123")
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")
    page.wait_for_load_state("networkidle")
    assert violations(page) == []

    page.goto(f"{server.url}/admin/pages/{offer.pk}/edit/")
    page.wait_for_selector(".offers-location-map .leaflet-marker-icon")
    page.fill("#id_title", "Familienhebammen Winsen und Umgebung")
    page.locator('[data-side-panel-toggle="preview"]').click()
    preview = page.frame_locator("iframe#w-preview-iframe")
    preview.locator("h1").wait_for()
    assert violations(page) == []
    page.get_by_role("button", name="Entwurf speichern").click()
    page.wait_for_load_state("networkidle")
    assert "Entwurf" in page.content()
    assert violations(page) == []
    # The public page with Wagtail's user bar, which editors see there.
    page.goto(server.url + offer.url)
    page.locator("wagtail-userbar").wait_for(state="attached")
    page.wait_for_load_state("networkidle")
    assert violations(page) == []
    assert problems == []


def test_using_the_finder_violates_no_policy(page, site):
    server, _offer = site
    problems = watch(page)
    page.goto(server.url + "/angebote/?near=21423")
    page.locator("#finder-map .leaflet-marker-icon").first.wait_for()  # the map, drawn
    page.locator("#finder-q").fill("Hebam")
    page.locator("#finder-q").press("ArrowDown")
    page.wait_for_load_state("networkidle")
    before = page.url
    page.locator(".facet input[type=checkbox]").first.check()  # updated without a reload
    page.wait_for_url(lambda url: url != before)
    page.wait_for_load_state("networkidle")
    assert violations(page) == []
    assert problems == []
