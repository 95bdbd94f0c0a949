"""The HSDS API's query parameters: bad values answer 400 with a code and a German message
(never a 500), the OpenAPI document describes what the views read, and schemathesis, seeded
and bounded, finds no answer that contradicts it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.config import SchemathesisConfig

from offers_directory.factories import WINSEN, OfferPageFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("query", "code", "field"),
    [
        ("page=10000000000000000000", "invalid_integer", "page"),
        ("page=²", "invalid_integer", "page"),
        ("page=٣", "invalid_integer", "page"),
        ("page=0", "invalid_integer", "page"),
        ("per_page=501", "invalid_integer", "per_page"),
        ("per_page=" + "9" * 5000, "invalid_integer", "per_page"),
        ("modified_after=2024-02-30", "invalid_datetime", "modified_after"),
        ("modified_after=2024-01-01T25:00:00", "invalid_datetime", "modified_after"),
        ("modified_after=2024-01-01T10:00:00%2B99:00", "invalid_datetime", "modified_after"),
        ("search=" + "x" * 10_000, "text_too_long", "search"),
        ("search=a%00b", "invalid_characters", "search"),
    ],
)
@pytest.mark.parametrize("endpoint", ["services", "service_at_locations"])
def test_bad_parameters_answer_400_with_a_code(client, endpoint, query, code, field):
    response = client.get(f"/api/hsds/{endpoint}?{query}")
    assert response.status_code == 400
    body = response.json()
    assert (body["code"], body["field"]) == (code, field)
    assert body["message"] and body["detail"] == body["message"]
    assert response["Access-Control-Allow-Origin"] == "*"


def test_messages_are_german(client):
    body = client.get("/api/hsds/taxonomies?page=²").json()
    assert body["message"] == "„page“ muss eine ganze Zahl zwischen 1 und 100000 sein."
    body = client.get("/api/hsds/services?minimal=vielleicht").json()
    assert (body["code"], body["message"]) == (
        "invalid_boolean",
        "„minimal“ muss „true“ oder „false“ sein.",
    )


def test_good_dates_and_repeated_parameters_still_work(client, offer_tree):
    OfferPageFactory(parent=offer_tree.offers, locations=[WINSEN])
    for query in (
        "modified_after=2000-01-01",
        "modified_after=2000-01-01T00:00:00Z",
        "modified_after=2000-01-01T00:00:00+01:00",
        # An offset PostgreSQL refuses (beyond ±15:59) is the same instant in UTC.
        "modified_after=2000-01-01T00:00:00-21:37",
        "page=2&page=1",
    ):
        response = client.get(f"/api/hsds/services?{query}")
        assert response.status_code == 200, query
        assert response.json()["total_items"] == 1, query
    later = client.get("/api/hsds/services?modified_after=2999-01-01").json()
    assert later["total_items"] == 0


def test_ids_longer_than_any_stored_are_not_found(client):
    response = client.get("/api/hsds/services/" + "x" * 256)
    assert response.status_code == 404


def test_openapi_document_lists_what_the_views_read(client):
    document = client.get("/api/hsds/openapi.json").json()
    services = document["paths"]["/services"]["get"]
    names = [p["name"] for p in services["parameters"]]
    assert names == [
        "page",
        "per_page",
        "search",
        "taxonomy_term_id",
        "taxonomy_id",
        "organization_id",
        "modified_after",
        "postcode",
        "minimal",
        "full",
    ]
    page = services["parameters"][0]["schema"]
    assert (page["minimum"], page["maximum"]) == (1, 100_000)
    assert set(services["responses"]) == {"200", "400"}


@pytest.fixture
def wsgi_app() -> Iterator[Any]:
    """The site as a WSGI application inside the test's transaction: Django closes the
    database connection after each request otherwise (its test client does the same)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def hsds_api(offer_tree, wsgi_app):
    OfferPageFactory(parent=offer_tree.offers, locations=[WINSEN], provider=offer_tree.provider)
    return schemathesis.openapi.from_wsgi("/api/hsds/openapi.json", wsgi_app)


# Few examples per operation (every operation gets its own), a fixed seed, no shrinking:
# repeatable and short.
EXAMPLES = settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    phases=(Phase.explicit, Phase.generate),
    suppress_health_check=list(HealthCheck),
)


def assert_answers_as_documented(api: Any, operation_count: int) -> None:
    """Every operation of the document, each with its own examples (so none goes untested)."""
    operations = [result.ok() for result in api.get_all_operations()]
    assert len(operations) == operation_count
    for operation in operations:

        @EXAMPLES
        @given(case=operation.as_strategy())
        def answers_as_documented(case) -> None:
            case.call_and_validate()

        answers_as_documented()


def test_hsds_api_answers_as_documented(hsds_api):
    assert_answers_as_documented(hsds_api, 11)


# The search API refuses combinations that no schema of a single query parameter can express
# (lat without lon, a place the gazetteer does not know, sort=distance without a place, a bbox
# whose south lies north of its north): a schema-valid request may answer 400, which must
# still be the documented ErrorOut; a 5xx never.
SEARCH_API_CONFIG = SchemathesisConfig.from_dict(
    {"checks": {"positive_data_acceptance": {"expected-statuses": ["2xx", "400", "404"]}}}
)


def test_search_api_answers_as_documented(offer_tree, wsgi_app):
    OfferPageFactory(parent=offer_tree.offers, locations=[WINSEN])
    api = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", wsgi_app, config=SEARCH_API_CONFIG)
    assert_answers_as_documented(api, 5)
