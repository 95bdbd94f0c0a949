"""„Was passt jetzt?“ in real Chromium: a birth month or a due date becomes an age in months or
the weeks until the birth in the browser — no request ever carries the date — nothing is
stored, the page works without JavaScript, and axe-core finds no violation."""

from __future__ import annotations

import datetime
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from home.factories import RegionPageFactory
from offers_directory.factories import WINSEN, OfferIndexPageFactory
from search.engine import reset_health
from tests.finder.conftest import age_window_offers

from .fixtures import describe_violations, run_axe
from .test_privacy import _storage

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

# A date in any form a script might send: 2026-05, 2026-05-17, 17.05.2026, 05/2026.
DATE_PATTERN = re.compile(r"\d{4}-\d{1,2}|\d{1,2}\.\d{1,2}\.\d{4}|\d{1,2}/\d{4}|%2F\d{4}")


@pytest.fixture
def timeline_site(live_site, settings):
    settings.SEARCH = {**settings.SEARCH, "ELASTICSEARCH_URLS": []}
    reset_health()
    index = OfferIndexPageFactory(
        parent=RegionPageFactory(title="Landkreis Harburg", slug="landkreis-harburg")
    )
    age_window_offers(
        index,
        {
            "Babymassage Winsen": (1, 6, False, WINSEN),
            "Krabbelgruppe Winsen": (6, 18, False, WINSEN),
            "Geburtsvorbereitung Winsen": (None, None, True, WINSEN),
            "Willkommensbesuch Winsen": (0, 2, False, WINSEN),
        },
    )
    return live_site


def months_ago(months: int) -> str:
    today = datetime.date.today()
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    return f"{year:04d}-{month + 1:02d}"


def section_titles(page, section: str) -> list[str]:
    return page.locator(
        f"section[aria-labelledby='timeline-{section}'] .offer-result__title a"
    ).all_inner_texts()


def record(page) -> list[tuple[str, str]]:
    requests: list[tuple[str, str]] = []
    page.on("request", lambda request: requests.append((request.url, request.post_data or "")))
    return requests


def assert_no_date_sent(requests: list[tuple[str, str]]) -> None:
    for url, body in requests:
        assert not DATE_PATTERN.search(url), f"a date in {url}"
        assert not DATE_PATTERN.search(body), f"a date in the body sent to {url}"


def test_birth_month_becomes_an_age_in_months_and_never_leaves_the_browser(page, timeline_site):
    requests = record(page)
    page.goto(timeline_site.url + "/was-passt-jetzt/")
    page.fill("#timeline-birth-month", months_ago(4))
    page.fill("#timeline-near", "21423")
    page.get_by_role("button", name="Angebote zeigen").click()
    page.wait_for_url(re.compile(r"age_months="))
    query = parse_qs(urlsplit(page.url).query)
    assert query["age_months"] == ["4"]
    assert query["near"] == ["21423"]
    assert section_titles(page, "now") == ["Babymassage Winsen"]
    assert section_titles(page, "soon") == ["Krabbelgruppe Winsen"]
    assert any("age_months=4" in url for url, _ in requests)
    assert_no_date_sent(requests)
    assert _storage(page) == {"local": [], "session": [], "cookie": ""}
    assert page.context.cookies() == []


def test_due_date_becomes_weeks_until_the_birth(page, timeline_site):
    requests = record(page)
    due = datetime.date.today() + datetime.timedelta(weeks=6)
    page.goto(timeline_site.url + "/was-passt-jetzt/")
    page.fill("#timeline-due-date", due.isoformat())
    page.get_by_role("button", name="Angebote zeigen").click()
    page.wait_for_url(re.compile(r"weeks_until_birth="))
    query = parse_qs(urlsplit(page.url).query)
    assert query["pregnant"] == ["1"]
    assert query["weeks_until_birth"] == ["6"]
    assert "age_months" not in query
    assert section_titles(page, "now") == ["Geburtsvorbereitung Winsen"]
    assert sorted(section_titles(page, "soon")) == [
        "Babymassage Winsen",
        "Willkommensbesuch Winsen",
    ]
    assert_no_date_sent(requests)
    assert _storage(page) == {"local": [], "session": [], "cookie": ""}


def test_a_birth_month_in_the_future_is_refused_in_the_browser(page, timeline_site):
    requests = record(page)
    page.goto(timeline_site.url + "/was-passt-jetzt/")
    page.fill("#timeline-birth-month", months_ago(-2))
    page.get_by_role("button", name="Angebote zeigen").click()
    error = page.locator("[data-timeline-error]")
    error.wait_for(state="visible")
    assert "Geburtstermin" in error.inner_text()
    assert urlsplit(page.url).query == ""
    assert_no_date_sent(requests)


def test_without_javascript_the_selects_answer(browser, timeline_site):
    context = browser.new_context(java_script_enabled=False, locale="de-DE")
    try:
        page = context.new_page()
        page.goto(timeline_site.url + "/was-passt-jetzt/")
        # The date fields stay hidden: a form without script could not keep the date private.
        assert not page.locator("#timeline-birth-month").is_visible()
        page.select_option("#timeline-age", "4")
        page.get_by_role("button", name="Angebote zeigen").click()
        page.wait_for_url(re.compile(r"age_months=4"))
        assert section_titles(page, "now") == ["Babymassage Winsen"]
        assert section_titles(page, "soon") == ["Krabbelgruppe Winsen"]
    finally:
        context.close()


@pytest.mark.parametrize("language", ["de", "ar"])
def test_timeline_has_no_axe_violations(page, timeline_site, axe_source, language):
    prefix = "" if language == "de" else "/ar"
    found = {}
    for path in ("/was-passt-jetzt/", "/was-passt-jetzt/?age_months=4&near=21423"):
        response = page.goto(f"{timeline_site.url}{prefix}{path}")
        assert response is not None and response.status == 200
        page.wait_for_load_state("networkidle")
        assert page.get_attribute("html", "dir") == ("rtl" if language == "ar" else "ltr")
        assert page.locator("#timeline-birth-month").is_visible()
        violations = run_axe(page, axe_source)
        if violations:
            found[path] = describe_violations(violations)
    assert found == {}
