"""A regional coordinator's day in the real admin (Chromium): log in, write a news item with
an image, save a draft, preview it, publish it, and find it on the region's listing and in
the region's RSS feed."""

import feedparser
import pytest

from home.factories import ImageFactory, UserFactory
from home.models import RegionPage
from news.models import NewsIndexPage, NewsPage
from tests.browser.fixtures import log_in
from tests.demo_pages import region_collection

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

TITLE = "Netzwerktag im Kreishaus Winsen"
TEASER = "Achtzig Fachkräfte trafen sich zum Netzwerktag."
LONG = 30_000


@pytest.fixture
def editorial_site(demo, live_site):
    harburg = RegionPage.objects.get(slug="landkreis-harburg")
    coordinator = UserFactory(username="koordination-harburg", groups=[harburg.coordinator_group])
    image = ImageFactory(
        title="Netzwerktag Saal", collection=region_collection("landkreis-harburg")
    )
    index = NewsIndexPage.objects.descendant_of(harburg).get()
    return live_site, coordinator, image, index


def test_coordinator_writes_previews_and_publishes_news(traced_page, editorial_site):
    page = traced_page
    server, coordinator, image, index = editorial_site
    page.set_default_timeout(LONG)
    base = server.url

    # Log in.
    log_in(page, base, coordinator)

    # A new news item in the own region's listing.
    page.goto(f"{base}/admin/pages/add/news/newspage/{index.pk}/")
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_teaser").fill(TEASER)
    page.get_by_role("button", name="Bild auswählen").first.click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("link", name=image.title).first.click()
    page.wait_for_selector(".chooser:not(.blank) img, [data-chooser-title]", state="attached")
    page.locator("#id_image_credit").fill("Foto: Landkreis Harburg")

    # Save a draft.
    page.get_by_role("button", name="Entwurf speichern").click()
    page.wait_for_url("**/admin/pages/*/edit/")
    news = NewsPage.objects.get(title=TITLE)
    assert not news.live and news.image_id == image.pk
    assert news.get_parent().pk == index.pk

    # Preview the draft in the side panel.
    page.get_by_role("button", name="Vorschau umschalten").click()
    iframe = page.locator("iframe#w-preview-iframe, iframe.preview-panel__iframe").first
    iframe.wait_for(state="attached")
    preview = page.frame_locator("iframe#w-preview-iframe, iframe.preview-panel__iframe").first
    preview.get_by_role("heading", name=TITLE).wait_for()
    assert preview.locator("img[src*='/media/images/']").count() >= 1

    # Publish (the secondary action behind the "more actions" toggle).
    page.get_by_role("button", name="Mehr Aktionen").click()
    page.get_by_role("button", name="Veröffentlichen").click()
    page.wait_for_url(f"**/admin/pages/{index.pk}/")
    news.refresh_from_db()
    assert news.live

    # The region's public listing shows it, with its image ...
    page.goto(f"{base}{index.url}")
    card = page.locator("article.card").filter(has_text=TITLE)
    card.get_by_role("link", name=TITLE).wait_for()
    assert card.locator("img").count() == 1
    card.get_by_role("link", name=TITLE).click()
    page.get_by_role("heading", level=1, name=TITLE).wait_for()
    assert "Foto: Landkreis Harburg" in page.content()

    # ... and so does the region's RSS feed, announced in the page's head.
    feed_href = page.locator(
        'link[rel="alternate"][type="application/rss+xml"][href*="landkreis-harburg"]'
    ).get_attribute("href")
    response = page.request.get(base + feed_href)
    assert response.ok
    feed = feedparser.parse(response.body())
    assert not feed.bozo
    entry = next(e for e in feed.entries if e.title == TITLE)
    assert entry.link == base + news.url
    assert entry.summary == TEASER


def test_editorial_pages_have_no_axe_violations(page, editorial_site, axe_source):
    from events.models import EventPage
    from tests.browser.fixtures import describe_violations, run_axe

    server, _coordinator, _image, index = editorial_site
    news = NewsPage.objects.live().descendant_of(index).first()
    event = EventPage.objects.live().first()
    for path in (
        index.url,
        "/aktuelles/?region=landkreis-harburg&year=2026",
        news.url,
        "/termine/",
        "/termine/?when=past",
        event.url,
        "/suche/?q=Netzwerktag",
        "/en" + news.url,  # the other UI languages, right-to-left included
        "/ar/termine/",
    ):
        page.goto(server.url + path)
        violations = run_axe(page, axe_source)
        assert violations == [], f"{path}: {describe_violations(violations)}"
