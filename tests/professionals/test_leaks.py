"""Protected data (contact persons not marked public, direct lines, internal notes) never
reaches an anonymous request: HTML pages, the JSON and HSDS APIs, exports, the public search
indices, the sitemap, feeds, the Merkliste handout, and cached pages."""

from __future__ import annotations

import io
import json

from django.core.management import call_command
from django.test import Client

import pytest

from search import partners as partner_search
from search.client import get_client
from search.offers.index import offer_index
from tests.professionals.protected import (
    MARKERS,
    NOTES,
    OFFER_CONTACT,
    PARTNER_CONTACT,
    assert_no_markers,
)

pytestmark = pytest.mark.django_db


def anonymous_surfaces(client: Client, network) -> dict[str, str]:
    offer = network.offers[0]
    partner = network.partners["familienzentrum"]
    ids = ",".join(str(o.pk) for o in network.offers)
    urls = {
        "directory": "/fachkraefte/",
        "directory search": "/fachkraefte/?q=Familienzentrum&near=21423",
        "directory (en)": "/en/fachkraefte/",
        "partner page": partner.get_absolute_url(),
        "working groups": "/fachkraefte/netzwerk/",
        "working group": "/fachkraefte/netzwerk/ag-nord/",
        "documents": "/fachkraefte/dokumente/",
        "offer page": offer.url,
        "offer print view": f"{offer.url}?print=1",
        "provider page": network.provider.url,
        "partners API": "/api/v1/partners/?q=Familienzentrum",
        "offers API": "/api/v1/offers/?q=Familienhebammen",
        "offers map API": "/api/v1/offers/map",
        "HSDS services": "/api/hsds/services",
        "HSDS organizations": "/api/hsds/organizations",
        "HSDS service_at_locations": "/api/hsds/service_at_locations",
        "sitemap": "/sitemap.xml",
        "news feed": "/feeds/aktuelles.rss",
        "events feed": "/feeds/termine.ics",
        "handout": f"/merkliste/?ids={ids}",
    }
    pages = {name: client.get(url) for name, url in urls.items()}
    for name, response in pages.items():
        assert response.status_code == 200, f"{name}: HTTP {response.status_code}"
    texts = {name: response.content.decode() for name, response in pages.items()}
    # Every HSDS record the lists name, one by one.
    services = json.loads(texts["HSDS services"])["contents"]
    for service in services:
        texts[f"HSDS service {service['id']}"] = client.get(
            f"/api/hsds/services/{service['id']}"
        ).content.decode()
    organizations = json.loads(texts["HSDS organizations"])["contents"]
    for organization in organizations:
        texts[f"HSDS organization {organization['id']}"] = client.get(
            f"/api/hsds/organizations/{organization['id']}"
        ).content.decode()
    assert services and organizations
    return texts


@pytest.mark.embedded
def test_no_protected_data_in_any_anonymous_response(client, network):
    texts = anonymous_surfaces(client, network)
    # The surfaces are the right ones: they show the public data.
    assert "Familienzentrum Winsen" in texts["partner page"]
    assert "Familienhebammen Winsen" in texts["offer page"]
    for name, text in texts.items():
        assert_no_markers(text, name)


@pytest.mark.embedded
def test_professionals_see_what_anonymous_visitors_do_not(pro_client, network):
    partner_html = pro_client.get(network.partners["familienzentrum"].get_absolute_url())
    offer_html = pro_client.get(network.offers[0].url)
    assert PARTNER_CONTACT in partner_html.content.decode()
    assert NOTES in partner_html.content.decode()
    assert OFFER_CONTACT in offer_html.content.decode()
    # Responses for a logged-in user are never stored by shared caches.
    for response in (partner_html, offer_html):
        assert "private" in response["Cache-Control"]
        assert "no-store" in response["Cache-Control"]
        assert "Cookie" in response["Vary"]


@pytest.mark.embedded
def test_handout_never_carries_protected_contacts_even_for_professionals(pro_client, network):
    ids = ",".join(str(o.pk) for o in network.offers)
    html = pro_client.get(f"/merkliste/?ids={ids}").content.decode()
    assert "Petra Oeffentlich" in html  # the public contact person is on it
    assert_no_markers(html, "handout for a professional")
    from pypdf import PdfReader

    pdf = pro_client.get(f"/merkliste/handout.pdf?ids={ids}").content
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Familienhebammen Winsen" in text
    assert_no_markers(text, "handout PDF")


@pytest.mark.embedded
def test_exports_leave_protected_contacts_out(network, tmp_path):
    for fmt in ("hsds", "csv"):
        target = tmp_path / f"export.{fmt}"
        call_command("export_offers", "--format", fmt, "--output", str(target))
        text = target.read_text(encoding="utf-8")
        assert "Familienhebammen Winsen" in text
        assert_no_markers(text, f"export_offers --format {fmt}")


@pytest.mark.embedded
def test_cached_pages_do_not_hand_a_professionals_view_to_anonymous_visitors(
    client, network, professional, settings
):
    """With Django's whole-site cache switched on, a page first rendered for a professional
    must not be served from the cache to the next anonymous visitor."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "leak-test",
        }
    }
    settings.MIDDLEWARE = [
        "django.middleware.cache.UpdateCacheMiddleware",
        *settings.MIDDLEWARE,
        "django.middleware.cache.FetchFromCacheMiddleware",
    ]
    settings.CACHE_MIDDLEWARE_SECONDS = 600
    from django.core.cache import cache

    cache.clear()
    urls = [network.partners["familienzentrum"].get_absolute_url(), network.offers[0].url]
    pro = Client()
    pro.force_login(professional)
    for url in urls:
        assert any(m in pro.get(url).content.decode() for m in MARKERS)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200
        assert_no_markers(response.content.decode(), f"cached {url}")
    # The anonymous page itself may be cached, and the cache then serves it without markers.
    again = client.get(urls[0])
    assert_no_markers(again.content.decode(), "cached anonymous page")


@pytest.mark.elasticsearch
def test_public_search_indices_hold_no_protected_data(network):
    """The documents themselves, read straight from Elasticsearch."""
    offer_index.rebuild()
    partner_search.rebuild()
    client = get_client()
    client.indices.refresh(index=f"{offer_index.alias()},{partner_search.alias_name()}")
    offers = client.search(index=offer_index.alias(), size=1000).body["hits"]["hits"]
    partners = partner_search.all_documents()
    assert {hit["_source"]["title"] for hit in offers} >= {o.title for o in network.offers}
    assert {doc["name"] for doc in partners} == {p.name for p in network.partners.values()}
    raw = json.dumps([hit["_source"] for hit in offers] + partners, ensure_ascii=False)
    assert_no_markers(raw, "the public search indices")
    # And the search itself, through Elasticsearch: a protected name finds nothing.
    params = partner_search.parse_partner_params(_query(q=PARTNER_CONTACT))
    assert partner_search.ElasticsearchPartnerEngine().search(params)["count"] == 0


def _query(**params):
    from tests.search.conftest import query

    return query(params)
