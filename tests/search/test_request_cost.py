"""What a search request costs besides Elasticsearch: no SQL at all on the Elasticsearch path
(facet labels come from a cache the vocabulary's edits invalidate; no middleware touches the
database for an anonymous API request), and labels that follow a rename at once."""

from __future__ import annotations

import pytest

from home.factories import RegionPageFactory
from home.process_copy import reset_all
from offers_directory.factories import (
    WINSEN,
    LanguageFactory,
    OfferIndexPageFactory,
    OfferPageFactory,
    OrganizationPageFactory,
    TaxonomyTermFactory,
)
from search.engine import reset_health
from search.offers.labels import offer_labels
from search.partners import partner_index
from tests.search.conftest import build_index

pytestmark = pytest.mark.django_db

SEARCHES = [
    ("/api/v1/offers/", {"q": "Hebamme"}),
    (
        "/api/v1/offers/",
        {"q": "Hebame", "near": "21423", "category": "hebamme", "sort": "distance"},
    ),
    ("/api/v1/offers/map", {"bbox": "9.0,53.0,11.0,54.0", "zoom": "8"}),
    ("/api/v1/offers/suggest", {"q": "Familienh"}),
    ("/api/v1/partners/", {"q": "Hebamme"}),
]


@pytest.fixture
def offers(db):
    index = OfferIndexPageFactory(
        parent=RegionPageFactory(title="Landkreis Test", slug="landkreis-test")
    )
    provider = OrganizationPageFactory(title="Diakonie Test")
    for number in range(3):
        OfferPageFactory(
            parent=index,
            title=f"Familienhebammen {number}",
            summary="Hebammenhilfe für Familien.",
            locations=[WINSEN],
            categories=["hebamme"],
            languages=["de", "tr"],
            provider=provider,
        )
    return index


@pytest.mark.elasticsearch
@pytest.mark.parametrize(("path", "params"), SEARCHES)
def test_no_sql_per_search_request_on_elasticsearch(
    client, offers, django_assert_num_queries, path, params
):
    build_index()
    partner_index.rebuild()
    reset_health()
    warm = client.get(path, params, HTTP_HOST="localhost")
    assert warm.status_code == 200, warm.content
    with django_assert_num_queries(0):
        response = client.get(path, params, HTTP_HOST="localhost")
    assert response.status_code == 200
    data = response.json()
    assert data.get("engine", "elasticsearch") == "elasticsearch"
    assert response.content == warm.content
    assert "Set-Cookie" not in response.headers and not response.cookies


@pytest.mark.embedded
def test_labels_follow_renames_without_a_query_per_search(
    client, offers, settings, django_assert_max_num_queries
):
    settings.SEARCH = {**settings.SEARCH, "ELASTICSEARCH_URLS": []}
    reset_all()

    def labels(facet: str) -> dict[str, str]:
        data = client.get("/api/v1/offers/", {"q": "Hebamme"}, HTTP_HOST="localhost").json()
        return {item["value"]: item["label"] for item in data["facets"][facet]}

    assert labels("category") == {"hebamme": "Hebamme"}
    offer_labels.get()
    # Loaded once: further searches do not read the vocabularies again.
    with django_assert_max_num_queries(20) as captured:
        labels("category")
    assert not [q for q in captured.captured_queries if "taxonomyterm" in q["sql"].lower()]

    term = TaxonomyTermFactory(code="hebamme")
    term.name = "Familienhebamme"
    term.save()
    language = LanguageFactory(code="tr")
    language.name = "Türkçe"
    language.save()
    provider = offers.get_children().first().specific.provider
    provider.title = "Diakonie Nordheide"
    provider.save_revision().publish()
    assert labels("category") == {"hebamme": "Familienhebamme"}
    assert labels("language")["tr"] == "Türkçe"
    assert labels("provider") == {str(provider.pk): "Diakonie Nordheide"}


@pytest.mark.embedded
def test_another_process_reloads_after_an_edit_through_the_shared_generation(offers):
    from django.core.cache import cache

    reset_all()
    before = offer_labels.get()["category"]["hebamme"]
    # What another process's edit leaves behind: the generation moved on, the row changed
    # (written here without signals, so only the generation can tell).
    from offers_directory.models import TaxonomyTerm

    TaxonomyTerm.objects.filter(code="hebamme").update(name="Hebammenhilfe")
    assert offer_labels.get()["category"]["hebamme"] == before
    cache.set(offer_labels.generation_key, "elsewhere", None)
    assert offer_labels.get()["category"]["hebamme"] == "Hebammenhilfe"
