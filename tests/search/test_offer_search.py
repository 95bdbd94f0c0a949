"""One table of search behaviour, run against the real Elasticsearch and the database engine."""

from __future__ import annotations

import math

import pytest

from offers_directory.factories import HAMBURG, WINSEN
from offers_directory.models import OfferPage
from search.offers.indexing import public_offers
from search.offers.results import POINTS_THRESHOLD


def haversine(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    # Computed here, independently of the code under test.
    r = 6371.0088
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * r * math.asin(math.sqrt(a))


# (query, a title that must be found, why)
TEXT_CASES = [
    ("Hebamme", "Familienhebammen im Landkreis", "compound: Familienhebammen"),
    ("Hebammen", "Familienhebammen im Landkreis", "plural"),
    ("Beratung", "Schwangerschaftsberatung der Diakonie", "compound: Schwangerschaftsberatung"),
    ("Fuesse", "Gesunde Füße für Ihr Kind", "umlaut/ß folding"),
    ("FÜSSE", "Gesunde Füße für Ihr Kind", "case and ß"),
    ("Kita", "Kindertagesstätte Sonnenschein", "synonym"),
    ("Kindertagesstaette", "Kindertagesstätte Sonnenschein", "transcribed umlaut"),
    ("Babylotse", "Babylotsin in der Geburtsklinik", "synonym Babylotse/Babylotsin"),
    ("Entbindungspfleger", "Familienhebammen im Landkreis", "synonym of Hebamme"),
    ("Hebame", "Familienhebammen im Landkreis", "typo"),
    ("Schwangerschaftsberatng", "Schwangerschaftsberatung der Diakonie", "typo in a compound"),
    ("Elterncafe", "Elterncafé an drei Orten", "accent"),
    ("Hebamme Diakonie", "Familienhebammen im Landkreis", "provider name, AND of words"),
]
NEVER_FOUND = {
    "Hebamme Entwurf",
    "Hebamme abgelaufen",
    "Hebamme inaktiv",
    "Hebamme geschützt",
}


def test_text_analysis_through_the_engine(run, offers):
    failures = []
    for q, expected, why in TEXT_CASES:
        titles = run.titles(q=q, page_size=100)
        if expected not in titles:
            failures.append(f"{q!r} ({why}) → {titles}")
        if NEVER_FOUND & set(titles):
            failures.append(f"{q!r} found non-public offers: {NEVER_FOUND & set(titles)}")
    assert not failures, "\n".join(failures)


def test_words_combine_with_and_and_unknown_words_find_nothing(run, offers):
    assert run.titles(q="Hebamme Kindertagesstätte") == []
    assert run.search(q="Xylophonunterricht")["count"] == 0
    # A protected contact person's name is nowhere in the public index.
    assert run.search(q="Mustermann")["count"] == 0


def test_only_public_offers_are_searchable(run, offers):
    titles = set(run.titles(page_size=100))
    assert not NEVER_FOUND & titles
    assert len(titles) == public_offers().count() == 10


def test_highlights_mark_the_original_word(run, offers):
    result = next(
        r for r in run.search(q="Hebamme")["results"] if r["title"].startswith("Familien")
    )
    assert "<mark>Familienhebammen</mark>" in result["highlights"]["title"]
    assert "<mark>Familienhebammen</mark>" in result["highlights"]["description"]


def _expected_near(lat: float, lon: float, radius: float) -> dict[int, float | None]:
    expected: dict[int, float | None] = {}
    for page in public_offers().prefetch_related("locations", "service_areas"):
        distances = [
            haversine(lat, lon, loc.latitude, loc.longitude) for loc in page.locations.all()
        ]
        nearest = min(distances) if distances else None
        in_circle = nearest is not None and nearest <= radius
        if in_circle or any(area.covers(lat, lon) for area in page.service_areas.all()):
            expected[page.pk] = nearest
    return expected


@pytest.mark.parametrize("radius", [5, 20, 40, 150])
def test_radius_matches_a_haversine_computed_here(run, offers, radius):
    lat, lon = WINSEN.point
    response = run.search(lat=lat, lon=lon, radius_km=radius, page_size=100)
    expected = _expected_near(lat, lon, radius)
    found = {r["id"]: r["distance_km"] for r in response["results"]}
    assert set(found) == set(expected)
    assert response["count"] == len(expected)
    for offer_id, distance in expected.items():
        if distance is None:
            assert found[offer_id] is None
        else:
            assert found[offer_id] == pytest.approx(distance, abs=0.01)
    assert response["location"]["latitude"] == lat


def test_sort_by_distance_uses_the_nearest_location(run, offers):
    lat, lon = 53.40, 9.95  # between Buchholz and Hamburg
    response = run.search(lat=lat, lon=lon, radius_km=100, sort="distance", page_size=100)
    distances = [r["distance_km"] for r in response["results"]]
    known = [d for d in distances if d is not None]
    assert known == sorted(known)
    assert distances[: len(known)] == known  # offers without a location come last
    expected_first = min(
        (d, pk) for pk, d in _expected_near(lat, lon, 100).items() if d is not None
    )
    assert response["results"][0]["id"] == expected_first[1]


def test_an_offer_with_three_locations_appears_once_with_its_nearest(run, offers):
    response = run.search(lat=WINSEN.latitude, lon=WINSEN.longitude, radius_km=100, page_size=100)
    hits = [r for r in response["results"] if r["id"] == offers["drei"].pk]
    assert len(hits) == 1
    hit = hits[0]
    assert len(hit["locations"]) == 3
    assert (
        hit["nearest_location"]["latitude"],
        hit["nearest_location"]["longitude"],
    ) == WINSEN.point
    assert hit["distance_km"] == pytest.approx(0, abs=0.01)
    # Near Hamburg the Hamburg location is the nearest one.
    response = run.search(lat=HAMBURG.latitude, lon=HAMBURG.longitude, radius_km=5)
    hit = next(r for r in response["results"] if r["id"] == offers["drei"].pk)
    assert (
        hit["nearest_location"]["latitude"],
        hit["nearest_location"]["longitude"],
    ) == HAMBURG.point


@pytest.mark.parametrize(
    ("point", "expected", "absent"),
    [
        ((53.48, 10.02), {"polygon"}, {"circle"}),  # inside the polygon only
        ((53.10, 10.60), {"circle"}, {"polygon"}),  # inside the circle only (~24 km)
        ((53.30, 10.35), {"polygon", "circle"}, set()),
        ((52.00, 8.00), set(), {"polygon", "circle"}),
    ],
)
def test_service_areas_cover_points_without_a_location_nearby(run, offers, point, expected, absent):
    found = {r["id"] for r in run.search(lat=point[0], lon=point[1], radius_km=1)["results"]}
    for name in expected:
        assert offers[name].pk in found, name
    for name in absent:
        assert offers[name].pk not in found, name


def _counts(response, facet):
    return {item["value"]: item["count"] for item in response["facets"][facet]}


def test_facet_counts_with_selections(run, offers):
    plain = run.search(page_size=100)
    assert _counts(plain, "category") == {
        "hebamme": 2,
        "beratung": 5,
        "kita": 1,
        "bewegung": 1,
        "treff": 1,
    }
    assert _counts(plain, "free") == {"true": 9, "false": 1}
    assert _counts(plain, "accessible") == {"true": 2, "false": 8}
    assert _counts(plain, "region") == {"landkreis-test": 8, "landkreis-fern": 2}
    labels = {i["value"]: i["label"] for i in plain["facets"]["region"]}
    assert labels["landkreis-fern"] == "Landkreis Fern"
    assert _counts(plain, "provider") == {str(offers["provider"].pk): 2}
    assert _counts(plain, "age_group")["pregnancy"] == 2

    beratung = run.search(category="beratung", page_size=100)
    assert beratung["count"] == 5
    # A facet's own selection does not change its counts ...
    assert _counts(beratung, "category") == _counts(plain, "category")
    # ... but narrows every other facet.
    assert _counts(beratung, "language") == {"de": 4, "en": 1, "ar": 1}

    either = run.search(category=["beratung", "kita"], page_size=100)
    assert either["count"] == 6  # OR within a facet
    both = run.search(category=["beratung", "kita"], language="en", page_size=100)
    assert [r["title"] for r in both["results"]] == ["Schwangerschaftsberatung der Diakonie"]
    assert _counts(both, "language")["de"] == 5  # language counts ignore the language choice
    assert _counts(both, "category") == {"beratung": 1, "kita": 0}  # selected, shown with 0

    not_free = run.search(free="false")
    assert [r["title"] for r in not_free["results"]] == ["Schwangerschaftsberatung der Diakonie"]
    assert run.search(accessible="true", region="landkreis-test")["count"] == 2


def test_age_and_pregnancy_filters(run, offers):
    titles = set(run.titles(age_months=30, page_size=100))
    assert "Kindertagesstätte Sonnenschein" in titles
    assert "Gesunde Füße für Ihr Kind" in titles
    assert "Familienhebammen im Landkreis" not in titles
    pregnant = set(run.titles(pregnant="true", page_size=100))
    assert pregnant == {"Familienhebammen im Landkreis", "Schwangerschaftsberatung der Diakonie"}
    assert set(run.titles(age_group="pregnancy", page_size=100)) == pregnant


def test_bbox_filters_to_the_viewport(run, offers):
    # Around Hamburg only.
    titles = set(run.titles(bbox="9.9,53.5,10.1,53.6", page_size=100))
    assert titles == {"Gesunde Füße für Ihr Kind", "Elterncafé an drei Orten"}


def _tile_bounds(key: str) -> tuple[float, float, float, float]:
    z, x, y = (int(part) for part in key.split("/"))
    n = 2**z

    def lat(row: int) -> float:
        return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * row / n))))

    return lat(y + 1), x / n * 360 - 180, lat(y), (x + 1) / n * 360 - 180


def test_map_points_and_clusters(run, offers, monkeypatch):
    bbox = "9.0,52.0,11.0,54.0"
    few = run.map(bbox=bbox, zoom=8)
    assert few["type"] == "points"
    ids = {p["id"] for p in few["points"]}
    assert offers["drei"].pk in ids and offers["muenchen"].pk not in ids
    assert len([p for p in few["points"] if p["id"] == offers["drei"].pk]) == 3

    monkeypatch.setattr("search.offers.engines.POINTS_THRESHOLD", 0)
    many = run.map(bbox=bbox, zoom=5)
    assert many["type"] == "clusters" and many["clusters"]
    locations = [
        (page.pk, loc.latitude, loc.longitude)
        for page in public_offers().prefetch_related("locations")
        for loc in page.locations.all()
    ]
    for cluster in many["clusters"]:
        south, west, north, east = _tile_bounds(cluster["key"])
        inside = {
            pk
            for pk, lat, lon in locations
            if south <= lat < north and west <= lon < east and 52 <= lat <= 54 and 9 <= lon <= 11
        }
        assert cluster["count"] == len(inside), cluster
        assert south <= cluster["latitude"] <= north or cluster["count"] > 1
    assert POINTS_THRESHOLD > 0


def test_suggestions_complete_offer_titles(run, offers):
    assert [s["title"] for s in run.suggest("Kindert")] == ["Kindertagesstätte Sonnenschein"]
    assert "Familienhebammen im Landkreis" in [s["title"] for s in run.suggest("familienheb")]
    assert run.suggest("k") == []


def test_pagination(run, offers):
    first = run.search(page_size=3, page=1)
    second = run.search(page_size=3, page=2)
    assert first["count"] == second["count"] == 10
    assert len(first["results"]) == 3
    assert not {r["id"] for r in first["results"]} & {r["id"] for r in second["results"]}


def test_result_shape(run, offers):
    response = run.search(q="Hebamme", lat=WINSEN.latitude, lon=WINSEN.longitude, radius_km=10)
    assert response["engine"] == run.kind
    hit = response["results"][0]
    assert hit["title"] == "Familienhebammen im Landkreis"
    assert hit["source_id"] == "hsds-hebamme"
    offer = OfferPage.objects.get(pk=hit["id"])
    # The tree path stands in where no Site serves the test pages.
    assert hit["url"] == (offer.get_url() or offer.url_path)
    assert hit["categories"] == ["hebamme"]
    assert hit["languages"] == ["de", "tr"]
    assert hit["free"] is True
    assert set(hit["nearest_location"]) >= {"latitude", "longitude", "address", "postal_code"}
    assert "contacts" not in hit
