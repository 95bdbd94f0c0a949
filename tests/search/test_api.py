"""The public search API: contract, validation (400 with German message and code), and
hostile input, on the database engine and through the real Elasticsearch."""

from __future__ import annotations

import pytest

from home.factories import RegionPageFactory
from offers_directory.factories import (
    HAMBURG,
    LUENEBURG,
    MUENCHEN,
    WINSEN,
    OfferIndexPageFactory,
    OfferPageFactory,
)
from offers_directory.geo import haversine_km
from search.engine import reset_health
from tests.search.conftest import build_index
from tests.shared_data import shared_fixtures

pytestmark = pytest.mark.django_db


def build_small():
    index = OfferIndexPageFactory(
        parent=RegionPageFactory(title="Landkreis Test", slug="landkreis-test")
    )
    OfferPageFactory(
        parent=index,
        title="Familienhebammen im Landkreis",
        summary="Hebammenhilfe für Familien.",
        locations=[WINSEN, HAMBURG],
        categories=["hebamme"],
        languages=["de"],
    )
    OfferPageFactory(
        parent=index,
        title="Kindertagesstätte Sonnenschein",
        locations=[LUENEBURG],
        categories=["kita"],
    )
    return index


shared_small, small = shared_fixtures(
    "small", build_small, doc="Two offers (built once per module)."
)


@pytest.fixture(params=["database", pytest.param("elasticsearch", marks=pytest.mark.elasticsearch)])
def api(request, small, client, settings):
    if request.param == "database":
        settings.SEARCH = {**settings.SEARCH, "ELASTICSEARCH_URLS": []}
    else:
        build_index()
    reset_health()

    def get(path: str, **params):
        return client.get(path, params, HTTP_HOST="localhost")

    get.engine = request.param
    return get


def test_offers_contract(api):
    response = api("/api/v1/offers/", q="Hebamme", near="21423", radius_km="30", sort="distance")
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["engine"] == api.engine
    assert set(data) >= {"count", "engine", "location", "results", "facets"}
    assert data["location"]["label"] and data["location"]["latitude"]
    hit = data["results"][0]
    assert set(hit) >= {
        "id",
        "source_id",
        "title",
        "url",
        "summary",
        "distance_km",
        "nearest_location",
        "locations",
        "categories",
        "languages",
        "free",
        "highlights",
    }
    assert set(hit["nearest_location"]) >= {
        "latitude",
        "longitude",
        "address",
        "postal_code",
        "city",
    }
    assert (
        hit["nearest_location"]["latitude"],
        hit["nearest_location"]["longitude"],
    ) == WINSEN.point
    assert set(data["facets"]) >= {
        "category",
        "language",
        "age_group",
        "free",
        "accessible",
        "region",
        "provider",
    }
    assert {"value", "label", "count"} <= set(data["facets"]["category"][0])


def test_repeated_parameters_select_several_values(api):
    data = api("/api/v1/offers/", category=["hebamme", "kita"]).json()
    assert data["count"] == 2
    assert api("/api/v1/offers/", category="kita").json()["count"] == 1


def test_map_and_place_suggestions(api):
    data = api("/api/v1/offers/map", bbox="9.0,53.0,11.0,54.0", zoom="8").json()
    assert data["engine"] == api.engine
    assert data["type"] == "points" and len(data["points"]) == 3
    places = api("/api/v1/places/suggest", q="2142").json()["results"]
    assert places and all(p["postal_code"].startswith("2142") for p in places)
    offers = api("/api/v1/offers/suggest", q="Kinderta").json()["results"]
    assert [o["title"] for o in offers] == ["Kindertagesstätte Sonnenschein"]


def test_title_suggestions_prefer_offers_near_the_family(api, small):
    """The finder's script sends the place already entered: the nearest offers come first,
    on both engines alike."""
    for town in (MUENCHEN, HAMBURG, WINSEN):
        OfferPageFactory(parent=small, title=f"Elternberatung {town.city}", locations=[town])
    if api.engine == "elasticsearch":
        build_index()

    def titles(**place):
        response = api("/api/v1/offers/suggest", q="Elternber", **place)
        assert response.status_code == 200, response.content
        return [o["title"] for o in response.json()["results"]]

    everywhere = titles()
    assert sorted(everywhere) == sorted(
        f"Elternberatung {t.city}" for t in (MUENCHEN, HAMBURG, WINSEN)
    )
    assert titles(near="80331") == [
        "Elternberatung München",
        "Elternberatung Winsen (Luhe)",
        "Elternberatung Hamburg",
    ]
    assert titles(near="Winsen (Luhe)")[0] == "Elternberatung Winsen (Luhe)"
    assert titles(lat=HAMBURG.latitude, lon=HAMBURG.longitude)[0] == "Elternberatung Hamburg"
    # A place that cannot be resolved only loses the preference.
    assert sorted(titles(near="Neustadt")) == sorted(everywhere)


def test_place_suggestions_prefer_the_region_of_the_page(client, small, settings):
    settings.SEARCH = {**settings.SEARCH, "ELASTICSEARCH_URLS": []}
    RegionPageFactory(title="Landkreis Harburg", slug="landkreis-harburg")

    def places(**params):
        response = client.get("/api/v1/places/suggest", params, HTTP_HOST="localhost")
        assert response.status_code == 200, response.content
        return response.json()["results"]

    anywhere = places(q="Neu", limit=5)
    in_harburg = places(q="Neu", limit=3, region="landkreis-harburg")
    harburg = (53.32, 9.97)
    assert min(haversine_km(*harburg, p["latitude"], p["longitude"]) for p in anywhere) > 50
    assert all(haversine_km(*harburg, p["latitude"], p["longitude"]) < 50 for p in in_harburg)
    # The family's own place wins over the page's region; an unknown region changes nothing.
    near_munich = places(q="Neu", limit=3, near="80331", region="landkreis-harburg")
    assert all(haversine_km(48.14, 11.58, p["latitude"], p["longitude"]) < 50 for p in near_munich)
    assert places(q="Neu", limit=5, region="gibt-es-nicht") == anywhere


BAD_REQUESTS = [
    ({"near": "Xyzzyhausen an der Quatsch"}, "unknown_place"),
    ({"radius_km": "-5", "lat": "53.3", "lon": "10.2"}, "invalid_radius"),
    ({"radius_km": "5000", "lat": "53.3", "lon": "10.2"}, "radius_too_large"),
    ({"radius_km": "abc"}, "invalid_radius"),
    ({"bbox": "1,2,3"}, "invalid_bbox"),
    ({"bbox": "10,54,9,53"}, "invalid_bbox"),
    ({"bbox": "a,b,c,d"}, "invalid_bbox"),
    ({"page_size": "101"}, "page_size_too_large"),
    ({"page": "600", "page_size": "20"}, "page_out_of_range"),
    ({"page": "0"}, "invalid_page"),
    ({"lat": "95", "lon": "10"}, "invalid_coordinates"),
    ({"lat": "53"}, "invalid_coordinates"),
    ({"sort": "price"}, "invalid_sort"),
    ({"age_months": "-1"}, "invalid_age"),
    ({"free": "vielleicht"}, "invalid_boolean"),
]


@pytest.mark.parametrize(("params", "code"), BAD_REQUESTS)
def test_bad_input_answers_400_with_german_message_and_code(client, small, settings, params, code):
    settings.SEARCH = {**settings.SEARCH, "ELASTICSEARCH_URLS": []}
    response = client.get("/api/v1/offers/", params, HTTP_HOST="localhost")
    assert response.status_code == 400
    data = response.json()
    assert data["code"] == code
    assert data["message"] and data["field"]
    # German: umlauts or typical German words in the message.
    assert any(
        word in data["message"]
        for word in (
            "Bitte",
            "muss",
            "darf",
            "höchstens",
            "Es können",
            "Der",
            "Die",
            "Den",
            "Das",
            "Sortierung",
            "„",
        )
    )


def test_unknown_place_comes_with_suggestions(client, small, settings):
    settings.SEARCH = {**settings.SEARCH, "ELASTICSEARCH_URLS": []}
    response = client.get("/api/v1/offers/", {"near": "Winsen Luhexx"}, HTTP_HOST="localhost")
    assert response.status_code == 400
    data = response.json()
    assert data["code"] == "unknown_place"
    assert any("Winsen" in s["label"] for s in data["suggestions"])


def test_an_ambiguous_place_name_is_asked_about_never_picked(client, small, settings):
    """ "Neustadt" names dozens of places: the API answers 400 with the candidates (name,
    county, postcode); each candidate's `near` picks exactly that place."""
    settings.SEARCH = {**settings.SEARCH, "ELASTICSEARCH_URLS": []}
    response = client.get("/api/v1/offers/", {"near": "Neustadt"}, HTTP_HOST="localhost")
    assert response.status_code == 400
    data = response.json()
    assert data["code"] == "ambiguous_place"
    assert data["field"] == "near"
    candidates = data["candidates"]
    assert len(candidates) >= 5
    assert all(c["name"].startswith("Neustadt") for c in candidates)
    assert all(c["county"] and len(c["postal_code"]) == 5 for c in candidates)
    assert len({c["postal_code"] for c in candidates}) == len(candidates)
    assert len({(c["name"], c["county"]) for c in candidates}) == len(candidates)
    assert data["errors"][0]["candidates"] == candidates
    for candidate in candidates[:3]:
        picked = client.get("/api/v1/offers/", {"near": candidate["near"]}, HTTP_HOST="localhost")
        assert picked.status_code == 200
        location = picked.json()["location"]
        assert candidate["postal_code"] in location["label"]
        assert abs(location["latitude"] - candidate["latitude"]) < 0.1


@pytest.mark.parametrize("near", ["Winsen (Luhe)", "21423", "21423 Winsen", "Hamburg", "München"])
def test_a_clear_place_or_a_postcode_is_searched_as_before(client, small, settings, near):
    settings.SEARCH = {**settings.SEARCH, "ELASTICSEARCH_URLS": []}
    response = client.get("/api/v1/offers/", {"near": near}, HTTP_HOST="localhost")
    assert response.status_code == 200, response.json()
    assert response.json()["location"]["label"]


def test_offers_carry_a_distance_label(client, small, settings):
    settings.SEARCH = {**settings.SEARCH, "ELASTICSEARCH_URLS": []}
    at_winsen = {"lat": WINSEN.latitude, "lon": WINSEN.longitude, "radius_km": 50}
    results = client.get("/api/v1/offers/", at_winsen, HTTP_HOST="localhost").json()["results"]
    labels = {r["title"]: (r["distance_km"], r["distance_label"]) for r in results}
    assert labels["Familienhebammen im Landkreis"] == (0.0, "am Ort")
    km, label = labels["Kindertagesstätte Sonnenschein"]
    assert label == f"{km:.1f} km entfernt".replace(".", ",")


HOSTILE = [
    '"Hebamme" AND (x OR y) NOT z~2 title:* \\ / [1 TO 5] {"match_all": {}}',
    "<script>alert(1)</script> Hebamme",
    "*:*",
    "Hebamme " * 2000,
    "' OR 1=1 --",
    "\u202e Hebamme\u202c",
    "((((((((((((((((((((",
    "a" * 10000,
]


@pytest.mark.parametrize("q", HOSTILE)
def test_query_syntax_markup_and_long_input_are_just_text(api, q):
    response = api("/api/v1/offers/", q=q)
    assert response.status_code == 200
    data = response.json()
    for hit in data["results"]:
        for value in hit["highlights"].values():
            assert "<script>" not in value
    if q.startswith("Hebamme "):
        assert data["count"] == 1


def test_openapi_describes_the_endpoints(client):
    schema = client.get("/api/v1/openapi.json", HTTP_HOST="localhost").json()
    assert {"/api/v1/offers/", "/api/v1/offers/map", "/api/v1/places/suggest"} <= set(
        schema["paths"]
    )
    names = {p["name"] for p in schema["paths"]["/api/v1/offers/"]["get"]["parameters"]}
    assert {"q", "near", "radius_km", "bbox", "category", "page_size", "sort"} <= names


MAP_BAD_REQUESTS = [
    ({"bbox": "9,53,10"}, "invalid_bbox"),
    ({"bbox": "9,53,10,54", "zoom": "40"}, "invalid_zoom"),
    ({"bbox": "9,53,10,54", "radius_km": "0", "lat": "53", "lon": "10"}, "invalid_radius"),
]


@pytest.mark.parametrize(("params", "code"), MAP_BAD_REQUESTS)
def test_map_validates_like_the_list(client, small, settings, params, code):
    settings.SEARCH = {**settings.SEARCH, "ELASTICSEARCH_URLS": []}
    response = client.get("/api/v1/offers/map", params, HTTP_HOST="localhost")
    assert response.status_code == 400
    assert response.json()["code"] == code


def test_the_last_page_inside_the_window_is_allowed(client, small, settings):
    settings.SEARCH = {**settings.SEARCH, "ELASTICSEARCH_URLS": []}
    inside = client.get(
        "/api/v1/offers/", {"page": "100", "page_size": "100"}, HTTP_HOST="localhost"
    )
    assert inside.status_code == 200
    assert inside.json()["results"] == []
    beyond = client.get(
        "/api/v1/offers/", {"page": "101", "page_size": "100"}, HTTP_HOST="localhost"
    )
    assert beyond.status_code == 400
    assert beyond.json()["code"] == "page_out_of_range"
    assert "10.000" in beyond.json()["message"]


def test_type_errors_in_other_parameters_answer_400_in_german(client, small, settings):
    settings.SEARCH = {**settings.SEARCH, "ELASTICSEARCH_URLS": []}
    response = client.get(
        "/api/v1/places/suggest", {"q": "214", "limit": "viele"}, HTTP_HOST="localhost"
    )
    assert response.status_code == 400
    data = response.json()
    assert data["code"] == "invalid_parameters"
    assert data["message"] == "Die Anfrage enthält ungültige Parameter."


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/api/v1/offers/", "q"),
        ("/api/v1/offers/", "near"),
        ("/api/v1/offers/map", "category"),
        ("/api/v1/offers/suggest", "q"),
        ("/api/v1/places/suggest", "q"),
        ("/api/v1/partners/", "q"),
    ],
)
def test_control_characters_answer_400_in_the_search_answers_shape(client, path, name):
    """The site refuses control characters in every parameter before any view (params/): a
    NUL byte is no text PostgreSQL can compare. The answer has the search API's shape."""
    response = client.get(path, {name: "\x00\x1f\u202e Hebamme"}, HTTP_HOST="localhost")
    assert response.status_code == 400
    data = response.json()
    assert (data["code"], data["field"]) == ("invalid_characters", name)
    assert data["errors"] == [
        {"code": "invalid_characters", "field": name, "message": data["message"]}
    ]
    assert data["message"] == "Die Adresse enthält Zeichen, die nicht erlaubt sind."


@pytest.mark.parametrize("q", HOSTILE)
def test_hostile_input_in_suggestions_and_place_is_just_text(api, q):
    assert api("/api/v1/offers/suggest", q=q).status_code == 200
    assert api("/api/v1/places/suggest", q=q).status_code == 200
    response = api("/api/v1/offers/", near=q)
    assert response.status_code == 400
    assert response.json()["code"] == "unknown_place"


@pytest.mark.parametrize(
    ("near", "latitude", "longitude"),
    [
        ("21423", 53.3578, 10.2116),  # postcode
        ("Winsen (Luhe)", 53.3578, 10.2116),  # place name
        ("53.3575,10.21", 53.3575, 10.21),  # "lat,lon"
    ],
)
def test_near_takes_a_postcode_a_place_or_coordinates(
    client, small, settings, near, latitude, longitude
):
    settings.SEARCH = {**settings.SEARCH, "ELASTICSEARCH_URLS": []}
    data = client.get(
        "/api/v1/offers/", {"near": near, "radius_km": "5"}, HTTP_HOST="localhost"
    ).json()
    assert data["location"]["latitude"] == pytest.approx(latitude, abs=0.001)
    assert data["location"]["longitude"] == pytest.approx(longitude, abs=0.001)
    assert [r["title"] for r in data["results"]] == ["Familienhebammen im Landkreis"]


def test_out_of_range_coordinates_in_near_answer_400(client, small, settings):
    settings.SEARCH = {**settings.SEARCH, "ELASTICSEARCH_URLS": []}
    response = client.get("/api/v1/offers/", {"near": "95,10"}, HTTP_HOST="localhost")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_coordinates"
