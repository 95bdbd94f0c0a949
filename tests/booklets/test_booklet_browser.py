"""The Familienbegleitbuch's print view in real Chromium: WCAG 2.1 AA (axe-core) in German
and in Arabic, and what the page looks like (test-artifacts/familienbegleitbuch-*.png)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.fixtures import describe_violations, run_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.mark.parametrize(("language", "prefix"), [("de", ""), ("ar", "/ar")])
def test_print_view_is_accessible(page, guide, live_site, axe_source, language, prefix):
    response = page.goto(f"{live_site.url}{prefix}/familienbegleitbuch/landkreis-harburg/")
    assert response is not None and response.status == 200
    assert page.get_attribute("html", "dir") == ("rtl" if language == "ar" else "ltr")
    assert page.locator(".booklet__phase").count() == 5
    violations = run_axe(page, axe_source)
    assert violations == [], describe_violations(violations)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"familienbegleitbuch-{language}.png", full_page=True)


@pytest.mark.parametrize(("language", "prefix"), [("de", ""), ("ar", "/ar")])
def test_list_of_guides_is_accessible(page, guide, live_site, axe_source, language, prefix):
    response = page.goto(f"{live_site.url}{prefix}/familienbegleitbuch/")
    assert response is not None and response.status == 200
    page.locator("details summary").first.click()  # the municipalities' editions, opened
    assert page.locator("details[open] a").count() >= 2
    violations = run_axe(page, axe_source)
    assert violations == [], describe_violations(violations)
