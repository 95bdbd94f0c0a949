"""/api/v1/openapi.json documents every operation's parameters and every JSON field of its
answers, 200 and 400 — checked here against real answers of every operation, on both engines
(the views send prebuilt JSON, so only this test proves the documentation right)."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest

from home.factories import RegionPageFactory
from offers_directory.factories import HAMBURG, WINSEN, OfferIndexPageFactory, OfferPageFactory
from search.engine import reset_health
from search.partners import partner_index
from tests.professionals.conftest import network, shared_network  # noqa: F401 - partner data
from tests.search.conftest import build_index

pytestmark = pytest.mark.django_db

OPERATIONS = {
    "/api/v1/offers/": ({"q": "Hebamme", "near": "21423", "radius_km": "50"}, {"page": "0"}),
    "/api/v1/offers/map": ({"bbox": "9.0,53.0,11.0,54.0", "zoom": "8"}, {"bbox": "1,2"}),
    "/api/v1/offers/suggest": ({"q": "Familienheb"}, None),
    "/api/v1/places/suggest": ({"q": "214"}, {"limit": "viele"}),
    "/api/v1/partners/": ({"q": "Hebamme", "near": "21423"}, {"near": "Nirgendwo-Xyz"}),
}


@pytest.fixture
def openapi(client) -> dict[str, Any]:
    return client.get("/api/v1/openapi.json", HTTP_HOST="localhost").json()


def answer_schema(openapi: dict[str, Any], path: str, status: str) -> dict[str, Any]:
    content = openapi["paths"][path]["get"]["responses"][status]["content"]
    return {**content["application/json"]["schema"], "components": openapi["components"]}


def assert_documented(openapi: dict[str, Any], path: str, status: int, data: Any) -> None:
    schema = answer_schema(openapi, path, str(status))
    errors = sorted(
        jsonschema.Draft202012Validator(schema).iter_errors(data), key=lambda e: list(e.path)
    )
    assert not errors, f"{path} {status}: " + "; ".join(
        f"{list(e.path)}: {e.message}" for e in errors[:5]
    )


def untyped_fields(components: dict[str, Any]) -> list[str]:
    """Properties of the documented schemas without a type."""
    untyped = []
    for name, component in components["schemas"].items():
        for field, spec in (component.get("properties") or {}).items():
            if not ({"type", "$ref", "anyOf", "allOf", "const", "enum"} & set(spec)):
                untyped.append(f"{name}.{field}")
    return untyped


def test_every_operation_documents_its_answers(openapi):
    assert set(OPERATIONS) <= set(openapi["paths"])
    for path in OPERATIONS:
        responses = openapi["paths"][path]["get"]["responses"]
        assert {"200", "400"} <= set(responses), path
    assert untyped_fields(openapi["components"]) == []
    # The 400 answer names every code the API uses.
    codes = openapi["components"]["schemas"]["ErrorOut"]["properties"]["code"]["enum"]
    assert {"unknown_place", "page_out_of_range", "invalid_parameters"} <= set(codes)
    parameters = {p["name"]: p for p in openapi["paths"]["/api/v1/offers/"]["get"]["parameters"]}
    assert parameters["page_size"]["schema"]["maximum"] == 100
    # "best" (relevance blended with distance) is the default; both explicit orders stay.
    assert parameters["sort"]["schema"]["enum"] == ["best", "relevance", "distance"]
    assert parameters["sort"]["schema"]["default"] == "best"
    result = openapi["components"]["schemas"]["OfferOut"]["properties"]
    assert result["reaches_you"]["type"] == "boolean"
    assert parameters["category"]["schema"]["type"] == "array"


@pytest.mark.parametrize(
    "engine",
    [
        pytest.param("database", marks=pytest.mark.embedded),
        pytest.param("elasticsearch", marks=pytest.mark.elasticsearch),
    ],
)
def test_real_answers_match_the_documentation(
    client,
    openapi,
    settings,
    monkeypatch,
    network,  # noqa: F811
    engine,
    request,
):
    if engine == "database":
        settings.SEARCH = {**settings.SEARCH, "ELASTICSEARCH_URLS": []}
    else:
        partner_index.rebuild()
    reset_health()
    index = OfferIndexPageFactory(
        parent=RegionPageFactory(title="Landkreis Test", slug="landkreis-test")
    )
    for number in range(3):
        OfferPageFactory(
            parent=index,
            title=f"Familienhebammen Team {number}",
            summary="Hebammenhilfe für Familien.",
            description="Unsere Familienhebammen besuchen Sie zu Hause.",
            locations=[WINSEN, HAMBURG],
            categories=["hebamme"],
            languages=["de"],
        )
    if engine == "elasticsearch":
        build_index()
    for path, (good, bad) in OPERATIONS.items():
        response = client.get(path, good, HTTP_HOST="localhost")
        assert response.status_code == 200, (path, response.content)
        data = response.json()
        if "engine" in data:
            assert data["engine"] == engine
        assert data.get("results") or data.get("points"), path
        assert_documented(openapi, path, 200, data)
        if bad is not None:
            response = client.get(path, bad, HTTP_HOST="localhost")
            assert response.status_code == 400, (path, response.content)
            assert_documented(openapi, path, 400, response.json())
    # Both shapes of the map: points, and clusters when there are many.
    monkeypatch.setattr("search.offers.engines.POINTS_THRESHOLD", 0)
    clusters = client.get("/api/v1/offers/map", {"zoom": "5"}, HTTP_HOST="localhost").json()
    assert clusters["type"] == "clusters" and clusters["clusters"]
    assert_documented(openapi, "/api/v1/offers/map", 200, clusters)
    # A highlight in every field it may have.
    found = client.get("/api/v1/offers/", {"q": "Hebamme"}, HTTP_HOST="localhost").json()
    hit = next(r for r in found["results"] if r["title"].startswith("Familienhebammen Team"))
    assert set(hit["highlights"]) == {"title", "summary", "description"}
