"""The site shell on the demo content: pages, navigation, footer, sitemap, site search."""

import re
import xml.etree.ElementTree as ET

from wagtail.models import Page

import pytest
from bs4 import BeautifulSoup

from home.models import HomePage, RegionPage, StandardPage
from news.models import NewsPage
from offers_directory.models import OfferPage
from tests.markup import page_html

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


def test_home_page_has_navigation_search_and_footer(client, demo):
    html = page_html(client, "/")
    assert '<html lang="de" dir="ltr">' in html
    assert 'class="skip-link" href="#main-content">Zum Inhalt springen</a>' in html
    assert 'role="search"' in html
    for page in HomePage.objects.get().get_children().live().in_menu():
        assert f'href="{page.url}"' in html
    for slug in ("impressum", "datenschutz", "barrierefreiheit"):
        assert f'href="/{slug}/"' in html
    # Only site-owned assets: no absolute URL to another host in src/href of assets.
    assert "https://" not in html.split("<body")[0]


@pytest.mark.parametrize(
    "path, current",
    [
        ("/angebote/?q=Hebamme&near=21423", "Angebote finden"),
        ("/ar/angebote/?near=21423", "ابحث عن خدمات"),
        ("/fachkraefte/", "Für Fachkräfte"),
        ("/aktuelles/", "Aktuelles"),
        ("/suche/?q=Elterncaf%C3%A9", None),
        ("/", None),
    ],
)
def test_the_menu_marks_the_section_of_pages_and_of_views_at_a_menu_pages_address(
    client, demo, path, current
):
    soup = BeautifulSoup(client.get(path).content, "html.parser")
    entries = soup.select("nav.main-nav a")
    assert len(entries) >= 5
    assert [a.get_text(strip=True) for a in entries if a.get("aria-current")] == (
        [current] if current else []
    )


@pytest.mark.parametrize("prefix, current", [("", "Angebote finden"), ("/ar", "ابحث عن خدمات")])
def test_the_menu_marks_the_finder_on_an_offer_page(client, demo, demo_offers, prefix, current):
    # Offers sit in their region's tree below "Über das Netzwerk"; families reach them from
    # the finder, and the page leads back there.
    offer = OfferPage.objects.live().public().first()
    response = client.get(f"{prefix}{offer.url}")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    marked = [a.get_text(strip=True) for a in soup.select("nav.main-nav a[aria-current]")]
    assert marked == [current]


def test_home_page_teases_the_latest_news_and_finder(client, demo):
    html = client.get("/").content.decode()
    newest = NewsPage.objects.live().order_by("-date").first()
    assert newest.title in html
    assert 'action="/angebote/"' in html
    assert 'name="near"' in html


def test_every_demo_page_answers_200(client, demo):
    for page in Page.objects.live().filter(depth__gt=1).specific():
        assert client.get(page.url).status_code == 200, page.url


def test_news_listing_shows_every_region_and_region_listing_only_its_own(client, demo):
    all_news = client.get("/aktuelles/").content.decode()
    assert all(item.title in all_news for item in NewsPage.objects.live())
    harburg = RegionPage.objects.get(slug="landkreis-harburg")
    own = client.get(f"{harburg.url}aktuelles/").content.decode()
    harburg_news = NewsPage.objects.live().descendant_of(harburg)
    other_news = NewsPage.objects.live().not_descendant_of(harburg)
    assert harburg_news.exists() and other_news.exists()
    assert all(item.title in own for item in harburg_news)
    assert not any(item.title in own for item in other_news)


def test_sitemap_lists_live_pages(client, demo):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    ns = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = {el.text for el in ET.fromstring(response.content).findall("sm:url/sm:loc", ns)}
    assert any(loc.endswith("/netzwerk/landkreis-harburg/") for loc in locs)
    assert len(locs) == Page.objects.live().filter(depth__gt=1).count()


def test_site_search_finds_a_news_item(client, demo):
    item = NewsPage.objects.get(title__startswith="Netzwerktag Frühe Hilfen")
    response = client.get("/suche/", {"q": "Netzwerktag"})
    assert response.status_code == 200
    assert item.title in response.content.decode()


def test_site_search_survives_hostile_input(client, demo):
    for query in ['"unclosed', "a" * 5000, "<script>alert(1)</script>", "AND OR NOT ("]:
        response = client.get("/suche/", {"q": query})
        assert response.status_code == 200
        assert "<script>alert(1)</script>" not in response.content.decode()


def test_unknown_page_gives_german_404(client, demo):
    response = client.get("/gibt-es-nicht/")
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.content.decode()


def test_standard_pages_render_body(client, demo):
    imprint = StandardPage.objects.get(slug="impressum")
    html = client.get(imprint.url).content.decode()
    # setup_site's placeholder, which names what the operator must write there.
    assert "[PLATZHALTER – vor dem Start ersetzen]" in html and "§ 5 DDG" in html


def test_admin_login_answers(client):
    assert client.get("/admin/login/").status_code == 200


def test_header_and_footer_cost_the_same_queries_however_many_menu_pages(client, demo):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> tuple[int, str]:
        client.get("/")  # warm caches that are not per request
        with CaptureQueriesContext(connection) as captured:
            html = client.get("/").content.decode()
        return len(captured.captured_queries), html

    before, _html = queries()
    home = HomePage.objects.get()
    # Menu entries of page types the menu did not show before.
    hidden = list(home.get_children().live().not_in_menu().specific())
    assert {type(page) for page in hidden} - {
        type(page) for page in home.get_children().live().in_menu().specific()
    }
    for page in hidden:
        page.show_in_menus = True
        page.save_revision().publish()

    after, html = queries()

    assert after == before
    for page in hidden:
        assert f'href="{page.url}"' in html


def test_menu_comes_from_the_process_copy_until_a_page_changes(client, demo):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/")
    with CaptureQueriesContext(connection) as captured:
        client.get("/")
    # The menu's query is the one that filters on show_in_menus (others only select it).
    assert not [
        q for q in captured.captured_queries if re.search(r"WHERE.*show_in_menus", q["sql"])
    ]

    entry = HomePage.objects.get().get_children().live().in_menu().first()
    assert f'href="{entry.url}"' in client.get("/").content.decode()
    entry.specific.unpublish()
    assert f'href="{entry.url}"' not in client.get("/").content.decode()
