"""Going live: a site built with the README's commands on the database `migrate` leaves
(Wagtail's welcome page as the root, nothing of ours), served with production's host and
HTTPS settings. Every absolute URL it hands out — sitemap, og:url, feeds, iCal, the handout's
QR codes — is the configured address, and no page of it answers 500."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import tempfile
import xml.etree.ElementTree as ET
from collections import deque
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from django.test import Client

from wagtail.models import Page, Site

import feedparser
import pytest
import segno
from bs4 import BeautifulSoup
from PIL import Image

from events.factories import EventPageFactory
from events.models import EventIndexPage
from home.factories import UserFactory
from home.models import HomePage, PageTranslation, RegionPage
from offers_directory.models import OfferPage
from tests.commands import command_output
from tests.services.required import require_or_skip
from tests.shared_data import fresh, shared_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("german")]

HOST = "fruehe-hilfen.example.de"
SITE_URL = f"https://{HOST}"
DATA = Path(__file__).resolve().parent
PRESS = DATA / "news" / "data" / "press"
HSDS = DATA / "offers" / "data" / "hsds" / "sample_services.json"
# A rough outline of the Landkreis Harburg ([longitude, latitude]), as a GIS exports it.
HARBURG_AREA = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"name": "Landkreis Harburg"},
            "geometry": {
                "type": "Polygon",
                "coordinates": [
                    [[9.6, 53.3], [9.72, 53.5], [10.35, 53.43], [10.15, 53.14], [9.6, 53.3]]
                ],
            },
        }
    ],
}


def _build() -> dict:
    # What `migrate` leaves: Wagtail's welcome page is the site, nothing of the project's.
    assert not HomePage.objects.exists()
    welcome = Site.objects.get(is_default_site=True).root_page
    assert welcome.content_type.model == "page" and welcome.slug == "home"

    output = {"setup_site": command_output("setup_site", "--site-url", SITE_URL)}
    with tempfile.TemporaryDirectory() as folder:
        area = Path(folder) / "harburg.geojson"
        area.write_text(json.dumps(HARBURG_AREA), encoding="utf-8")
        output["create_region"] = command_output(
            "create_region",
            "Landkreis Harburg",
            "--slug",
            "landkreis-harburg",
            "--postcodes",
            "21",
            "--area",
            str(area),
        )
    output["import_news"] = command_output(
        "import_news", str(PRESS), "--region", "landkreis-harburg", "--publish"
    )
    output["import_offers"] = command_output("import_offers", str(HSDS), "--format", "hsds")
    # An event as a coordinator writes one (no command imports events).
    calendar = EventIndexPage.objects.descendant_of(RegionPage.objects.get()).get()
    EventPageFactory(parent=calendar, title="Netzwerktag Frühe Hilfen")
    return output


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker):
    with shared_data(django_db_blocker, "going-live", _build) as output:
        yield output


@pytest.fixture
def site(built, settings) -> dict:
    """Production's host and HTTPS settings (config/settings/production.py)."""
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = [HOST]
    settings.SITE_URL = SITE_URL
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    return fresh(built)


@pytest.fixture
def visitor() -> Client:
    """A visitor's browser behind the TLS-terminating proxy."""
    return Client(HTTP_HOST=HOST, HTTP_X_FORWARDED_PROTO="https")


def _ours(url: str) -> bool:
    return url.startswith(f"{SITE_URL}/")


def test_the_commands_report_what_they_built(site):
    assert f"Site address: {SITE_URL}" in site["setup_site"]
    assert "Created /aktuelles/" in site["setup_site"]
    assert "Koordination Landkreis Harburg" in site["create_region"]
    assert "'21'" in site["create_region"] and "area set" in site["create_region"]
    offers = OfferPage.objects.all()  # the Dessau offer's status makes it a draft
    assert offers.count() == 3
    harburg = RegionPage.objects.get(slug="landkreis-harburg")
    # Winsen (inside the outline) and Buchholz (postcode 21…) are Harburg's, Dessau is not.
    assert sorted(o.title.split()[0] for o in offers.descendant_of(harburg)) == [
        "Elternkurs",
        "Hebammensprechstunde",
    ]
    dessau = offers.get(title__startswith="Schwangerschaftsberatung")
    assert dessau.get_parent().url_path == "/home/ueberregionale-angebote/"


def test_wagtails_english_default_groups_are_gone_unless_used(site):
    from django.contrib.auth.models import Group

    from home.permissions import WAGTAIL_DEFAULT_GROUPS, retire_wagtail_default_groups

    assert "Wagtail's unused default groups removed: Editors, Moderators." in site["setup_site"]
    assert not Group.objects.filter(name__in=WAGTAIL_DEFAULT_GROUPS).exists()
    # A group somebody was put into stays (and keeps its member).
    used = Group.objects.create(name="Moderators")
    UserFactory().groups.add(used)
    Group.objects.create(name="Editors")
    assert retire_wagtail_default_groups() == ["Editors"]
    assert list(Group.objects.filter(name__in=WAGTAIL_DEFAULT_GROUPS)) == [used]


def test_home_page_replaces_wagtails_welcome_page(site, visitor):
    response = visitor.get("/")
    assert response.status_code == 200
    assert isinstance(response.context["page"], HomePage)
    html = response.content.decode()
    assert "Welcome to your new Wagtail site" not in html
    menu = [a.get_text(strip=True) for a in BeautifulSoup(html, "html.parser").select("nav a")]
    for title in ("Aktuelles", "Termine", "Angebote finden", "Für Fachkräfte"):
        assert title in menu
    assert not Page.objects.filter(depth=2).exclude(slug="home").exists()


@pytest.mark.parametrize(
    ("code", "menu", "finder_title"),
    [
        ("en", ["News", "Events", "Find offers", "For professionals"], "Find help near you"),
        (
            "ar",
            ["الأخبار", "الفعاليات", "ابحث عن خدمات", "للمختصين"],
            "ابحث عن المساعدة بالقرب منك",
        ),
    ],
)
def test_the_new_site_speaks_every_ui_language(site, visitor, code, menu, finder_title):
    """setup_site gives the structure pages and the home page's teasers their translations
    (home/site_pages.py), editable in each page's "Übersetzungen"."""
    soup = BeautifulSoup(visitor.get(f"/{code}/").content.decode(), "html.parser")
    links = soup.select("nav.main-nav a")
    assert [a.get_text(strip=True) for a in links][:4] == menu
    assert not any(a.has_attr("lang") for a in links)
    assert soup.find(id="finder-teaser-title").get_text(strip=True) == finder_title


def test_setup_site_adds_missing_translations_but_keeps_editors_pages(site):
    sections = HomePage.objects.get().get_children()
    news = sections.get(slug="aktuelles").specific
    events = sections.get(slug="termine").specific
    PageTranslation.objects.filter(page__in=[news, events]).delete()
    events.title = "Veranstaltungen"  # an editor's own title: its translations would be wrong
    events.save_revision().publish()
    output = command_output("setup_site", "--site-url", SITE_URL)
    assert "Translated /aktuelles/ into ar, en, tr, uk." in output
    assert "/termine/" not in output
    news = Page.objects.get(pk=news.pk).specific
    assert {row.language: row.title for row in news.ui_translations.all()}["uk"] == "Новини"
    # Written as a published revision, so the next publication in the admin keeps them.
    revision = news.get_latest_revision_as_object()
    assert {row.language for row in revision.ui_translations.all()} == {"en", "tr", "ar", "uk"}
    assert not PageTranslation.objects.filter(page=events).exists()


def test_http_is_sent_to_https(site):
    response = Client(HTTP_HOST=HOST).get("/aktuelles/")
    assert response.status_code == 301 and response["Location"] == f"{SITE_URL}/aktuelles/"


def test_sitemap_lists_every_page_at_the_site_address(site, visitor):
    response = visitor.get("/sitemap.xml")
    assert response.status_code == 200
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = [e.text for e in ET.fromstring(response.content).findall(".//s:loc", namespace)]
    assert locations and all(_ours(url) for url in locations), locations
    assert f"{SITE_URL}/netzwerk/landkreis-harburg/" in locations
    assert len(locations) == Page.objects.live().public().filter(depth__gt=1).count()


def test_open_graph_url_is_the_site_address(site, visitor):
    pages = [
        Page.objects.get(depth=2),
        RegionPage.objects.get(),
        OfferPage.objects.live().first(),
        Page.objects.live().type(EventIndexPage).first(),
    ]
    news = Page.objects.live().filter(url_path__contains="/aktuelles/").last()
    for page in [*pages, news]:
        soup = BeautifulSoup(visitor.get(page.url).content, "html.parser")
        og_url = soup.find("meta", property="og:url")["content"]
        assert og_url == f"{SITE_URL}{page.url}", page


@pytest.mark.parametrize("path", ["/feeds/aktuelles.rss", "/feeds/aktuelles.atom"])
def test_feeds_link_to_the_site_address(site, visitor, path):
    response = visitor.get(path)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert len(feed.entries) >= 5  # the imported press texts
    assert _ours(feed.feed.link)
    assert all(_ours(entry.link) for entry in feed.entries)
    # …and the pages behind those links answer.
    for entry in feed.entries:
        assert visitor.get(urlsplit(entry.link).path).status_code == 200


def test_calendar_files_link_to_the_site_address(site, visitor):
    event = Page.objects.get(title="Netzwerktag Frühe Hilfen")
    for path in (f"/feeds/termin/{event.pk}.ics", "/feeds/termine.ics"):
        response = visitor.get(path)
        assert response.status_code == 200
        unfolded = response.content.decode().replace("\r\n ", "")  # RFC 5545 line folding
        urls = re.findall(r"^URL[^:]*:(.*?)\r?$", unfolded, re.MULTILINE)
        assert urls == [f"{SITE_URL}{event.url}"], path


def _symbol_pixels(png: bytes | Path) -> tuple:
    image = Image.open(io.BytesIO(png) if isinstance(png, bytes) else png).convert("1")
    return image.size, image.tobytes()


def test_handout_qr_codes_carry_the_site_address(site, visitor):
    offer = OfferPage.objects.live().get(title__startswith="Hebammensprechstunde")
    expected = f"{SITE_URL}{offer.url}"
    symbol = segno.make(expected, error="m")

    # The print view: the inline SVG is the symbol of exactly that address.
    html = visitor.get("/merkliste/", {"ids": offer.pk, "lang": "de"}).content.decode()
    drawn = BeautifulSoup(html, "html.parser").select_one(".handout__qr svg")
    reference = io.BytesIO()
    symbol.save(reference, kind="svg", scale=3, border=2, xmldecl=False, svgns=True)
    wanted = BeautifulSoup(reference.getvalue(), "html.parser").find("path")["d"]
    assert drawn.find("path")["d"] == wanted
    assert expected in html

    # The PDF: the embedded image's modules are that symbol's (poppler extracts it).
    pdf = visitor.get("/merkliste/handout.pdf", {"ids": offer.pk, "lang": "de"})
    assert pdf.status_code == 200
    if shutil.which("pdfimages") is None:
        message = "pdfimages missing (apt-get install poppler-utils)"
        require_or_skip(message)
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "handout.pdf"
        source.write_bytes(pdf.content)
        subprocess.run(["pdfimages", "-png", str(source), f"{folder}/img"], check=True)
        images = {_symbol_pixels(p) for p in sorted(Path(folder).glob("img-*.png"))}
    png = io.BytesIO()
    symbol.save(png, kind="png", scale=4, border=2)
    assert _symbol_pixels(png.getvalue()) in images


def test_no_page_of_the_built_site_answers_500(site, visitor):
    """Every live page and every link on them (within the site, query strings kept for
    listings' filters and pages, up to a limit), followed as a visitor follows them."""
    start = ["/", *(page.url for page in Page.objects.live().filter(depth__gt=1))]
    seen: set[str] = set(start)
    queue = deque(start)
    statuses: dict[str, int] = {}
    while queue and len(statuses) < 600:
        path = queue.popleft()
        response = visitor.get(path)
        statuses[path] = response.status_code
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        for link in BeautifulSoup(response.content, "html.parser").find_all("a", href=True):
            url = urljoin(f"{SITE_URL}{path}", link["href"])
            parts = urlsplit(url)
            if parts.netloc != HOST or parts.path.startswith(("/admin/", "/documents/")):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target not in seen:
                seen.add(target)
                queue.append(target)
    failed = {path: status for path, status in statuses.items() if status >= 500}
    assert not failed
    assert len(statuses) > 40  # the walk did reach the site's pages, feeds and listings
    pages = {page.url for page in Page.objects.live().filter(depth__gt=1)}
    assert all(statuses[url] == 200 for url in pages), {u: statuses[u] for u in pages}
