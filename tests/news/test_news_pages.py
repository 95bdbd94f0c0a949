"""News pages: the body blocks a press office uses, the listing's filters and pagination,
schema.org JSON-LD, Open Graph, feed announcements and the sitemap."""

import datetime
import xml.etree.ElementTree as ET

from django.core.files.base import ContentFile
from django.utils import formats, translation

from wagtail.documents.models import Document

import pytest

from events.models import EventPage
from home.factories import ImageFactory
from news.factories import NewsPageFactory
from news.models import NewsIndexPage, NewsPage, PressContact
from tests.demo_pages import network_index, news_index, region, region_collection
from tests.markup import alternate_links, json_ld, meta_properties, page_html

pytestmark = pytest.mark.django_db


def test_news_page_renders_every_body_block(client, demo):
    image = ImageFactory(
        title="Netzwerktag Foto", collection=region_collection("landkreis-harburg")
    )
    document = Document.objects.create(
        title="Programm Netzwerktag", file=ContentFile(b"%PDF-1.4 test", name="programm.pdf")
    )
    contact = PressContact.objects.create(
        name="Erika Beispiel",
        role="Pressesprecherin",
        organisation="Landkreis Harburg",
        phone="04171 693-123",
        email="presse@lkharburg.example",
    )
    page = NewsPageFactory(
        parent=news_index("landkreis-harburg"),
        title="Netzwerktag mit World Café",
        date=datetime.date(2026, 9, 17),
        teaser="Achtzig Fachkräfte im Kreishaus.",
        image=image,
        image_credit="Foto: Landkreis Harburg",
        contact=contact,
        tags=["Netzwerktag", "Fachtag"],
        body=[
            ("paragraph", "<p>Ein <b>voller</b> Saal.</p>"),
            ("heading", {"text": "Stimmen", "level": "h2"}),
            (
                "image",
                {
                    "image": image,
                    "alt_text": "Saal",
                    "caption": "Im Kreishaus",
                    "credit": "Foto: LK",
                },
            ),
            ("quote", {"text": "Gemeinsam stark.", "speaker": "Rainer Rempe", "role": "Landrat"}),
            ("contact", {"contact": contact, "heading": "Ansprechpartnerin"}),
            ("documents", {"heading": "", "documents": [{"document": document, "title": ""}]}),
        ],
    )
    html = page_html(client, page.url)
    for text in (
        "Ein <b>voller</b> Saal.",
        "<h2>Stimmen</h2>",
        "Im Kreishaus",
        "Foto: LK",
        "Foto: Landkreis Harburg",
        "Gemeinsam stark.",
        "Rainer Rempe",
        "Landrat",
        "Ansprechpartnerin",
        "Pressesprecherin",
        'href="tel:04171693-123"',
        "mailto:presse@lkharburg.example",
        "Programm Netzwerktag",
        document.url,
        "Downloads",  # German default heading of the documents block
        "Pressekontakt",
        "Landkreis Harburg",
    ):
        assert text in html, text
    # Topics link to the listing filtered by that topic.
    assert "?topic=netzwerktag" in html


@pytest.fixture
def article(demo):
    """A news item in the Heidekreis with a teaser, a lead image and a topic."""
    return NewsPageFactory(
        parent=news_index("heidekreis"),
        title="AG Nord tagt in Soltau",
        date=datetime.date(2026, 10, 1),
        teaser="Die AG Nord traf sich.",
        image=ImageFactory(title="Titelbild"),
        tags=["Arbeitsgemeinschaft"],
    )


def test_news_page_json_ld_is_a_news_article(client, article):
    html = client.get(article.url).content.decode()
    [data] = json_ld(html)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "AG Nord tagt in Soltau"
    assert data["datePublished"].startswith("2026-10-01")
    assert data["description"] == "Die AG Nord traf sich."
    assert data["url"] == data["mainEntityOfPage"]["@id"] == article.full_url
    assert data["image"][0].startswith("http://testserver/media/")
    assert data["keywords"] == ["Arbeitsgemeinschaft"]
    assert data["contentLocation"][0]["name"] == "Landkreis Heidekreis"
    assert data["publisher"]["name"] == "Netzwerk Frühe Hilfen"


def test_json_ld_cannot_break_out_of_its_script_tag(client, demo):
    page = NewsPageFactory(
        parent=news_index("heidekreis"),
        title="Titel </script><script>alert(1)</script>",
        date=datetime.date(2026, 10, 1),
    )
    html = client.get(page.url).content.decode()
    assert "<script>alert(1)</script>" not in html
    [data] = json_ld(html)
    assert data["headline"] == "Titel </script><script>alert(1)</script>"


def test_open_graph_tags(client, article):
    og = meta_properties(client.get(article.url).content.decode())
    assert og["og:type"] == ["article"]
    assert og["og:title"] == ["AG Nord tagt in Soltau"]
    assert og["og:description"] == ["Die AG Nord traf sich."]
    assert og["og:url"] == [article.full_url]
    assert og["og:locale"] == ["de_DE"]
    assert og["og:image"][0].startswith("http://testserver/")
    assert og["article:tag"] == ["Arbeitsgemeinschaft"]
    home = meta_properties(client.get("/").content.decode())
    assert home["og:type"] == ["website"] and home["og:site_name"] == ["Netzwerk Frühe Hilfen"]


def one_live_page_of_each_type() -> list[str]:
    from wagtail.models import Page

    paths: dict[int, str] = {}
    for page in Page.objects.live().public().filter(depth__gt=1).order_by("path"):
        paths.setdefault(page.content_type_id, page.url)
    assert len(paths) >= 6  # home, standard, region index, region, news and event pages
    return list(paths.values())


def test_every_page_announces_the_news_feeds(client, demo):
    for path in (
        "/",
        "/aktuelles/",
        "/netzwerk/",
        "/suche/?q=Netzwerk",
        "/termine/",
        "/impressum/",
        "/en/",
        "/ar/aktuelles/",
        "/gibt-es-nicht/",  # the 404 page, too
        *one_live_page_of_each_type(),
    ):
        links = alternate_links(client.get(path).content.decode())
        assert ("application/rss+xml", "/feeds/aktuelles.rss") in links, path
        assert ("application/atom+xml", "/feeds/aktuelles.atom") in links, path


def test_pages_inside_a_region_also_announce_the_regions_feeds(client, demo):
    page = NewsPage.objects.descendant_of(region("landkreis-saarlouis")).first()
    for url in (region("landkreis-saarlouis").url, page.url):
        links = alternate_links(client.get(url).content.decode())
        assert ("application/rss+xml", "/feeds/landkreis-saarlouis/aktuelles.rss") in links
        assert ("application/atom+xml", "/feeds/landkreis-saarlouis/aktuelles.atom") in links
        assert ("text/calendar", "/feeds/landkreis-saarlouis/termine.ics") in links
        assert ("application/rss+xml", "/feeds/aktuelles.rss") in links


def test_sitemap_lists_news_and_events(client, demo):
    response = client.get("/sitemap.xml")
    ns = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = {el.text for el in ET.fromstring(response.content).findall("sm:url/sm:loc", ns)}
    news = NewsPage.objects.live()
    events = EventPage.objects.live()
    assert news.exists() and events.exists()
    for page in [*news, *events]:
        assert page.full_url in locs, page.url


# --- Listing ---------------------------------------------------------------------------------


@pytest.fixture
def archive(demo):
    """Twelve extra Harburg items over two years with topics, and one Heidekreis item that
    names Harburg as a further region."""
    harburg = news_index("landkreis-harburg")
    for number in range(12):
        NewsPageFactory(
            parent=harburg,
            title=f"Harburg Meldung {number:02d}",
            date=datetime.date(2024 + number % 2, 1 + number % 12, 1 + number),
            tags=["Fachtag"] if number % 3 == 0 else ["Elterncafé"],
        )
    NewsPageFactory(
        parent=news_index("heidekreis"),
        title="Kreisübergreifende Fortbildung",
        date=datetime.date(2025, 3, 3),
        tags=["Fortbildung"],
        extra_regions=[region("landkreis-harburg")],
    )


def _titles(response) -> list[str]:
    return [item.title for item in response.context["news_page"].object_list]


def test_listing_paginates(client, archive):
    index = network_index()
    first = client.get(index.url)
    assert first.status_code == 200
    total = NewsPage.objects.live().count()
    assert first.context["news_page"].paginator.count == total
    assert len(_titles(first)) == NewsIndexPage.page_size
    second = client.get(index.url, {"page": 2})
    assert set(_titles(first)).isdisjoint(_titles(second))
    html = first.content.decode()
    assert "Nächste Seite" in html and "?page=2" in html


def test_listing_filters_by_region_topic_and_year(client, archive):
    index = network_index()
    by_region = client.get(index.url, {"region": "landkreis-harburg"})
    titles = _titles(by_region) + _titles(
        client.get(index.url, {"region": "landkreis-harburg", "page": 2})
    )
    assert "Kreisübergreifende Fortbildung" in titles  # further region
    assert all(
        t.startswith("Harburg")
        or t == "Kreisübergreifende Fortbildung"
        or NewsPage.objects.get(title=t).get_region().slug == "landkreis-harburg"
        for t in titles
    )
    by_topic = client.get(index.url, {"topic": "fachtag"})
    assert sorted(_titles(by_topic)) == sorted(
        f"Harburg Meldung {n:02d}" for n in range(12) if n % 3 == 0
    )
    by_year = client.get(index.url, {"year": "2024"})
    assert by_year.context["news_page"].paginator.count == 6
    assert all(NewsPage.objects.get(title=t).date.year == 2024 for t in _titles(by_year))
    combined = client.get(
        index.url, {"region": "landkreis-harburg", "topic": "fachtag", "year": "2025"}
    )
    assert sorted(_titles(combined)) == sorted(
        f"Harburg Meldung {n:02d}" for n in range(12) if n % 3 == 0 and n % 2 == 1
    )
    # The filter form keeps the choice, and pagination keeps the filters.
    html = client.get(index.url, {"topic": "elterncafe"}).content.decode()
    assert 'value="elterncafe" selected' in html, html[html.find("filter-topic") :][:800]
    html = client.get(index.url, {"region": "landkreis-harburg"}).content.decode()
    assert "region=landkreis-harburg&amp;page=2" in html


def test_region_listing_includes_items_naming_it_as_further_region(client, archive):
    response = client.get(news_index("landkreis-harburg").url, {"year": "2025"})
    assert "Kreisübergreifende Fortbildung" in _titles(response)
    heide = client.get(news_index("heidekreis").url)
    assert "Kreisübergreifende Fortbildung" in _titles(heide)
    assert not any(t.startswith("Harburg") for t in _titles(heide))


INVALID_FILTERS = [
    {"region": "gibt-es-nicht"},
    {"topic": "<script>"},
    {"year": "zweitausend"},
    {"year": "99999999999999999999"},
    {"year": "-5"},
    {"year": "1800"},
    {"year": "2023"},  # a valid year without news
    {"page": "abc"},
    {"page": "99999"},
    {"region": "", "topic": "", "year": ""},
    {"region": ["a", "b"], "year": ["2024", "x"]},
]


def test_invalid_filter_values_are_ignored(client, archive):
    index = network_index()
    total = NewsPage.objects.live().count()
    for params in INVALID_FILTERS:
        response = client.get(index.url, params)
        assert response.status_code == 200, params
        # The last value of a repeated parameter counts; none of these matches anything.
        assert response.context["news_page"].paginator.count == total, params
        assert response.context["filters"]["active"] == {}, params
        assert "<script>" not in response.content.decode().split("<main", 1)[1]


def test_control_characters_in_a_filter_answer_400(client, archive):
    # No visitor types a NUL byte; PostgreSQL could not compare it (params.middleware).
    response = client.get(network_index().url, {"topic": "\x00", "region": "\x00"})
    assert response.status_code == 400
    assert 'data-error-code="invalid_characters"' in response.content.decode()


def test_region_listing_offers_no_region_filter(client, archive):
    response = client.get(news_index("landkreis-harburg").url, {"region": "heidekreis"})
    assert response.status_code == 200
    assert 'name="region"' not in response.content.decode()
    assert "Kreisübergreifende Fortbildung" in _titles(
        client.get(news_index("landkreis-harburg").url, {"region": "heidekreis", "year": "2025"})
    )


def test_listing_is_german(client, archive):
    html = client.get(network_index().url).content.decode()
    for text in ("Alle Regionen", "Alle Themen", "Alle Jahre", "Filter anwenden", "Meldungen"):
        assert text in html, text


def test_offer_card_links_a_live_offer(client, demo):
    from offers_directory.models import OfferIndexPage, OfferPage

    offers = OfferIndexPage(title="Angebote", slug="angebote-test")
    region("landkreis-harburg").add_child(instance=offers)
    offer = OfferPage(
        title="Elterncafé Buchholz", slug="elterncafe-buchholz", summary="Offener Treff."
    )
    offers.add_child(instance=offer)
    offer.save_revision().publish()
    page = NewsPageFactory(
        parent=news_index("landkreis-harburg"),
        title="Neues Elterncafé",
        date=datetime.date(2026, 11, 1),
        body=[("offer", {"offer": offer, "note": "Mehr zum Angebot:"})],
    )
    html = client.get(page.url).content.decode()
    assert "Mehr zum Angebot:" in html
    assert f'href="{offer.url}"' in html and "Offener Treff." in html
    offer.unpublish()
    html = client.get(page.url).content.decode()
    assert "Elterncafé Buchholz" not in html  # an unpublished offer is not advertised


def test_other_ui_languages_serve_news_with_working_links_and_german_feeds(client, archive):
    """/en/, /tr/, /ar/, /uk/ serve the same pages; links inside stay in that language, the
    feeds (outside the language prefixes) stay German with canonical links."""
    import feedparser

    index = news_index("landkreis-harburg")
    response = client.get("/en" + index.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en"' in html
    item = response.context["news_page"].object_list[0]
    with translation.override("de"):
        german_path = item.url
    assert not german_path.startswith("/en/")
    assert f'href="/en{german_path}"' in html
    detail = client.get(f"/en{german_path}")
    assert detail.status_code == 200 and item.title in detail.content.decode()
    # Dates in the visitor's language's own format ("March 1, 2026", not "1. March 2026").
    with translation.override("en"):
        english_date = formats.date_format(item.date, "DATE_FORMAT")
    assert english_date[0].isalpha() and f">{english_date}</time>" in detail.content.decode()
    links = alternate_links(html)
    assert ("application/rss+xml", "/feeds/aktuelles.rss") in links
    assert ("application/rss+xml", "/feeds/landkreis-harburg/aktuelles.rss") in links
    [data] = json_ld(detail.content.decode())
    assert data["@type"] == "NewsArticle"
    for url in (
        "/feeds/landkreis-harburg/aktuelles.rss",
        "/feeds/landkreis-harburg/aktuelles.atom",
    ):
        feed = feedparser.parse(client.get(url, HTTP_ACCEPT_LANGUAGE="en").content)
        assert feed.feed.title.startswith("Aktuelles aus Landkreis Harburg"), feed.feed.title
        assert feed.entries
        for entry in feed.entries:
            path = entry.link.removeprefix("http://testserver")
            assert not path.startswith("/en/"), entry.link
            assert client.get(path).status_code == 200, path
