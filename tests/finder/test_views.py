"""The finder without JavaScript: the server renders results, facet counts, pagination,
messages for bad input and what to try when nothing is found, from the same parameters as
the search API."""

from __future__ import annotations

import datetime
import gzip
import re
import types
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from django.contrib.staticfiles import finders
from django.utils import translation

from wagtail.models import Site

import pytest
from bs4 import BeautifulSoup

from finder.opening import next_opening
from finder.templatetags.finder_tags import safe_back_url
from home.models import StandardPage
from offers_directory.factories import BUCHHOLZ, LUENEBURG, WINSEN, OfferPageFactory
from offers_directory.geo import haversine_km
from offers_directory.geocoding import resolve_place
from search.engine import reset_health
from tests.finder.conftest import de
from tests.search.conftest import build_index

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_engine_only(settings):
    settings.SEARCH = {**settings.SEARCH, "ELASTICSEARCH_URLS": []}
    reset_health()


def text_of(response) -> str:
    html = response.content.decode()
    html = re.sub(r"<script.*?</script>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def result_titles(response) -> list[str]:
    return [
        unescape(t)
        for t in re.findall(
            r'<h3 class="offer-result__title"[^>]*>(?:<a [^>]*>)?([^<]+)', response.content.decode()
        )
    ]


def link(response, pattern: str) -> tuple[str, dict[str, list[str]]]:
    """The first link `pattern` (one group: the href) finds: its URL and query parameters."""
    found = re.search(pattern, response.content.decode())
    assert found, pattern
    url = unescape(found.group(1))
    return url, parse_qs(urlsplit(url).query)


def suggestions(response) -> list[tuple[str, str, str]]:
    """What the page offers when nothing is found: (url, label, count text) each."""
    html = response.content.decode()
    block = re.search(r'<div class="finder-empty">(.*?)</div>', html, flags=re.S).group(1)
    return re.findall(r'<li><a href="([^"]+)">([^<]+)</a>([^<]*)</li>', block)


def checkbox(response, name: str, value: str) -> dict:
    """The rendered checkbox for one facet value: checked, disabled and its count."""
    html = response.content.decode()
    match = re.search(
        rf'<input type="checkbox" id="([^"]+)" name="{name}" value="{re.escape(value)}"([^>]*)>'
        rf'.*?<span class="facet__count"><span class="visually-hidden">\(</span>(\d+)<',
        html,
        flags=re.S,
    )
    assert match, f"no checkbox {name}={value}"
    return {
        "checked": "checked" in match.group(2),
        "disabled": "disabled" in match.group(2),
        "count": int(match.group(3)),
    }


@pytest.mark.embedded
def test_results_and_facets_render_as_plain_html(client, finder_offers, database_engine_only):
    response = client.get("/angebote/", {"near": "21423", "radius_km": "25"})
    assert response.status_code == 200
    html = response.content.decode()
    # A plain GET form to this page: works without JavaScript.
    assert re.search(
        r'<form class="finder__form" id="finder-form" action="/angebote/" method="get"', html
    )
    # Without search words the nearest offers come first.
    assert result_titles(response) == [
        "Familienhebammen im Landkreis",
        "Kindertagesstätte Sonnenschein",
        "Elterncafé Buchholz",
    ]
    text = text_of(response)
    # Distances to the postcode's centre, computed here, with a German decimal comma; an
    # offer at the place itself (under 100 m) reads "am Ort", never "0,0 km".
    centre = resolve_place("21423")
    for lat, lon in (WINSEN.point, LUENEBURG.point, BUCHHOLZ.point):
        km = haversine_km(centre.latitude, centre.longitude, lat, lon)
        assert (f"{km:.1f} km entfernt".replace(".", ",") if km >= 0.1 else "am Ort") in text
    assert "0,0 km" not in text
    # The badge on the two free offers, not on the Kita.
    badges = re.findall(r'<span class="badge badge--free">([^<]+)</span>', html)
    assert badges == [de("free of charge", context="badge")] * 2
    assert "Arabisch" in text and "Türkisch" in text  # languages spoken
    assert checkbox(response, "category", "hebamme") == {
        "checked": False,
        "disabled": False,
        "count": 1,
    }
    assert checkbox(response, "language", "de")["count"] == 3
    assert checkbox(response, "free", "true")["count"] == 2
    # The map's data is in the page for the script; München is outside the circle.
    assert "Elternberatung München" not in text


@pytest.mark.embedded
def test_page_and_api_agree(client, finder_offers, database_engine_only):
    params = {"near": "21423", "radius_km": "30", "language": "de", "category": "kita"}
    page = client.get("/angebote/", params)
    api = client.get("/api/v1/offers/", params).json()
    assert result_titles(page) == [r["title"] for r in api["results"]]
    for facet in ("category", "language", "free"):
        for item in api["facets"][facet]:
            rendered = checkbox(page, facet, item["value"])
            assert rendered["count"] == item["count"], (facet, item)
            assert rendered["checked"] == item["selected"]


@pytest.mark.embedded
def test_selected_filter_has_a_remove_link_and_keeps_other_state(
    client, finder_offers, database_engine_only
):
    response = client.get(
        "/angebote/", {"near": "21423", "radius_km": "25", "category": "hebamme", "map": "1"}
    )
    assert result_titles(response) == ["Familienhebammen im Landkreis"]
    assert checkbox(response, "category", "hebamme")["checked"]
    # Each facet's counts ignore its own selection: the other categories still show counts.
    assert checkbox(response, "category", "kita")["count"] == 1
    url, query = link(response, r'<a class="finder-chip" href="([^"]+)" data-remove-filter>')
    assert query == {"near": ["21423"], "radius_km": ["25"], "map": ["1"]}
    removed = client.get(url)
    assert len(result_titles(removed)) == 3


@pytest.mark.embedded
@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"near": "Atlantis"}, "Den Ort „Atlantis“ kennen wir nicht"),
        ({"near": "21423", "radius_km": "-3"}, "Der Umkreis muss eine positive Zahl"),
        ({"near": "21423", "radius_km": "5000"}, "höchstens 200 km"),
        ({"bbox": "1,2,3"}, "Der Kartenausschnitt (bbox) muss aus vier Zahlen bestehen"),
        ({"page": "0"}, "Die Seite muss eine ganze Zahl ab 1 sein"),
        ({"age_months": "alt"}, "Das Alter des Kindes muss eine ganze Zahl"),
    ],
)
def test_bad_input_shows_a_german_message_in_the_page(
    client, finder_offers, database_engine_only, params, message
):
    response = client.get("/angebote/", params)
    assert response.status_code == 200
    text = text_of(response)
    assert message in text
    assert 'role="alert"' in response.content.decode()
    assert result_titles(response) == []


@pytest.mark.embedded
def test_unknown_place_offers_place_suggestions(client, finder_offers, database_engine_only):
    response = client.get("/angebote/", {"near": "Winsen Luhee", "category": "hebamme"})
    html = response.content.decode()
    links = re.findall(r'<ul class="finder-suggestions">(.*?)</ul>', html, flags=re.S)
    assert links, html
    hrefs = [unescape(h) for h in re.findall(r'href="([^"]+)"', links[0])]
    labels = [parse_qs(urlsplit(h).query)["near"][0] for h in hrefs]
    assert any("Winsen" in label for label in labels)
    # A suggestion keeps the rest of the search.
    assert all(parse_qs(urlsplit(h).query)["category"] == ["hebamme"] for h in hrefs)
    assert len(result_titles(client.get(hrefs[0]))) >= 0


@pytest.mark.embedded
def test_an_ambiguous_place_is_asked_about(client, finder_offers, database_engine_only):
    response = client.get("/angebote/", {"near": "Neustadt", "category": "hebamme"})
    html = response.content.decode()
    assert "Welches Neustadt meinen Sie?" in text_of(response)
    assert result_titles(response) == []
    links = re.findall(r'<ul class="finder-suggestions">(.*?)</ul>', html, flags=re.S)
    assert links, html
    hrefs = [unescape(h) for h in re.findall(r'href="([^"]+)"', links[0])]
    assert len(hrefs) >= 5
    chosen = [parse_qs(urlsplit(h).query)["near"][0] for h in hrefs]
    # Each link picks one place by its postcode and keeps the rest of the search.
    assert all(re.fullmatch(r"\d{5} Neustadt.*", near) for near in chosen)
    assert all(parse_qs(urlsplit(h).query)["category"] == ["hebamme"] for h in hrefs)
    picked = client.get(hrefs[0])
    assert "meinen Sie" not in text_of(picked)
    assert 'role="alert"' not in picked.content.decode()
    with translation.override("en"):
        english = client.get("/en/angebote/", {"near": "Neustadt"})
    assert "Which Neustadt do you mean?" in text_of(english)


@pytest.mark.embedded
def test_hostile_text_is_escaped_not_executed(client, finder_offers, database_engine_only):
    response = client.get("/angebote/", {"q": '<script>alert(1)</script> "Hebamme" OR *:*'})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


@pytest.mark.embedded
def test_no_results_suggests_a_wider_radius_and_dropping_a_filter(
    client, finder_offers, database_engine_only
):
    # Winsen, 10 km, Kita: the only Kita is in Lüneburg, 18 km away.
    response = client.get("/angebote/", {"near": "21423", "radius_km": "10", "category": "kita"})
    assert result_titles(response) == []
    items = suggestions(response)
    assert items, response.content.decode()
    first_url, first_label, first_count = items[0]
    assert parse_qs(urlsplit(unescape(first_url)).query)["radius_km"] == ["25"]
    assert "(1 " in first_count
    widened = client.get(unescape(first_url))
    assert result_titles(widened) == ["Kindertagesstätte Sonnenschein"]
    dropped = [unescape(u) for u, _label, _count in items[1:]]
    assert any("category" not in parse_qs(urlsplit(u).query) for u in dropped)


@pytest.mark.embedded
def test_no_results_suggests_dropping_the_search_words_or_the_map_area(
    client, finder_offers, database_engine_only
):
    # The map shows Winsen only, whose one offer is no Elterncafé (that one is in Buchholz).
    response = client.get("/angebote/", {"q": "Elterncafé", "bbox": "10.15,53.32,10.27,53.40"})
    assert result_titles(response) == []
    offered = {
        unescape(label): parse_qs(urlsplit(unescape(url)).query)
        for url, label, _count in suggestions(response)
    }
    without_words = offered[de("Without the search words “%(q)s”") % {"q": "Elterncafé"}]
    assert "q" not in without_words and without_words["bbox"]
    outside = offered[de("Outside the map area too")]
    assert "bbox" not in outside and outside["q"] == ["Elterncafé"]
    assert result_titles(client.get("/angebote/", without_words)) == [
        "Familienhebammen im Landkreis"
    ]
    assert result_titles(client.get("/angebote/", outside)) == ["Elterncafé Buchholz"]


@pytest.mark.embedded
def test_pagination_links_keep_the_search(client, finder_offers, database_engine_only):
    for number in range(23):
        OfferPageFactory(
            parent=finder_offers["index"],
            title=f"Krabbelgruppe {number:02d}",
            locations=[WINSEN],
            categories=["krabbeln"],
        )
    response = client.get("/angebote/", {"category": "krabbeln", "q": "Krabbelgruppe"})
    assert len(result_titles(response)) == 20
    url, query = link(response, r'<a href="([^"]+)" rel="next">')
    assert query == {"q": ["Krabbelgruppe"], "category": ["krabbeln"], "page": ["2"]}
    second = client.get(url)
    assert len(result_titles(second)) == 3
    assert re.search(r'<ol class="finder-list" start="21">', second.content.decode())
    # The print view lists them all on one page.
    printed = client.get("/angebote/", {"category": "krabbeln", "q": "Krabbelgruppe", "print": "1"})
    assert len(result_titles(printed)) == 23
    assert 'rel="next"' not in printed.content.decode()


@pytest.mark.embedded
def test_results_link_to_offers_with_the_way_back(client, finder_offers, database_engine_only):
    response = client.get("/angebote/", {"near": "21423", "category": "hebamme", "map": "1"})
    link = re.search(
        r'<h3 class="offer-result__title"[^>]*><a href="([^"]+)">', response.content.decode()
    ).group(1)
    link = unescape(link)
    back = parse_qs(urlsplit(link).query)["back"][0]
    assert back == "/angebote/?near=21423&category=hebamme&map=1"
    offer = client.get(link)
    assert offer.status_code == 200
    anchor = re.search(
        r'<p class="back-to-search no-print"><a href="([^"]+)">', offer.content.decode()
    )
    assert anchor and unescape(anchor.group(1)) == back
    # Only finder URLs on this site come back as links.
    for bad in (
        "https://evil.example/angebote/",
        "//evil.example/",
        "/admin/",
        "javascript:alert(1)",
    ):
        assert safe_back_url(bad) is None
        page = client.get(urlsplit(link).path, {"back": bad})
        assert "back-to-search" not in page.content.decode()


@pytest.mark.embedded
def test_finder_wins_over_a_page_with_the_slug_angebote(
    client, finder_offers, database_engine_only
):
    root = Site.objects.get(is_default_site=True).root_page
    if not root.get_children().filter(slug="angebote").exists():
        root.add_child(instance=StandardPage(title="Angebote finden", slug="angebote"))
    response = client.get("/angebote/")
    assert response.status_code == 200
    assert response.resolver_match.namespace == "finder"
    english = client.get("/en/angebote/")
    assert english.status_code == 200
    assert '<html lang="en"' in english.content.decode()
    # The other paths below still come from the page tree.
    assert client.get("/angebote/ergebnisse/").status_code == 200


@pytest.mark.embedded
def test_results_fragment_has_the_same_parts(client, finder_offers, database_engine_only):
    params = {"near": "21423", "category": "hebamme"}
    fragment = client.get("/angebote/ergebnisse/", params)
    assert fragment.status_code == 200
    html = fragment.content.decode()
    assert html.count('data-part="facets"') == 1 and html.count('data-part="results"') == 1
    assert "<html" not in html
    assert result_titles(fragment) == result_titles(client.get("/angebote/", params))


@pytest.mark.embedded
def test_map_waits_for_consent_when_tiles_come_from_another_host(
    client, finder_offers, database_engine_only, settings
):
    settings.OFFERS_DIRECTORY = {
        **settings.OFFERS_DIRECTORY,
        "TILE_URL": "https://tiles.example.org/{z}/{x}/{y}.png",
        "TILE_ATTRIBUTION": "© OpenStreetMap",
    }
    html = client.get("/angebote/").content.decode()
    assert 'data-needs-consent="1"' in html and "data-map-consent" in html
    assert 'data-tile-url="https://tiles.example.org/{z}/{x}/{y}.png"' in html
    settings.OFFERS_DIRECTORY = {**settings.OFFERS_DIRECTORY, "TILE_URL": "/tiles/{z}/{x}/{y}.png"}
    html = client.get("/angebote/").content.decode()
    assert 'data-needs-consent="0"' in html and "data-map-consent" not in html


BERLIN = datetime.timezone(datetime.timedelta(hours=1))
MONDAY_10 = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=BERLIN)  # a Monday


@pytest.mark.embedded
@pytest.mark.parametrize(
    ("now", "css_class", "label"),
    [
        # the midwives open on Tuesdays 09:00–12:00
        (MONDAY_10, "", "Öffnet morgen um 09:00"),
        (MONDAY_10 + datetime.timedelta(days=1), "is-open", "Jetzt geöffnet bis 12:00"),
    ],
)
def test_next_opening_time_is_shown(
    client, finder_offers, database_engine_only, monkeypatch, now, css_class, label
):
    # The page asks for the time itself; a fixed clock keeps the test from depending on
    # the hour the suite runs at.
    clock = types.SimpleNamespace(localtime=lambda value=None: value or now)
    monkeypatch.setattr("finder.opening.timezone", clock)
    response = client.get("/angebote/", {"category": "hebamme"})
    dd = re.search(r'<dt>[^<]+</dt><dd(?: class="([^"]*)")?>(.*?)</dd>', response.content.decode())
    assert dd is not None
    assert (dd.group(1) or "") == css_class
    # The time sits in <bdi dir="ltr"> (it stays left to right in Arabic).
    assert '<bdi dir="ltr">' in dd.group(2)
    assert re.sub(r"<[^>]+>", "", dd.group(2)) == label


@pytest.mark.embedded
@pytest.mark.parametrize(
    ("slots", "now", "open_now", "opens"),
    [
        # open right now until noon
        ([("MO", datetime.time(9), datetime.time(12))], MONDAY_10, True, "2026-11-23 09:00"),
        # today later
        ([("MO", datetime.time(14), datetime.time(16))], MONDAY_10, False, "2026-11-23 14:00"),
        # today's hours are over: next week
        ([("MO", datetime.time(8), datetime.time(9))], MONDAY_10, False, "2026-11-30 08:00"),
        # the earliest of several days; a slot without an opening time says nothing
        (
            [("FR", datetime.time(9), None), ("WE", datetime.time(15), None), ("TU", None, None)],
            MONDAY_10,
            False,
            "2026-11-25 15:00",
        ),
        # Sunday evening → Monday morning
        (
            [("MO", datetime.time(9), datetime.time(12))],
            datetime.datetime(2026, 11, 29, 20, 0, tzinfo=BERLIN),
            False,
            "2026-11-30 09:00",
        ),
    ],
)
def test_next_opening(slots, now, open_now, opens):
    opening = next_opening(slots, now)
    assert opening is not None
    assert opening.open_now is open_now
    assert opening.opens.strftime("%Y-%m-%d %H:%M") == opens


@pytest.mark.embedded
def test_no_opening_hours_no_opening():
    assert next_opening([], MONDAY_10) is None
    assert next_opening([("MO", None, None)], MONDAY_10) is None


@pytest.mark.embedded
def test_bundle_is_at_most_150_kb_gzipped(client, finder_offers, database_engine_only):
    """The finder's own JavaScript and CSS, the map library included, as the page links
    them (the site-wide stylesheet is not the finder's)."""
    html = client.get("/angebote/").content.decode()
    urls = re.findall(r'<script src="/static/([^"]+)"', html) + re.findall(
        r'<link rel="stylesheet" href="/static/([^"]+)"', html
    )
    own = [u for u in urls if u != "css/site.css"]
    assert any("leaflet.js" in u for u in own) and any("finder.js" in u for u in own)
    total = 0
    for url in own:
        path = finders.find(url)
        assert path, url
        total += len(gzip.compress(Path(path).read_bytes(), compresslevel=9))
    assert total <= 150 * 1024, f"{total / 1024:.1f} KB gzipped"


@pytest.mark.embedded
def test_the_map_draws_the_sites_own_basemap_unless_tiles_are_set(
    client, finder_offers, database_engine_only, settings
):
    settings.OFFERS_DIRECTORY = {**settings.OFFERS_DIRECTORY, "TILE_URL": ""}
    html = client.get("/angebote/").content.decode()
    assert 'data-basemap-index="/static/offers_directory/basemap/index.json"' in html
    assert "offers_directory/js/basemap.js" in html
    # With tiles configured, they replace the basemap.
    settings.OFFERS_DIRECTORY = {
        **settings.OFFERS_DIRECTORY,
        "TILE_URL": "/tiles/{z}/{x}/{y}.png",
    }
    html = client.get("/angebote/").content.decode()
    assert 'data-basemap-index=""' in html
    assert 'data-tile-url="/tiles/{z}/{x}/{y}.png"' in html


@pytest.mark.embedded
def test_arabic_results_isolate_addresses_and_times(client, finder_offers, database_engine_only):
    # override() also restores the language the request's middleware activates.
    with translation.override("ar"):
        html = client.get("/ar/angebote/", {"near": "21423", "radius_km": "50"}).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    addresses = soup.select(".offer-result__address")
    assert addresses and all(a.select_one('bdi[dir="ltr"]') for a in addresses)
    # A time inside an opening label ("opens at 09:00") is isolated too.
    timed = [dd for dd in soup.select(".offer-result__meta dd") if re.search(r"\d:\d", dd.text)]
    assert timed
    for label in timed:
        assert re.fullmatch(r"\d\d:\d\d", label.select_one('bdi[dir="ltr"]').get_text())


@pytest.mark.elasticsearch
def test_finder_on_elasticsearch_matches_the_api(client, finder_offers, es_settings):
    build_index()
    reset_health()
    params = {"q": "Hebamme", "near": "21423", "radius_km": "50"}
    page = client.get("/angebote/", params)
    api = client.get("/api/v1/offers/", params).json()
    assert api["engine"] == "elasticsearch"
    assert (
        result_titles(page)
        == [r["title"] for r in api["results"]]
        == ["Familienhebammen im Landkreis"]
    )
    assert checkbox(page, "language", "ar")["count"] == 1


@pytest.mark.embedded
def test_fixed_facet_values_are_named_in_the_pages_language(
    client, finder_offers, database_engine_only
):
    """Costs and accessibility are named by the offer search's vocabulary in the page's
    language, in the filters and in the suggestion to drop one."""

    def ar(msgid: str) -> str:
        with translation.override("ar"):
            return translation.gettext(msgid)

    assert ar("with a fee") != "with a fee" and ar("free of charge") != "free of charge"
    with translation.override("ar"):
        page = client.get("/ar/angebote/", {"near": "21423", "radius_km": "50"})
        # Lüneburg's Kita is the only offer with costs; 10 km around Winsen do not reach it.
        empty = client.get("/ar/angebote/", {"near": "21423", "radius_km": "10", "free": "false"})
    soup = BeautifulSoup(page.content.decode(), "html.parser")
    shown = {
        box["value"]: box.find_parent("li").get_text(" ", strip=True)
        for box in soup.select('fieldset[data-facet="free"] input[name="free"]')
    }
    assert ar("free of charge") in shown["true"] and ar("with a fee") in shown["false"]
    assert result_titles(empty) == []
    with translation.override("ar"):
        dropped = translation.gettext("Without the filter “%(filter)s”") % {
            "filter": ar("with a fee")
        }
    assert dropped in BeautifulSoup(empty.content.decode(), "html.parser").get_text()
