"""WCAG 2.1 AA / BITV 2.0 in real Chromium: axe-core on the key pages in German and in Arabic
(right to left), keyboard use (skip link, visible focus), 200 % zoom without horizontal
scrolling, the Leichte Sprache link on the first screen of a phone, the accessibility
statement in every footer, and the switch to Arabic and back."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from django.utils import translation

import pytest

from news.models import NewsPage
from offers_directory.factories import OfferPageFactory
from tests.demo_pages import offer_index
from tests.offers.places import FAMILIENZENTRUM

from .fixtures import describe_violations, run_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@dataclass
class PublicSite:
    url: str
    home: str
    news_list: str
    news_detail: str
    offer: str

    def key_pages(self) -> dict[str, str]:
        return {
            "home": self.home,
            "news list": self.news_list,
            "news detail": self.news_detail,
            "offer": self.offer,
        }


@pytest.fixture
def public_site(demo, live_site) -> PublicSite:
    """The demo site served by the live server, plus one offer with a location, opening
    hours and three languages (the full demo offer set is not needed here)."""
    offer = OfferPageFactory(
        parent=offer_index("landkreis-harburg"),
        title="Elterncafé im Familienzentrum Winsen",
        summary="Treffpunkt für Eltern mit Babys.",
        description="Austausch, Frühstück und Beratung.",
        locations=[FAMILIENZENTRUM],
        schedules=[("MO", "09:00", "12:00"), ("TH", "15:00", "17:00")],
        categories=["elterncafe"],
        target_groups=["eltern-saeuglinge"],
        languages=("de", "tr", "ar"),
    )
    with translation.override("de"):
        news = NewsPage.objects.live().order_by("-date").first()
        return PublicSite(
            url=live_site.url,
            home="/",
            news_list="/aktuelles/",
            news_detail=news.url,
            offer=offer.url,
        )


def _in_arabic(path: str) -> str:
    return f"/ar{path}"


@pytest.mark.parametrize("language", ["de", "ar"])
def test_key_pages_have_no_axe_violations(page, public_site, axe_source, language):
    found = {}
    for name, path in public_site.key_pages().items():
        path = path if language == "de" else _in_arabic(path)
        response = page.goto(public_site.url + path)
        assert response is not None and response.status == 200, path
        assert page.get_attribute("html", "lang") == language
        assert page.get_attribute("html", "dir") == ("rtl" if language == "ar" else "ltr")
        violations = run_axe(page, axe_source)
        if violations:
            found[f"{name} ({path})"] = describe_violations(violations)
    assert found == {}, "\n".join(f"{name}:\n{text}" for name, text in found.items())


def test_offer_page_names_the_languages_spoken_there(page, public_site):
    page.goto(public_site.url + public_site.offer)
    facts = page.locator(".offer-facts")
    assert "Türkisch" in facts.inner_text() and "Arabisch" in facts.inner_text()
    # The name in the language itself is marked up in that language (and direction).
    assert facts.locator('[lang="ar"][dir="rtl"]').inner_text() == "العربيّة"
    page.goto(public_site.url + _in_arabic(public_site.offer))
    facts = page.locator(".offer-facts")
    assert facts.locator('[lang="tr"]').inner_text() == "Türkçe"
    assert facts.locator('[lang="de"]').inner_text() == "Deutsch"


@pytest.mark.parametrize("language", ["de", "ar"])
def test_skip_link_is_first_and_moves_focus_to_the_content(page, public_site, language):
    page.goto(public_site.url + ("/" if language == "de" else "/ar/"))
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    box = skip.bounding_box()
    assert box is not None and box["y"] >= 0 and skip.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"
    assert page.url.endswith("#main-content")
    # The next Tab continues inside the main content, not in the header.
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('main')")


def _overflow(page) -> list[str]:
    """The elements that stick out of the viewport horizontally (empty when none do)."""
    return page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth;
            if (document.documentElement.scrollWidth <= width) return [];
            return [...document.querySelectorAll('body *')]
                .filter(el => { const r = el.getBoundingClientRect();
                                return r.width && (r.right > width + 0.5 || r.left < -0.5); })
                .slice(0, 8)
                .map(el => { const r = el.getBoundingClientRect();
                             return `${el.tagName}.${el.className} ${r.left}..${r.right}`; });
        }"""
    )


def _focus_style(page) -> dict:
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const style = getComputedStyle(el);
            return {
                tag: el.tagName, text: (el.textContent || el.value || '').trim().slice(0, 40),
                outlineStyle: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth),
                outlineColor: style.outlineColor,
            };
        }"""
    )


def test_every_focused_control_shows_a_visible_outline(page, public_site):
    """Tab through the header and the first controls of the home page: each focused element
    has a solid outline at least 2 px wide (WCAG 2.4.7), in a colour other than transparent."""
    page.goto(public_site.url + "/")
    seen = []
    for _ in range(20):
        page.keyboard.press("Tab")
        style = _focus_style(page)
        seen.append(style)
        assert style["outlineStyle"] not in ("none", "hidden"), style
        assert style["outlineWidth"] >= 2, style
        assert style["outlineColor"] not in ("transparent", "rgba(0, 0, 0, 0)"), style
    tags = {style["tag"] for style in seen}
    # The walk covered links, the search field and a button.
    assert {"A", "INPUT", "BUTTON"} <= tags, seen


@pytest.mark.parametrize("language", ["de", "ar"])
def test_200_percent_zoom_needs_no_horizontal_scrolling(browser, public_site, language):
    """200 % zoom of a 1280 px window is a 640 CSS px viewport at twice the pixel density."""
    context = browser.new_context(
        viewport={"width": 640, "height": 450}, device_scale_factor=2, locale="de-DE"
    )
    page = context.new_page()
    try:
        for name, path in (("home", "/"), ("offer", public_site.offer)):
            path = path if language == "de" else _in_arabic(path)
            page.goto(public_site.url + path)
            assert _overflow(page) == [], path
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"zoom200-{name}-{language}.png"), full_page=True)
        # Reflow at 320 CSS px (400 % zoom) as well, on the home page.
        page.set_viewport_size({"width": 320, "height": 640})
        page.goto(public_site.url + ("/" if language == "de" else "/ar/"))
        assert _overflow(page) == []
    finally:
        context.close()


def test_leichte_sprache_is_on_the_first_screen_of_a_phone(browser, public_site):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=3, locale="de-DE"
    )
    page = context.new_page()
    try:
        page.goto(public_site.url + "/")
        link = page.get_by_role("link", name="Leichte Sprache")
        assert link.is_visible()
        box = link.bounding_box()
        assert box is not None and box["y"] + box["height"] <= 844
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "home-phone-390.png"))
        link.click()
        page.wait_for_url(lambda url: urlsplit(url).path == "/leichte-sprache/")
        assert page.locator("h1").inner_text() == "Leichte Sprache"
        assert page.get_by_role("heading", name="Was ist das Netz·werk Frühe Hilfen?").is_visible()
        # From an Arabic page the link still leads to the German Leichte Sprache page.
        page.goto(public_site.url + "/ar/")
        assert page.get_by_role("link", name="Leichte Sprache").get_attribute("href") == (
            "/leichte-sprache/"
        )
    finally:
        context.close()


def test_every_footer_links_the_accessibility_statement(page, public_site):
    paths = [*public_site.key_pages().values(), "/ar/", "/gibt-es-nicht/"]
    for path in paths:
        page.goto(public_site.url + path)
        footer = page.locator("footer")
        assert footer.locator("a[href$='/barrierefreiheit/']").count() == 1, path
    page.goto(public_site.url + "/")
    page.locator("footer").get_by_role("link", name="Barrierefreiheit").click()
    page.wait_for_url("**/barrierefreiheit/")
    assert page.locator("h1").inner_text() == "Erklärung zur Barrierefreiheit"
    headings = page.locator("main h2").all_inner_texts()
    for required in (
        "Stand der Vereinbarkeit mit den Anforderungen",
        "Nicht barrierefreie Inhalte",
        "Feedback und Kontaktangaben",
        "Durchsetzungsverfahren und Schlichtungsstelle",
    ):
        assert required in headings


def test_switching_to_arabic_gives_rtl_arabic_ui_and_the_switch_leads_back(page, public_site):
    page.goto(public_site.url + public_site.news_list)
    switch = page.get_by_role("navigation", name="Sprache wählen")
    switch.get_by_role("link", name="العربية").click()
    page.wait_for_url(lambda url: urlsplit(url).path == "/ar" + public_site.news_list)
    assert page.get_attribute("html", "dir") == "rtl"
    assert page.get_attribute("html", "lang") == "ar"
    assert page.locator(".skip-link").inner_text() == "انتقل إلى المحتوى"
    switch = page.get_by_role("navigation", name="اختر اللغة")
    assert switch.locator("a[aria-current='true']").inner_text() == "العربية"
    assert page.get_by_role("navigation", name="القائمة الرئيسية").is_visible()
    # The layout mirrors: the brand sits on the right, the language switch on the left.
    width = page.viewport_size["width"]
    brand = page.locator(".site-brand").bounding_box()
    languages = page.locator(".language-switch").bounding_box()
    assert brand["x"] + brand["width"] > width / 2 > languages["x"]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "news-list-ar.png"))
    # Links inside the page stay in Arabic ...
    href = page.locator("footer").get_by_role("link", name="بيانات الناشر").get_attribute("href")
    assert href == "/ar/impressum/"
    # ... and the switch leads back to German without a prefix.
    switch.get_by_role("link", name="Deutsch").click()
    page.wait_for_url(lambda url: urlsplit(url).path == public_site.news_list)
    assert page.get_attribute("html", "dir") == "ltr"
    assert page.get_attribute("html", "lang") == "de"
    assert page.locator(".skip-link").inner_text() == "Zum Inhalt springen"
    assert page.context.cookies() == []


@pytest.mark.parametrize("language", ["de", "ar"])
def test_finder_with_results_has_no_axe_violations(page, public_site, axe_source, language):
    prefix = "" if language == "de" else "/ar"
    response = page.goto(f"{public_site.url}{prefix}/angebote/?near=21423&radius_km=25")
    assert response is not None and response.status == 200
    page.wait_for_load_state("networkidle")
    assert page.get_attribute("html", "dir") == ("rtl" if language == "ar" else "ltr")
    violations = run_axe(page, axe_source)
    assert violations == [], describe_violations(violations)
