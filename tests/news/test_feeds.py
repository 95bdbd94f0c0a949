"""RSS 2.0 and Atom feeds, for all news and per region, read by a real feed parser."""

import datetime

import feedparser
import pytest

from news.factories import NewsPageFactory
from news.models import NewsPage
from tests.demo_pages import news_index, region

pytestmark = pytest.mark.django_db


def _parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return response, parsed


@pytest.mark.parametrize(
    ("url", "version", "content_type"),
    [
        ("/feeds/aktuelles.rss", "rss20", "application/rss+xml"),
        ("/feeds/aktuelles.atom", "atom10", "application/atom+xml"),
    ],
)
def test_network_feeds_list_every_region(client, demo, url, version, content_type):
    response, feed = _parse(client, url)
    assert response["Content-Type"].startswith(content_type)
    assert feed.version == version
    assert feed.feed.title == "Aktuelles – Netzwerk Frühe Hilfen"
    assert feed.feed.language == "de" or version == "atom10"
    live = NewsPage.objects.live()
    assert {e.title for e in feed.entries} == {p.title for p in live}
    newest = live.order_by("-date").first()
    assert feed.entries[0].title == newest.title
    entry = feed.entries[0]
    assert entry.link == "http://testserver" + newest.url  # the request's host
    assert datetime.date(*entry.published_parsed[:3]) == newest.date
    assert entry.summary == newest.teaser


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_region_feed_has_the_regions_news_only(client, demo, kind):
    NewsPageFactory(
        parent=news_index("landkreis-boerde"),
        title="Börde und Harburg gemeinsam",
        date=datetime.date(2026, 11, 1),
        teaser="Ein gemeinsames Projekt.",
        tags=["Kooperation"],
        extra_regions=[region("landkreis-harburg")],
    )
    NewsPageFactory(
        parent=news_index("landkreis-harburg"),
        title="Entwurf",
        date=datetime.date(2026, 11, 2),
        publish=False,
    )
    _response, feed = _parse(client, f"/feeds/landkreis-harburg/aktuelles.{kind}")
    harburg = NewsPage.objects.live().descendant_of(region("landkreis-harburg"))
    expected = {p.title for p in harburg} | {"Börde und Harburg gemeinsam"}
    assert {e.title for e in feed.entries} == expected
    assert "Entwurf" not in {e.title for e in feed.entries}
    assert "Landkreis Harburg" in feed.feed.title
    assert feed.feed.link == "http://testserver" + news_index("landkreis-harburg").url
    joint = next(e for e in feed.entries if e.title == "Börde und Harburg gemeinsam")
    assert [t.term for t in joint.tags] == ["Kooperation"]


def test_unknown_region_feed_is_404(client, demo):
    assert client.get("/feeds/atlantis/aktuelles.rss").status_code == 404
    assert client.get("/feeds/atlantis/aktuelles.atom").status_code == 404


def test_feed_escapes_markup_in_titles(client, demo):
    NewsPageFactory(
        parent=news_index("heidekreis"),
        title="Eltern & Kinder <unterwegs>",
        date=datetime.date(2026, 11, 20),
    )
    _response, feed = _parse(client, "/feeds/heidekreis/aktuelles.rss")
    assert "Eltern & Kinder <unterwegs>" in {e.title for e in feed.entries}
