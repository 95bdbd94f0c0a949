"""Privacy for visitors who only browse (BITV 2.0, TTDSG § 25, DSGVO): no cookie, nothing in
localStorage or sessionStorage, and no request to any host but the site's own, on every key
page in German and Arabic, recorded request by request in real Chromium."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.utils import translation

import pytest

from events.models import EventIndexPage, EventPage

from . import test_accessibility
from .test_accessibility import PublicSite

# The same site as the accessibility tests: the demo content plus one offer.
public_site = test_accessibility.public_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def _record(page) -> list[str]:
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    return requests


def _storage(page) -> dict:
    return page.evaluate(
        """() => ({
            local: Object.keys(window.localStorage),
            session: Object.keys(window.sessionStorage),
            cookie: document.cookie,
        })"""
    )


def _key_paths(site: PublicSite) -> list[str]:
    with translation.override("de"):
        events = EventIndexPage.objects.live().order_by("depth").first()
        event = EventPage.objects.live().order_by("pk").first()
        paths = [*site.key_pages().values()]
        paths += [events.url, event.url] if events and event else []
    paths += [
        "/angebote/",
        "/angebote/?near=21423&radius_km=25",
        "/was-passt-jetzt/?age_months=6&near=21423",
        "/suche/?q=Hebamme",
        "/barrierefreiheit/",
        "/leichte-sprache/",
    ]
    return paths + [f"/ar{path}" for path in paths]


def test_browsing_sets_no_cookie_no_storage_and_stays_on_the_site(page, public_site):
    own = urlsplit(public_site.url).netloc
    requests = _record(page)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    visited = []
    for path in _key_paths(public_site):
        response = page.goto(public_site.url + path)
        page.wait_for_load_state("networkidle")
        assert response is not None and response.status == 200, path
        assert "set-cookie" not in response.headers, path
        assert _storage(page) == {"local": [], "session": [], "cookie": ""}, path
        visited.append(path)
    foreign = sorted({url for url in requests if urlsplit(url).netloc != own})
    assert foreign == []
    assert len(requests) >= len(visited)
    assert page.context.cookies() == []
    assert errors == []


def test_clicking_through_home_finder_and_language_switch_sets_nothing(page, public_site):
    """What a family does: the home page's finder teaser, a result list, another language."""
    own = urlsplit(public_site.url).netloc
    requests = _record(page)
    page.goto(public_site.url + "/")
    page.get_by_label("Postleitzahl oder Ort").first.fill("21423")
    page.get_by_role("button", name="Angebote finden").click()
    page.wait_for_url(lambda url: urlsplit(url).path == "/angebote/")
    page.wait_for_load_state("networkidle")
    page.get_by_role("navigation", name="Sprache wählen").get_by_role(
        "link", name="العربية"
    ).click()
    page.wait_for_url(lambda url: urlsplit(url).path == "/ar/angebote/")
    page.wait_for_load_state("networkidle")
    assert "near=21423" in page.url  # the search survives the language switch
    assert page.get_attribute("html", "dir") == "rtl"
    assert _storage(page) == {"local": [], "session": [], "cookie": ""}
    assert page.context.cookies() == []
    assert {urlsplit(url).netloc for url in requests} == {own}
