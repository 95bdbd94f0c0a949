"""No input reaches a 500: every public URL pattern, enumerated from the URL resolver and
filled with the demo site's real slugs and ids, is requested with hostile values in its query
parameters and path (huge, negative and Unicode-digit numbers, impossible dates, NUL bytes,
10,000-character strings, repeated and far too many parameters). Every answer must be below
500. On PostgreSQL, which refuses what SQLite lets through (NUL bytes, integer overflow)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import quote, urlencode

from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from wagtail.models import Page

import pytest

from booklets.factories import OfferCatalogueFactory
from events.models import EventPage
from offers_directory.factories import (
    WINSEN,
    OfferPageFactory,
    OrganizationPageFactory,
)
from offers_directory.hsds.api import LIST_PARAMS
from offers_directory.models import VerificationRequest
from offers_directory.verification import make_token
from professionals.factories import ReferralPartnerFactory, WorkingGroupFactory
from tests.demo_pages import offer_index

pytestmark = pytest.mark.django_db

HOSTILE = [
    "10000000000000000000",
    "9223372036854775808",
    "-1",
    "0",
    "²",
    "٣",
    "9" * 5000,
    "nan",
    "-inf",
    "1e400",
    "2024-02-30",
    "2024-01-01T25:61:00+99:00",
    "\x00",
    "a\x00b",
    "x" * 10_000,
    "[]",
    ",,,",
    "<!--<script>",
    "true",
]
# For HTML pages, which take long to render: the values that reach different code.
HOSTILE_FOR_PAGES = ["10000000000000000000", "-1", "²", "9" * 5000, "x" * 10_000, "a\x00b", "[]"]
# What the views read, by URL name (the HSDS lists' own declarations are read below); every
# URL gets GENERIC besides.
GENERIC = ("page",)
SEARCH = (
    *("q", "near", "radius_km", "lat", "lon", "bbox", "category", "language", "age_group"),
    *("age_months", "pregnant", "free", "accessible", "region", "provider", "sort"),
)
PARAMETERS: dict[str, tuple[str, ...]] = {
    "finder": (*SEARCH, "map", "print", "back"),
    "results": (*SEARCH, "map", "back"),
    "offers": (*SEARCH, "page_size"),
    "offers_map": (*SEARCH, "zoom"),
    "offers_suggest": ("q",),
    "places_suggest": ("q", "limit"),
    "partners_api": ("q", "near", "lat", "lon", "radius_km", "field", "working_group", "sort"),
    "directory": ("q", "near", "lat", "lon", "radius_km", "field", "working_group", "sort"),
    "merkliste": ("ids", "lang"),
    "merkliste_pdf": ("ids", "lang"),
    "site_search": ("q",),
    **{name: tuple(p.name for p in declared) for name, declared in LIST_PARAMS.items()},
}
# Outside this walk: the admin (editors only) and Django's own login forms.
SKIPPED = ("admin/", "documents/", "_util/")
# What each kind of page reads.
PAGE_PARAMETERS = {
    "newsindexpage": ("region", "topic", "year"),
    "eventindexpage": ("region", "when"),
    "offerindexpage": ("kategorie",),
    "offerpage": ("print", "back"),
}
# Parsed by the search stack (search/), which types these parameters itself.
SEARCH_STACK = ("api/v1/", "suche/", "fachkraefte/$", "angebote/")


# More parameters than Django parses (DATA_UPLOAD_MAX_NUMBER_FIELDS).
FLOOD = "&".join(f"page={n}" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))


class ServerError(Exception):
    def __init__(self, response) -> None:
        self.response = response


def walk(patterns, prefix: str = "") -> Iterator[tuple[str, str]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.name or ""


def concrete(route: str, values: dict[str, str]) -> str:
    """A path for the route: its parameters filled in from `values`."""
    route = route.replace("^", "").replace("$", "").replace("/?", "")

    def value(match: re.Match) -> str:
        return quote(values[match.group("name")], safe="")

    route = re.sub(r"<(?:\w+:)?(?P<name>\w+)>", value, route)
    route = re.sub(r"\(\?P<(?P<name>\w+)>[^)]*\)", value, route)
    return "/" + route


def requests_for(path: str, names: tuple[str, ...]) -> Iterator[str]:
    hostile_values = HOSTILE if path.startswith(("/api/", "/merkliste/")) else HOSTILE_FOR_PAGES
    for name in dict.fromkeys((*names, *GENERIC)):
        for hostile in hostile_values:
            yield f"{path}?{urlencode({name: hostile})}"
        yield f"{path}?{urlencode([(name, v) for v in ('1', '²', '', '2')])}"
    yield f"{path}?{FLOOD}"


def hostile_paths(path_values: dict[str, str]) -> Iterator[dict[str, str]]:
    yield path_values
    for hostile in ("x" * 10_000, "\x00", "²", "9223372036854775808", "..", "%"):
        yield dict.fromkeys(path_values, hostile)


@pytest.fixture
def real_values(demo, client) -> dict[str, dict[str, str]]:
    """Path parameters by URL name: real slugs and ids of the demo site, with an offer, a
    partner and a working group added."""
    offer = OfferPageFactory(
        parent=offer_index("landkreis-harburg"),
        locations=[WINSEN],
        categories=["hebamme"],
        provider=OrganizationPageFactory(),
    )
    # A provider's verification link, valid and unused: its pages read form input.
    token = make_token(
        VerificationRequest.objects.create(
            offer=offer, email="traeger@example.org", sent_at=timezone.now()
        )
    )
    partner = ReferralPartnerFactory()
    catalogue = OfferCatalogueFactory(title="Angebote für Kinder", slug="angebote-fuer-kinder")
    group = WorkingGroupFactory()
    event = EventPage.objects.live().first()

    def first_id(endpoint: str) -> str:
        return client.get(f"/api/hsds/{endpoint}").json()["contents"][0]["id"]

    return {
        "partner": {"slug": partner.slug},
        "working_group": {"slug": group.slug},
        "region_news_feed_rss": {"region": "landkreis-harburg"},
        "region_news_feed_atom": {"region": "landkreis-harburg"},
        "region_events_calendar": {"region": "landkreis-harburg"},
        "event_ics": {"page_id": str(event.pk)},
        "service": {"service_id": first_id("services")},
        "organization": {"organization_id": first_id("organizations")},
        "service_at_location": {"sal_id": first_id("service_at_locations")},
        "taxonomy": {"taxonomy_id": first_id("taxonomies")},
        "taxonomy_term": {"term_id": first_id("taxonomy_terms")},
        "password_reset_confirm": {"uidb64": "MQ", "token": "abc-def"},
        # The printed guides (booklets): a region, one of its municipalities, a catalogue.
        "region": {"region": "landkreis-harburg"},
        "region_pdf": {"region": "landkreis-harburg"},
        "municipality": {"region": "landkreis-harburg", "place": "winsen-luhe"},
        "municipality_pdf": {"region": "landkreis-harburg", "place": "winsen-luhe"},
        "catalogue": {"slug": catalogue.slug},
        "catalogue_pdf": {"slug": catalogue.slug},
        "offer_verification": {"token": token},
        "offer_verification_change": {"token": token},
    }


def page_requests() -> Iterator[str]:
    """One live page of each type (the catch-all pattern serves the page tree) with the
    parameters its type reads, and paths no page has."""
    seen: set[int] = set()
    for page in Page.objects.live().specific().order_by("path"):
        url = page.get_url()
        if url and page.content_type_id not in seen:
            seen.add(page.content_type_id)
            yield from requests_for(url, PAGE_PARAMETERS.get(page.content_type.model, ()))
    yield from ("/x/" * 30, "/²/", "/" + "y" * 10_000 + "/")


def get(client: Client, url: str):
    """The answer, with the request's database work rolled back when it failed (a failed
    PostgreSQL statement aborts the test's transaction otherwise)."""
    try:
        with transaction.atomic():
            response = client.get(url)
            if response.status_code >= 500:
                raise ServerError(response)
            return response
    except ServerError as error:
        return error.response


def walk_urls(real_values: dict[str, dict[str, str]]) -> Iterator[tuple[str, str]]:
    """(URL name, request URL) for every public pattern."""
    for route, name in walk(get_resolver().url_patterns):
        if route.startswith(SKIPPED):
            continue
        names = PARAMETERS.get(name, ())
        if name == "wagtail_serve":
            yield from ((name, url) for url in page_requests())
            continue
        for number, values in enumerate(hostile_paths(real_values.get(name, {}))):
            path = concrete(route, values)
            if number == 0:
                yield from ((name, url) for url in requests_for(path, names))
            elif values:
                yield name, path


def server_errors(client: Client, real_values, *, search_stack: bool) -> tuple[list[str], int]:
    failures, count = [], 0
    for _name, url in walk_urls(real_values):
        path = url.split("?")[0].lstrip("/")
        if any(re.match(prefix, path) for prefix in SEARCH_STACK) != search_stack:
            continue
        count += 1
        response = get(client, url)
        if response.status_code >= 500:
            failures.append(f"{response.status_code} {url[:160]!r}")
    return failures, count


@pytest.fixture
def walker_client() -> Client:
    return Client(raise_request_exception=False)


def test_no_public_url_answers_5xx(walker_client, real_values):
    failures, count = server_errors(walker_client, real_values, search_stack=False)
    assert count > 1000, "the walk reached the URLs"
    assert not failures, f"{len(failures)} of {count} requests answered 5xx:\n" + "\n".join(
        failures
    )


def test_search_urls_answer_no_5xx(walker_client, real_values):
    """The offer and partner search (/api/v1/, /fachkraefte/) and the page search (/suche/)
    are typed by the search stack (search/); the same walk over them."""
    failures, count = server_errors(walker_client, real_values, search_stack=True)
    assert count > 1000
    assert not failures, f"{len(failures)} of {count} requests answered 5xx:\n" + "\n".join(
        failures
    )


def test_pages_answer_400_with_a_message_in_their_language(demo, client):
    from tests.demo_pages import network_index

    response = client.get("/merkliste/", {"ids": "²"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-error-code="invalid_id"' in html
    assert "„ids“ muss eine Liste von Zahlen sein, getrennt durch Kommas." in html
    # A listing ignores a page number that is none, as it ignores filters that do not apply.
    news = network_index().get_url()
    assert client.get(news, {"page": "²"}).status_code == 200
    assert client.get(news, {"page": "9" * 5000}).status_code == 200
    assert 'data-error-code="invalid_characters"' in client.get("/a%00b/").content.decode()
    flood = client.get(f"/merkliste/?{FLOOD}")
    assert flood.status_code == 400
    assert 'data-error-code="bad_request"' in flood.content.decode()
    english = client.get("/en/merkliste/", {"ids": "x"}).content.decode()
    assert "“ids” must be a list of numbers separated by commas." in english
