"""Response headers: a nonce-based Content-Security-Policy on public pages whose nonce every
inline script carries, the admin's looser policy, Permissions-Policy, and Cache-Control
chosen per kind of response."""

from __future__ import annotations

import re

from django.contrib.auth import get_user_model

import pytest
from bs4 import BeautifulSoup

from offers_directory.factories import OfferPageFactory
from security.headers import permissions_policy
from tests.offers.places import FAMILIENZENTRUM

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


@pytest.fixture
def offer(offer_tree):
    return OfferPageFactory(parent=offer_tree.offers, locations=[FAMILIENZENTRUM])


def test_public_page_scripts_carry_the_nonce_of_the_header(client, offer):
    first, second = client.get(offer.url), client.get(offer.url)
    policy = directives(first)
    (nonce,) = re.findall(r"'nonce-([^']+)'", " ".join(policy["script-src"]))
    assert policy["script-src"] == ["'self'", f"'nonce-{nonce}'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert "'unsafe-inline'" not in first["Content-Security-Policy"]

    soup = BeautifulSoup(first.content, "html.parser")
    inline = [tag for tag in soup.find_all("script") if not tag.get("src")]
    # The JSON-LD and the map's data, at least.
    assert {tag["type"] for tag in inline} >= {"application/ld+json", "application/json"}
    assert [tag.get("nonce") for tag in inline] == [nonce] * len(inline)
    assert not soup.find_all(attrs={"onclick": True})
    # A new nonce for every response.
    assert re.findall(r"'nonce-([^']+)'", second["Content-Security-Policy"]) != [nonce]


def test_the_handout_prints_without_an_inline_handler(client, offer):
    soup = BeautifulSoup(client.get(f"/merkliste/?ids={offer.pk}").content, "html.parser")
    assert soup.find(attrs={"data-handout-print": True}) is not None
    assert not [tag for tag in soup.find_all(True) if any(a.startswith("on") for a in tag.attrs)]
    assert [tag["src"] for tag in soup.find_all("script")] == ["/static/professionals/handout.js"]


@pytest.mark.parametrize(
    ("tile_url", "source"),
    [
        ("https://{s}.tiles.example.de/{z}/{x}/{y}.png", "https://*.tiles.example.de"),
        ("http://tiles.invalid:8080/{z}/{x}/{y}.png", "http://tiles.invalid:8080"),
        ("/tiles/{z}/{x}/{y}.png", None),
        ("", None),
    ],
)
def test_map_tiles_from_another_host_are_allowed_as_images(
    client, offer, settings, tile_url, source
):
    settings.OFFERS_DIRECTORY = {**settings.OFFERS_DIRECTORY, "TILE_URL": tile_url}
    for path in (offer.url, "/admin/login/"):
        img = directives(client.get(path))["img-src"]
        assert img[:2] == ["'self'", "data:"]
        assert (source in img) if source else all("//" not in value for value in img)


def test_the_admin_has_its_own_looser_policy(admin_client):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    policy = directives(response)
    assert "'unsafe-inline'" in policy["style-src"]
    assert policy["default-src"] == ["'self'"] and policy["object-src"] == ["'none'"]
    assert not any("nonce-" in value for value in policy["script-src"])


def test_permissions_policy_allows_only_geolocation_for_the_site(client, offer):
    header = client.get(offer.url)["Permissions-Policy"]
    features = dict(part.split("=", 1) for part in header.split(", "))
    assert features["geolocation"] == "(self)"
    assert features["camera"] == features["microphone"] == features["payment"] == "()"
    assert permissions_policy({"geolocation": ["self"], "usb": []}) == "geolocation=(self), usb=()"


def cache_control(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def test_cache_control_per_kind_of_response(client, offer):
    page = client.get(offer.url)
    assert cache_control(page) == {"public", "max-age=120"}
    assert "Cookie" in page["Vary"]
    assert not page.cookies
    assert cache_control(client.get("/api/v1/offers/")) == {"public", "max-age=60"}
    assert cache_control(client.get("/feeds/aktuelles.rss")) == {"public", "max-age=900"}
    # Forms with a CSRF token and the login pages are this visitor's alone.
    login = client.get("/fachkraefte/anmelden/")
    assert "public" not in cache_control(login) and "no-store" in cache_control(login)
    reset = client.get("/fachkraefte/passwort-vergessen/")
    assert "public" not in cache_control(reset)
    # Errors and bad input are not kept.
    assert "public" not in cache_control(client.get("/gibt-es-nicht/"))
    assert "public" not in cache_control(client.get("/api/v1/offers/?page=x"))


def test_logged_in_responses_stay_private(client, offer):
    client.force_login(get_user_model().objects.create_user("fachkraft", password="pw"))
    for path in (offer.url, "/api/v1/offers/", "/fachkraefte/"):
        response = client.get(path)
        assert {"private", "no-store"} <= cache_control(response), path
        assert "public" not in cache_control(response), path
