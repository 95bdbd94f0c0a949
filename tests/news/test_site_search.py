"""The site search page: German results, the query highlighted, pagination; on the database
backend (the embedded default) and on Elasticsearch through search.site_search.wagtail_backend."""

import datetime
import io
import logging

from django.core.management import call_command

import pytest
from bs4 import BeautifulSoup

from news.factories import NewsPageFactory
from news.models import NewsPage
from tests.demo_pages import news_index


def pages_on_elasticsearch(settings, server: str, prefix: str):
    """Wagtail's page search on the test server (the database backend beside it, as in
    production), and the backend."""
    from wagtail.search.backends import get_search_backend

    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.site_search.wagtail_backend",
            "URLS": [server],
            "INDEX_PREFIX": f"{prefix}pages_",
            "TIMEOUT": 30,
        },
        "database": {"BACKEND": "search.site_search.database_backend"},
    }
    return get_search_backend()


def _results(response) -> list:
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    return soup.select("ol.search-results > li")


@pytest.mark.django_db
@pytest.mark.embedded
def test_results_are_german_highlighted_and_paginated(client, demo):
    index = news_index("landkreis-harburg")
    for number in range(13):
        NewsPageFactory(
            parent=index,
            title=f"Babylotsinnen Bericht {number}",
            date=datetime.date(2026, 1, 1 + number),
            teaser=f"Die Babylotsinnen berichten zum {number}. Mal aus der Klinik.",
        )
    response = client.get("/suche/", {"q": "Babylotsinnen"})
    assert response.status_code == 200
    html = response.content.decode()
    total = response.context["results_page"].paginator.count
    assert total >= 13
    assert f"{total} Ergebnisse für „Babylotsinnen“" in html
    assert "Seite 1 von 2" in html
    first = _results(response)
    assert len(first) == 10
    # Each result: the title as link, type/date/region, and an excerpt with the term marked.
    news_hits = [li for li in first if "Meldung" in li.select_one(".search-result__meta").text]
    assert news_hits
    hit = news_hits[0]
    assert hit.select_one("h2 a")["href"].startswith("/netzwerk/")
    assert "Landkreis Harburg" in hit.select_one(".search-result__meta").text
    assert [m.text for m in hit.select(".search-result__excerpt mark")][0] == "Babylotsinnen"
    # Page 2 keeps the query and holds the rest.
    assert 'href="?q=Babylotsinnen&amp;page=2"' in html
    second = client.get("/suche/", {"q": "Babylotsinnen", "page": 2})
    assert len(_results(second)) == total - 10
    first_titles = {li.select_one("h2 a").text for li in first}
    assert first_titles.isdisjoint({li.select_one("h2 a").text for li in _results(second)})
    assert client.get("/suche/", {"q": "Babylotsinnen", "page": "x"}).status_code == 200


@pytest.mark.django_db
@pytest.mark.embedded
def test_no_results_and_empty_query_are_german(client, demo):
    html = client.get("/suche/", {"q": "Quantenchromodynamik"}).content.decode()
    assert "Keine Ergebnisse für „Quantenchromodynamik“." in html
    html = client.get("/suche/").content.decode()
    assert "Website durchsuchen" in html and "search-results" not in html


@pytest.mark.django_db
@pytest.mark.embedded
def test_highlighting_escapes_page_text(client, demo):
    NewsPageFactory(
        parent=news_index("heidekreis"),
        title="Sicherheitsbericht",
        date=datetime.date(2026, 2, 2),
        teaser="Kinderschutz <script>alert('x')</script> & Frühe Hilfen",
    )
    html = client.get("/suche/", {"q": "Sicherheitsbericht"}).content.decode()
    assert "<script>alert('x')</script>" not in html
    assert "&lt;script&gt;" in html


def test_highlight_helpers():
    from search.site_search.highlighting import excerpt, highlight, query_terms

    assert query_terms("Netz Netzwerktag a netz") == ["Netzwerktag", "Netz"]
    assert str(highlight("Netzwerktag im Netz", ["Netz"])) == (
        "<mark>Netz</mark>werktag im <mark>Netz</mark>"
    )
    assert str(highlight("Nachhilfe & Hilfen", ["Hilfe"])) == "Nachhilfe &amp; <mark>Hilfe</mark>n"
    long_text = "Vorwort " * 40 + "Der Fachtag fand statt. " + "Nachwort " * 40
    snippet = str(excerpt(long_text, ["Fachtag"]))
    assert snippet.startswith("… ") and snippet.endswith(" …")
    assert "<mark>Fachtag</mark>" in snippet and len(snippet) < 300


@pytest.mark.django_db
@pytest.mark.elasticsearch
def test_site_search_on_elasticsearch(client, settings, es_settings, elasticsearch_server):
    """Wagtail's page index on the real (minimal) Elasticsearch: index creation works without
    analysis-common, and /suche/ finds a news item there."""
    from demo.site import load_demo_content

    backend = pages_on_elasticsearch(settings, elasticsearch_server, es_settings)
    assert type(backend).__name__ == "CoreAnalysisSearchBackend"
    load_demo_content()
    item = NewsPageFactory(
        parent=news_index("landkreis-boerde"),
        title="Familienhebammen in Oschersleben",
        date=datetime.date(2026, 11, 2),
        teaser="Die Familienhebammen beraten jetzt auch in Oschersleben.",
    )
    call_command("update_index", stdout=None)
    backend.get_index_for_model(NewsPage).refresh()
    response = client.get("/suche/", {"q": "Oschersleben"})
    assert response.status_code == 200
    results = _results(response)
    titles = [li.select_one("h2 a").text for li in results]
    assert item.title in titles
    hit = results[titles.index(item.title)]
    assert "<mark>Oschersleben</mark>" in str(hit.select_one(".search-result__excerpt"))
    # The documents really live in Elasticsearch, not in the database fallback.
    es = backend.es
    names = list(es.indices.get(index=f"{es_settings}pages_*"))
    assert names, "no page index was created"
    found = es.search(index=names, query={"match": {"title": "Oschersleben"}})
    assert found["hits"]["total"]["value"] >= 1
    # A query that only the demo's news matches, and a hostile one.
    assert (
        "Netzwerktag Frühe Hilfen in Winsen (Luhe)"
        in client.get("/suche/", {"q": "Netzwerktag"}).content.decode()
    )
    assert client.get("/suche/", {"q": '"unclosed ( AND'}).status_code == 200


@pytest.mark.django_db
@pytest.mark.elasticsearch
def test_a_lost_page_index_is_not_recreated_by_a_save_but_rebuilt_by_the_worker(
    client, settings, es_settings, elasticsearch_server
):
    """Elasticsearch restarted without its data: an editor's save neither fails nor creates
    the page index with a guessed mapping; /suche/ answers from the database meanwhile, and
    the queue worker rebuilds the index with Wagtail's mapping."""
    from demo.site import load_demo_content

    backend = pages_on_elasticsearch(settings, elasticsearch_server, es_settings)
    load_demo_content()
    call_command("update_index", stdout=None)
    index = backend.get_index_for_model(NewsPage)
    built_mapping = backend.es.indices.get_mapping(index=index.name)
    backend.es.indices.delete(index=",".join(backend.es.indices.get(index=index.name)))

    item = NewsPageFactory(
        parent=news_index("heidekreis"),
        title="Notfallplan Kinderschutz",
        date=datetime.date(2026, 3, 3),
        teaser="Der Notfallplan gilt ab März im ganzen Landkreis.",
    )
    assert NewsPage.objects.filter(pk=item.pk).exists()
    assert not backend.es.indices.exists(index=index.name), "a save created the index"
    response = client.get("/suche/", {"q": "Notfallplan"})
    assert response.status_code == 200
    assert [li.select_one("h2 a").text for li in _results(response)] == [item.title]

    out = io.StringIO()
    call_command("search_index", "--process-queue", stdout=out)
    assert f"The page index {index.name} was missing; rebuilt" in out.getvalue()
    index.refresh()
    rebuilt_mapping = backend.es.indices.get_mapping(index=index.name)
    assert list(rebuilt_mapping.values())[0] == list(built_mapping.values())[0]
    found = backend.es.search(index=index.name, query={"match": {"title": "Notfallplan"}})
    assert found["hits"]["total"]["value"] == 1


@pytest.mark.django_db
@pytest.mark.embedded
def test_site_search_answers_from_the_database_while_elasticsearch_is_down(
    client, settings, demo, caplog
):
    """Elasticsearch configured but not answering: /suche/ answers 200 from Wagtail's
    database backend (kept up to date alongside), behind the search's circuit breaker."""
    from search import client as search_client
    from search.engine import reset_health
    from tests.services.elasticsearch import free_ports

    item = NewsPageFactory(
        parent=news_index("heidekreis"),
        title="Notfallplan Kinderschutz",
        date=datetime.date(2026, 3, 3),
        teaser="Der Notfallplan gilt ab März im ganzen Landkreis.",
    )
    dead = f"http://127.0.0.1:{free_ports(1)[0]}"
    settings.SEARCH = {
        **settings.SEARCH,
        "ELASTICSEARCH_URLS": [dead],
        "TIMEOUT": 2,
        "MAX_RETRIES": 0,
        "RETRY_AFTER_SECONDS": 3600,
    }
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.site_search.wagtail_backend",
            "URLS": [dead],
            "INDEX_PREFIX": "test_dead_pages_",
            "TIMEOUT": 2,
        },
        "database": {"BACKEND": "search.site_search.database_backend"},
    }
    search_client.reset_client()
    reset_health()
    caplog.set_level(logging.WARNING, logger="search")
    try:
        response = client.get("/suche/", {"q": "Notfallplan"})
        assert response.status_code == 200
        hits = _results(response)
        assert [li.select_one("h2 a").text for li in hits] == [item.title]
        assert "<mark>Notfallplan</mark>" in str(hits[0].select_one(".search-result__excerpt"))
        warnings = [r for r in caplog.records if "did not answer" in r.getMessage()]
        assert len(warnings) == 1 and "pages" in warnings[0].getMessage()
        # While the breaker is open the database answers without asking Elasticsearch.
        caplog.clear()
        again = client.get("/suche/", {"q": "Notfallplan", "page": 1})
        assert again.status_code == 200 and len(_results(again)) == 1
        assert not [r for r in caplog.records if "did not answer" in r.getMessage()]
    finally:
        search_client.reset_client()
        reset_health()
