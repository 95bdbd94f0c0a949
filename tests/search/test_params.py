"""Typed parameters, once: the API (django-ninja) and the pages validate with the same schemas,
so any input, however odd, is either a valid search or a 400 with a code and a German message
(never a 500), and the page says the same as the API."""

from __future__ import annotations

import pytest

from home.factories import RegionPageFactory
from offers_directory.factories import WINSEN, OfferIndexPageFactory, OfferPageFactory
from search.offers.params import parse_search_params
from search.params import InvalidSearchParams
from search.partners import parse_partner_params
from tests.search.conftest import query

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


@pytest.fixture
def database_only(settings):
    settings.SEARCH = {**settings.SEARCH, "ELASTICSEARCH_URLS": []}


def _api_error(client, path: str, params: dict) -> dict:
    response = client.get(path, params, HTTP_HOST="localhost")
    assert response.status_code == 400, (params, response.content)
    return response.json()


# (parameters, expected code): numbers no parser may choke on.
ODD_NUMBERS = [
    ({"page": "10000000000000000000"}, "page_out_of_range"),
    ({"page": "1" * 200}, "invalid_page"),
    ({"page": "²"}, "invalid_page"),
    ({"page": "1_000"}, "invalid_page"),
    ({"page": "٣"}, "invalid_page"),  # an Arabic-Indic digit
    ({"page": "1.5"}, "invalid_page"),
    ({"page": "-1"}, "invalid_page"),
    ({"page_size": "0x10"}, "invalid_page_size"),
    ({"page_size": "1e2"}, "invalid_page_size"),
    ({"age_months": "99999999999999999999"}, "invalid_age"),
    ({"lat": "nan", "lon": "10"}, "invalid_coordinates"),
    ({"lat": "53", "lon": "inf"}, "invalid_coordinates"),
    ({"lat": "1e400", "lon": "10"}, "invalid_coordinates"),
    ({"radius_km": "1e999"}, "invalid_radius"),
    ({"radius_km": "NaN"}, "invalid_radius"),
    ({"bbox": "nan,53,10,54"}, "invalid_bbox"),
    ({"bbox": "9,53,10,54,11"}, "invalid_bbox"),
]


@pytest.mark.parametrize(("params", "code"), ODD_NUMBERS)
def test_odd_numbers_are_400_with_a_code_on_the_api_and_the_page(
    client, database_only, params, code
):
    data = _api_error(client, "/api/v1/offers/", params)
    assert data["code"] == code
    assert data["errors"][0]["code"] == code and data["field"] == data["errors"][0]["field"]
    with pytest.raises(InvalidSearchParams) as raised:
        parse_search_params(query(params))
    assert raised.value.as_dict() == data


@pytest.mark.parametrize(
    "params",
    [{"page": "²"}, {"page": "501"}, {"page": "10000000000000000000"}, {"radius_km": "nan"}],
)
def test_the_partner_directory_refuses_odd_numbers_too(client, database_only, params):
    data = _api_error(client, "/api/v1/partners/", params)
    assert data["code"] in {"invalid_page", "invalid_radius"}
    assert client.get("/fachkraefte/", params).status_code == 400
    with pytest.raises(InvalidSearchParams):
        parse_partner_params(query(params))


def test_repeated_and_comma_separated_values_are_the_same(database_only):
    repeated = parse_search_params(query({"category": ["kita", "hebamme", "kita"]}))
    commas = parse_search_params(query({"category": "kita, hebamme,,kita"}))
    assert repeated.category == commas.category == ["kita", "hebamme"]
    both = parse_search_params(query({"free": ["ja", "false,1"]}))
    assert both.free == ["true", "false"]


def test_lists_are_capped(client, database_only):
    data = _api_error(client, "/api/v1/offers/", {"category": ",".join(["x"] * 51)})
    assert (data["code"], data["field"]) == ("too_many_values", "category")
    assert "„category“" in data["message"]
    data = _api_error(client, "/api/v1/offers/", {"language": "x" * 101})
    assert data["code"] == "too_many_values"
    data = _api_error(client, "/api/v1/offers/", {"age_group": ["0-12", "teen"]})
    assert data["code"] == "invalid_age_group"


def test_coordinates_come_together_and_win_over_near(database_only):
    with pytest.raises(InvalidSearchParams) as raised:
        parse_search_params(query({"lat": "53.3"}))
    assert raised.value.as_dict()["field"] == "lon"
    with pytest.raises(InvalidSearchParams) as raised:
        parse_search_params(query({"lon": "10.2"}))
    assert raised.value.as_dict()["field"] == "lat"
    params = parse_search_params(query({"lat": "53.3575", "lon": "10.21", "near": "München"}))
    assert (params.place.latitude, params.place.longitude) == (53.3575, 10.21)


def test_blank_values_mean_the_defaults(database_only):
    params = parse_search_params(
        query({"q": "  ", "near": "", "radius_km": "", "sort": "", "page": "1", "lat": ""})
    )
    assert (params.q, params.place, params.radius_km, params.sort) == ("", None, 25.0, "best")
    assert parse_search_params(query({"pregnant": "false"})).pregnant is None
    assert parse_search_params(query({"pregnant": "ja"})).pregnant is True


def test_every_error_of_a_request_is_listed(client, database_only):
    data = _api_error(
        client, "/api/v1/offers/", {"radius_km": "-1", "sort": "price", "page_size": "500"}
    )
    codes = [e["code"] for e in data["errors"]]
    assert codes == ["invalid_radius", "invalid_sort", "page_size_too_large"]
    assert data["code"] == "invalid_radius"
    assert all(e["message"] for e in data["errors"])


def test_unknown_parameters_are_ignored_and_each_operation_takes_its_own(client, database_only):
    index = OfferIndexPageFactory(
        parent=RegionPageFactory(title="Landkreis Test", slug="landkreis-test")
    )
    OfferPageFactory(parent=index, title="Familienhebammen im Landkreis", locations=[WINSEN])
    assert client.get("/api/v1/offers/", {"foo": "bar"}, HTTP_HOST="localhost").status_code == 200
    # zoom is the map's parameter; page the list's.
    assert _api_error(client, "/api/v1/offers/map", {"zoom": "30"})["code"] == "invalid_zoom"
    assert client.get("/api/v1/offers/map", {"zoom": "9"}, HTTP_HOST="localhost").status_code == 200
    assert _api_error(client, "/api/v1/offers/", {"page": "0"})["code"] == "invalid_page"
