from urllib.parse import urlsplit

import pytest

from .fixtures import describe_violations, run_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@pytest.fixture
def served_demo(demo, live_site):
    """The demo content, served by the live server."""
    return live_site


def test_home_page_loads_without_console_errors_or_foreign_requests(page, served_demo):
    console_errors: list[str] = []
    page_errors: list[str] = []
    requested_hosts: set[str] = set()
    page.on("console", lambda msg: console_errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: page_errors.append(str(exc)))
    page.on("request", lambda request: requested_hosts.add(urlsplit(request.url).netloc))

    response = page.goto(served_demo.url + "/")
    page.wait_for_load_state("networkidle")

    assert response is not None and response.status == 200
    assert page.locator("h1").first.inner_text() == "Frühe Hilfen und Kinderschutz in Ihrer Region"
    nav = page.get_by_role("navigation", name="Hauptnavigation")
    for label in ("Aktuelles", "Angebote finden", "Für Fachkräfte", "Über das Netzwerk"):
        assert nav.get_by_role("link", name=label).is_visible()
    assert console_errors == [] and page_errors == []
    # Privacy: the page loads nothing from any host but the site's own ...
    assert requested_hosts == {urlsplit(served_demo.url).netloc}
    # ... and sets no cookie for a visitor who only browses.
    assert page.context.cookies() == []


def test_skip_link_is_first_focus_and_moves_to_main_content(page, served_demo):
    page.goto(served_demo.url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Zum Inhalt springen"
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"


@pytest.mark.parametrize("path", ["/", "/aktuelles/", "/netzwerk/", "/barrierefreiheit/"])
def test_pages_have_no_axe_violations(page, served_demo, axe_source, path):
    page.goto(served_demo.url + path)
    violations = run_axe(page, axe_source)
    assert violations == [], describe_violations(violations)


def test_home_page_works_at_phone_width(browser, served_demo):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="de-DE")
    page = context.new_page()
    page.goto(served_demo.url + "/")
    # No horizontal scrolling on a small phone (WCAG 1.4.10 reflow).
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 360
    page.screenshot(path="test-artifacts/home-phone.png", full_page=True)
    context.close()
