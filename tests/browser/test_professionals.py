"""A professional's flow in real Chromium: log in, find a partner by field and distance,
collect three offers in the Merkliste, open the handout's print view and its PDF."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from professionals.factories import ProfessionalFactory
from tests.professionals.conftest import build_network

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@pytest.fixture
def pro_site(demo, live_site):
    network = build_network()
    ProfessionalFactory(username="fachkraft", password="sicheres-Passwort-1")
    return live_site, network


def test_professional_finds_partner_collects_offers_and_prints_handout(page, pro_site):
    from tests.professionals.protected import NOTES, PARTNER_CONTACT

    server, network = pro_site
    hosts: set[str] = set()
    errors: list[str] = []
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    # Anonymous visitors who only browse the directory get no cookie and no local storage.
    page.goto(server.url + "/fachkraefte/")
    assert page.context.cookies() == []
    assert page.evaluate("window.localStorage.length") == 0

    # Selectors by structure, not wording: the German texts come from the translation catalogue.
    page.locator('.pro-nav a[href="/fachkraefte/anmelden/"]').click()
    page.locator("#id_username").fill("fachkraft")
    page.locator("#id_password").fill("sicheres-Passwort-1")
    page.locator(".pro-form button[type=submit]").click()
    page.wait_for_url(server.url + "/fachkraefte/")

    # Find the partner by field and distance.
    page.get_by_label("Jugendhilfe").check()
    page.locator("#pro-near").fill("21423")
    page.locator("#pro-radius").select_option("10")
    page.locator(".pro-search button[type=submit]").click()
    # A click starts the navigation but does not wait for it: wait for the new page's URL and
    # let the assertions retry, or they may read the old page.
    page.wait_for_url(lambda url: urlsplit(url).query != "")
    results = page.locator(".pro-result")
    expect(results).to_have_count(1)
    assert "Familienzentrum Winsen" in results.first.inner_text()
    assert results.first.locator(".pro-distance").is_visible()
    results.first.get_by_role("link").click()
    page.wait_for_url(lambda url: urlsplit(url).path not in ("/fachkraefte/", ""))

    # The protected details a professional sees.
    assert PARTNER_CONTACT in page.content()
    assert NOTES in page.content()

    # Collect two of the offers the partner runs ...
    buttons = page.locator("[data-merkliste-add]")
    assert buttons.count() == 4
    collected = []
    for index in range(2):
        collected.append(buttons.nth(index).get_attribute("data-offer-title"))
        buttons.nth(index).click()
        assert buttons.nth(index).get_attribute("aria-pressed") == "true"
    assert page.locator("[data-merkliste-count]").first.inner_text() == "2"

    # ... and a third from the family finder's search results.
    page.goto(server.url + "/angebote/?q=Schwangerschaftsberatung")
    result = page.locator(".offer-result", has_text="Schwangerschaftsberatung Lüneburg")
    result.locator("[data-merkliste-add]").click()
    collected.append("Schwangerschaftsberatung Lüneburg")
    assert result.locator("[data-merkliste-add]").get_attribute("aria-pressed") == "true"

    # The offer page shows the same state.
    page.goto(server.url + network.offers[2].url)
    on_page = page.locator(".offer__actions [data-merkliste-add]")
    assert on_page.is_visible() and on_page.get_attribute("aria-pressed") == "true"

    page.goto(server.url + "/fachkraefte/")
    page.locator("[data-merkliste-link]").click()
    page.wait_for_url("**/merkliste/")
    items = page.locator("[data-merkliste-items] li")
    expect(items).to_have_count(3)
    # Every entry links to its offer's page, also the one saved from the finder's results.
    hrefs = page.eval_on_selector_all(
        "[data-merkliste-items] li a", "links => links.map(a => a.getAttribute('href'))"
    )
    assert network.offers[2].url in hrefs
    assert all(href.startswith("/") and "back=" not in href for href in hrefs), hrefs
    # Kept in this browser only, after the explicit clicks.
    assert page.evaluate("JSON.parse(localStorage.getItem('nfh-merkliste')).length") == 3
    page.locator("[data-merkliste-print]").click()
    page.wait_for_url(lambda url: "ids=" in urlsplit(url).query)
    handout = page.locator(".handout__offer")
    expect(handout).to_have_count(3)
    text = page.locator("main").inner_text()
    for title in collected:
        assert title in text
    assert len(set(collected)) == 3
    assert page.locator(".handout__map circle").count() == 3
    page.screenshot(path="test-artifacts/merkliste-handout.png", full_page=True)

    pdf_url = page.locator("[data-handout-pdf]").get_attribute("href")
    response = page.request.get(server.url + pdf_url if pdf_url.startswith("/") else pdf_url)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")

    assert errors == []
    assert hosts == {urlsplit(server.url).netloc}
