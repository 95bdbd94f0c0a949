"""Stored markup cannot break out of the page: a payload that would open an HTML comment
inside a script (`<!--<script>`), close the script (`</script>`), run an event handler
(`<img onerror>`) or end a CDATA section (`]]>`) is written into every text field of an
offer, a news item, an event and a referral partner. Real Chromium then shows each page whole
(heading, main content, footer), the JSON-LD and the map data parse back to the stored text,
and nothing of the payload runs: no flag on window, no dialog, no console error (a script the
escaping let through would be refused by the CSP, which logs one), no request for the image."""

from __future__ import annotations

import datetime
import json
from typing import Any
from urllib.parse import urlsplit

from django.db import models
from django.utils import timezone

from wagtail.models import Page
from wagtail.rich_text import RichText

import pytest

from events.models import EventIndexPage, EventPage
from news.models import NewsIndexPage, NewsPage
from offers_directory.factories import OfferPageFactory
from offers_directory.models import OfferLocation, OfferPage, OfferServiceArea
from professionals.models import ReferralPartner

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

PAYLOAD = (
    "<!--<script></script><script>window.__xss=1;alert(1)</script>"
    "<img src=x onerror=window.__xss=2>]]>\"&'"
)
# Wagtail's own bookkeeping, and fields no page shows (ids from imports, the geocoder's notes).
NOT_CONTENT = {f.name for f in Page._meta.concrete_fields} - {
    "title",
    "seo_title",
    "search_description",
}
NOT_CONTENT |= {
    "geocoded_address",
    "geocode_message",
    "source_id",
    "location_source_id",
    "source_key",
}


def payload_fields(model: type[models.Model], **overrides: Any) -> dict[str, Any]:
    """The payload, cut to each field's length, in every text field a person can edit."""
    values = {}
    for field in model._meta.concrete_fields:
        if (
            isinstance(field, models.CharField | models.TextField)
            and field.editable
            and not field.choices
            and not isinstance(field, models.SlugField | models.URLField | models.EmailField)
            and field.name not in NOT_CONTENT
        ):
            values[field.name] = PAYLOAD[: field.max_length] if field.max_length else PAYLOAD
    values.update(overrides)
    return values


def coordinates(**address: str) -> dict[str, Any]:
    """Coordinates set and the address marked as geocoded, so no geocoder is asked."""
    probe = OfferLocation(**address)
    return {
        **address,
        "latitude": 53.3575,
        "longitude": 10.212,
        "geocoded_address": probe.address_key,
    }


def body() -> list[tuple[str, Any]]:
    return [
        ("heading", {"text": PAYLOAD[:255], "level": "h2"}),
        ("paragraph", RichText(f"<p>{PAYLOAD.replace('&', '&amp;').replace('<', '&lt;')}</p>")),
        ("quote", {"text": PAYLOAD, "speaker": PAYLOAD[:100], "role": PAYLOAD[:100]}),
    ]


@pytest.fixture
def pages(served_tree) -> dict[str, str]:
    tree = served_tree

    offer = OfferPageFactory(
        parent=tree.offers,
        slug="angebot-xss",
        locations=[coordinates(**payload_fields(OfferLocation))],
        service_areas=[
            payload_fields(
                OfferServiceArea, radius_km=5, center_latitude=53.35, center_longitude=10.2
            )
        ],
        contacts=[{"name": PAYLOAD[:200], "role": PAYLOAD[:200], "is_public": True}],
        **payload_fields(OfferPage),
    )

    news_index = NewsIndexPage(title="Aktuelles", slug="aktuelles")
    tree.region.add_child(instance=news_index)
    news_index.save_revision().publish()
    news = NewsPage(
        slug="nachricht-xss",
        date=datetime.date(2026, 11, 2),
        body=body(),
        **payload_fields(NewsPage),
    )
    news_index.add_child(instance=news)
    news.save_revision().publish()

    event_index = EventIndexPage(title="Termine", slug="termine")
    tree.region.add_child(instance=event_index)
    event_index.save_revision().publish()
    event_fields = payload_fields(EventPage)
    event_address = coordinates(
        **{k: event_fields.pop(k) for k in EventPage.ADDRESS_FIELDS if k in event_fields}
    )
    event = EventPage(
        slug="termin-xss",
        start=timezone.now() + datetime.timedelta(days=7),
        body=body(),
        **event_fields,
        **event_address,
    )
    event_index.add_child(instance=event)
    event.save_revision().publish()

    partner_fields = payload_fields(ReferralPartner)
    partner_address = coordinates(
        **{k: partner_fields.pop(k) for k in ReferralPartner.ADDRESS_FIELDS if k in partner_fields}
    )
    partner = ReferralPartner(
        slug="partner-xss", region=tree.region, **partner_fields, **partner_address
    )
    partner.save()

    return {
        "offer": offer.url,
        "news": news.url,
        "event": event.url,
        "partner": partner.get_absolute_url(),
    }


def data_blocks(page, selector: str) -> list[Any]:
    return [json.loads(text) for text in page.locator(selector).all_text_contents()]


@pytest.mark.parametrize("kind", ["offer", "news", "event", "partner"])
def test_stored_payload_is_shown_as_text_and_never_runs(page, live_site, pages, kind):
    dialogs, errors, console, requests = [], [], [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: console.append(msg.text) if msg.type == "error" else None)
    page.on("request", lambda request: requests.append(urlsplit(request.url).path))

    response = page.goto(live_site.url + pages[kind])
    assert response is not None and response.status == 200
    page.wait_for_load_state("networkidle")

    # The page is whole: the payload is the heading's text, the content and footer follow.
    assert page.locator("main h1").first.inner_text() == PAYLOAD
    assert len(page.locator("main").inner_text()) > 2 * len(PAYLOAD)
    assert page.locator("footer.site-footer").is_visible()
    assert page.locator("footer.site-footer nav").count() == 1

    assert page.evaluate("window.__xss") is None
    assert dialogs == [] and errors == [] and console == []
    assert not [path for path in requests if path.endswith("/x")]

    # Structured data and map data still carry exactly what was stored.
    if kind == "partner":  # a partner has a map but no schema.org description
        (data,) = data_blocks(page, "#offer-map-data")
        assert [marker["name"] for marker in data["locations"]] == [PAYLOAD]
    else:
        (ld,) = data_blocks(page, 'script[type="application/ld+json"]')
        assert PAYLOAD in (ld.get("name"), ld.get("headline"))
        assert ld["description"] == PAYLOAD
    if kind == "offer":
        (data,) = data_blocks(page, "#offer-map-data")
        assert [marker["name"] for marker in data["locations"]] == [PAYLOAD]
