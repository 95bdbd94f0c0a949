"""BITV 2.0 pages: the accessibility statement (EU model statement) linked from every page's
footer, the Leichte Sprache page linked at the top of every page, both in the demo content."""

import re

from django.urls import reverse
from django.utils import translation

from wagtail.models import Page, Site

import pytest
from bs4 import BeautifulSoup

from demo.site import load_demo_content
from home.factories import StandardPageFactory
from home.models import PageTranslation, SiteFooterSettings, StandardPage
from news.models import NewsPage

pytestmark = pytest.mark.django_db


def _soup(client, path: str) -> BeautifulSoup:
    response = client.get(path)
    assert response.status_code == 200, path
    return BeautifulSoup(response.content, "html.parser")


def test_demo_creates_both_pages_and_links_them_in_the_settings(demo):
    footer = SiteFooterSettings.for_site(Site.objects.get(is_default_site=True))
    statement = footer.accessibility_page.specific
    easy = footer.easy_language_page.specific
    assert isinstance(statement, StandardPage) and statement.live
    assert statement.title == "Erklärung zur Barrierefreiheit"
    assert statement.slug == "barrierefreiheit"
    assert isinstance(easy, StandardPage) and easy.live
    assert (easy.title, easy.slug) == ("Leichte Sprache", "leichte-sprache")


def test_accessibility_statement_follows_the_eu_model(client, demo):
    soup = _soup(client, "/barrierefreiheit/")
    main = soup.find("main")
    headings = [h.get_text(strip=True) for h in main.find_all("h2")]
    assert headings[:5] == [
        "Stand der Vereinbarkeit mit den Anforderungen",
        "Nicht barrierefreie Inhalte",
        "Erstellung dieser Erklärung zur Barrierefreiheit",
        "Feedback und Kontaktangaben",
        "Durchsetzungsverfahren und Schlichtungsstelle",
    ]
    text = main.get_text(" ", strip=True)
    assert "Richtlinie (EU) 2016/2102" in text
    assert "teilweise" in text and "BITV 2.0" in text and "WCAG 2.1" in text
    # A contact for feedback that a visitor can use at once ...
    assert main.find("a", href="mailto:barrierefreiheit@fruehe-hilfen.example")
    # ... and the enforcement/arbitration bodies, one per federal state of the networks.
    for state in ("Niedersachsen", "Sachsen-Anhalt", "Saarland"):
        assert state in text
    assert main.find("a", href="https://www.schlichtungsstelle-bgg.de")
    # A date the statement was made and reviewed.
    assert re.search(r"am \d{1,2}\. \w+ \d{4} erstellt", text)


def test_old_short_statement_is_upgraded(demo):
    statement = StandardPage.objects.get(slug="barrierefreiheit")
    statement.body = [("paragraph", "<p>Kurz.</p>")]
    statement.save_revision().publish()
    load_demo_content()
    statement.refresh_from_db()
    assert len(statement.body) > 5


def test_leichte_sprache_page_uses_short_sentences(client, demo):
    soup = _soup(client, "/leichte-sprache/")
    main = soup.find("main")
    assert main.find("h1").get_text(strip=True) == "Leichte Sprache"
    sentences = [
        s
        for p in main.find_all(["p", "li"])
        for s in re.split(r"(?<=[.?!:])\s+", p.get_text(" ", strip=True))
        if s
    ]
    assert len(sentences) > 20
    # Leichte Sprache: one statement per sentence; nothing longer than 15 words.
    assert max(len(s.split()) for s in sentences) <= 15, max(sentences, key=len)
    # Long words are split with the middle dot, as the rules ask.
    assert "Netz·werk" in main.get_text()


@pytest.mark.parametrize("code", ["de", "en", "tr", "ar", "uk"])
def test_every_page_links_the_statement_in_its_footer_and_leichte_sprache_at_the_top(
    client, demo, code
):
    prefix = "" if code == "de" else f"/{code}"
    with translation.override("de"):
        paths = [page.url for page in Page.objects.live().filter(depth__gt=1).specific()][:25]
    assert len(paths) >= 10
    for path in paths:
        soup = _soup(client, prefix + path)
        footer = soup.find("footer")
        assert footer.find("a", href=f"{prefix}/barrierefreiheit/"), path
        easy = soup.find("a", class_="site-topbar__easy")
        # The Leichte Sprache page is German: every language links to the German page.
        assert easy["href"] == "/leichte-sprache/" and easy["lang"] == "de", path
        # It comes before the main content in the reading and focus order.
        assert soup.find("header").find("a", class_="site-topbar__easy") is not None


def test_home_page_shows_content_language_inside_another_ui_language(client, demo):
    """The hero is translated (the home page's translations); German that is left, here the
    news teasers and a hero whose translation an editor removed, is marked lang="de"."""
    soup = _soup(client, "/ar/")
    assert soup.find("html")["lang"] == "ar"
    assert not soup.find("h1").has_attr("lang")
    assert soup.find("h3", class_="card__title")["lang"] == "de"
    PageTranslation.objects.filter(page=demo, language="ar").delete()
    soup = _soup(client, "/ar/")
    assert soup.find("h1")["lang"] == "de"
    assert soup.find("h1").get_text() == demo.hero_title
    german = _soup(client, "/")
    assert not german.find("h1").has_attr("lang")


def test_news_page_links_the_statement_too(client, demo):
    with translation.override("de"):
        url = NewsPage.objects.live().first().url
    soup = _soup(client, url)
    assert soup.find("footer").find("a", href="/barrierefreiheit/").get_text() == (
        "Barrierefreiheit"
    )


@pytest.mark.parametrize(
    "model",
    [
        "news.NewsIndexPage",
        "events.EventIndexPage",
        "offers_directory.OrganizationIndexPage",
        "home.StandardPage",
        "professionals directory",
    ],
)
def test_structure_page_heading_is_translated_or_marked_german(client, demo, model):
    """Listings and standard pages head with their title and introduction in the visitor's
    language; without a translation the German words are marked lang="de"."""
    from django.apps import apps

    directory = False
    if model == "home.StandardPage":
        # The demo's standard pages at /angebote/ and /fachkraefte/ give way to the finder's
        # and the professionals' own views: a page of its own.
        page = StandardPageFactory(parent=demo, title="Über das Netzwerk", slug="ueber-uns")
    elif model == "professionals directory":
        # The editors' "Für Fachkräfte" page heads the professionals' directory.
        page = StandardPage.objects.get(slug="fachkraefte")
        directory = True
    else:
        page = apps.get_model(model).objects.live().first()
    page.intro = "Was diese Seite bietet."
    page.save()
    translated, _created = PageTranslation.objects.update_or_create(
        page=page, language="ar", defaults={"title": "عنوان الصفحة", "intro": "ما تقدمه الصفحة."}
    )

    def heading_and_lead() -> tuple:
        with translation.override("ar"):
            soup = _soup(client, reverse("professionals:directory") if directory else page.url)
        return soup.find("h1"), soup.find("main").find(class_="lead")

    heading, lead = heading_and_lead()
    assert heading.get_text() == translated.title and not heading.has_attr("lang")
    assert lead.get_text() == translated.intro and not lead.has_attr("lang")
    translated.delete()
    heading, lead = heading_and_lead()
    assert heading.get_text() == page.title and heading["lang"] == "de"
    assert lead.get_text() == page.intro and lead["lang"] == "de"
