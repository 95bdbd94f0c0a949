"""The zero-result log: what is counted (a visitor's first page of a real search that found
nothing, once, wherever it was asked), under which key, and that nothing personal is kept."""

from __future__ import annotations

import datetime
import io

from django.core.management import call_command
from django.db import models
from django.utils import timezone

import pytest

from insights.models import SearchHint, UnmetSearch
from insights.recording import normalised_words

from .conftest import API, FINDER

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]

UNKNOWN = "Tagesmutter"  # no offer has the word


def counters() -> list[tuple[str, str, str, str | None, int]]:
    return sorted(
        (
            row.words,
            row.postcode_area,
            row.filters,
            row.region.slug if row.region else None,
            row.count,
        )
        for row in UnmetSearch.objects.select_related("region")
    )


def test_a_search_without_result_is_counted_once_per_request_on_api_and_finder(client, network):
    assert client.get(API, {"q": UNKNOWN, "near": "21423"}).json()["count"] == 0
    client.get(API, {"q": f"{UNKNOWN.lower()} ", "near": "21423"})
    # The finder page also counts its alternatives ("search within 50 km") with the same
    # engine; only the visitor's own search is counted.
    page = client.get(FINDER, {"q": UNKNOWN, "near": "21423 Winsen"})
    assert page.status_code == 200
    assert counters() == [("tagesmutter", "214", "", "landkreis-harburg", 3)]
    assert UnmetSearch.objects.get().day == timezone.localdate()


def test_words_are_normalised_and_sorted_and_digits_dropped(client, network):
    assert normalised_words("Hebamme in Winsen") == normalised_words("winsen HEBAMME")
    assert normalised_words("Tagesmütter Tel 0171 5551234 Str. 12a") == "str tagesmutter tel"
    client.get(API, {"q": "Zwillinge Tagesmutter"})
    client.get(API, {"q": "tagesmutter, zwillinge!"})
    assert counters() == [("tagesmutter zwillinge", "", "", None, 2)]


def test_only_a_first_page_of_a_real_search_without_result_counts(client, network):
    client.get(API, {"q": UNKNOWN, "page": 2})  # a later page
    client.get(API, {"q": "Krabbelgruppe"})  # found something
    client.get(API, {})  # no words, place or filter: browsing
    client.get(API, {"bbox": "9.8,53.2,10.3,53.5", "q": ""})  # a map pan
    client.get("/api/v1/offers/suggest", {"q": "Tagesm"})
    client.get("/api/v1/offers/map", {"q": UNKNOWN})
    client.get(FINDER, {"q": UNKNOWN, "print": "1"})  # the print view repeats a search
    client.get(API, {"near": "Unbekanntdorf"})  # 400: no search ran
    assert counters() == []


def test_my_location_is_kept_as_its_postcode_area_only(client, network):
    client.get(API, {"q": UNKNOWN, "lat": "53.35751", "lon": "10.21203"})
    client.get(FINDER, {"q": UNKNOWN, "lat": "53.3275", "lon": "9.8794"})  # Buchholz
    assert counters() == [
        ("tagesmutter", "212", "", "landkreis-harburg", 1),
        ("tagesmutter", "214", "", "landkreis-harburg", 1),
    ]


def test_filters_and_a_region_filter_make_the_key(client, network):
    client.get(
        API,
        {"category": "familienhebamme", "language": "tr,ar", "age_months": "14", "near": "21335"},
    )
    client.get(API, {"q": UNKNOWN, "region": "landkreis-lueneburg"})
    assert counters() == [
        (
            "",
            "213",
            "age_group=12-36;category=familienhebamme;language=ar,tr",
            "landkreis-lueneburg",
            1,
        ),
        ("tagesmutter", "", "region=landkreis-lueneburg", "landkreis-lueneburg", 1),
    ]


def test_filter_values_outside_the_vocabularies_are_not_kept(client, network):
    client.get(API, {"q": UNKNOWN, "category": "=SUMME(A1)", "provider": "Frau Muster"})
    client.get(API, {"category": "gibt-es-nicht"})  # nothing left to count by
    assert counters() == [("tagesmutter", "", "", None, 1)]


def test_a_failing_counter_never_fails_the_search(client, network, monkeypatch, caplog):
    def broken(key):
        raise RuntimeError("database gone")

    monkeypatch.setattr("insights.recording.count_unmet", broken)
    response = client.get(API, {"q": UNKNOWN})
    assert response.status_code == 200 and response.json()["count"] == 0
    assert "search_answered receiver" in caplog.text


# --- no personal data ------------------------------------------------------------------------

ADDRESS = "203.0.113.77"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Geheimbrowser/99.1"
COOKIE = "sitzung-4f1c2b"


def stored_values() -> list[str]:
    """Every value of every column of the log's tables, as text."""
    values = []
    for model in (UnmetSearch, SearchHint):
        for row in model.objects.values_list(*[f.attname for f in model._meta.concrete_fields]):
            values += [str(value) for value in row]
    return values


def test_no_address_browser_cookie_or_position_is_stored(client, network):
    client.cookies["sessionid"] = COOKIE
    lat, lon = "53.35123", "10.20987"
    for path in (API, FINDER):
        client.get(
            path,
            {"q": f"{UNKNOWN} Müllerstraße", "lat": lat, "lon": lon, "language": "tr"},
            REMOTE_ADDR=ADDRESS,
            HTTP_USER_AGENT=BROWSER,
            HTTP_X_FORWARDED_FOR=ADDRESS,
            HTTP_REFERER="https://example.org/private",
        )
    assert UnmetSearch.objects.get().count == 2
    # The columns are exactly these: a counter's key and its count, nothing about a request.
    assert [f.name for f in UnmetSearch._meta.concrete_fields] == [
        "id",
        "day",
        "words",
        "postcode_area",
        "filters",
        "region",
        "count",
    ]
    assert [f.name for f in SearchHint._meta.concrete_fields] == [
        "id",
        "offer",
        "words",
        "created_at",
    ]
    for field in UnmetSearch._meta.concrete_fields:
        assert not isinstance(
            field, models.GenericIPAddressField | models.FloatField | models.DecimalField
        )
    values = " ".join(stored_values())
    for secret in (
        ADDRESS,
        "Geheimbrowser",
        COOKIE,
        "example.org",
        lat,
        lon,
        "53.35",
        "10.20",
    ):
        assert secret not in values
    assert "214" in values.split()


# --- retention -------------------------------------------------------------------------------


def test_purge_deletes_counters_older_than_90_days(network):
    today = timezone.localdate()
    for age in (0, 89, 90, 400):
        UnmetSearch.objects.create(
            day=today - datetime.timedelta(days=age), words=f"alter {age}", count=1
        )
    out = io.StringIO()
    call_command("purge_search_log", stdout=out)
    assert "2 Zähler" in out.getvalue()
    assert sorted(UnmetSearch.objects.values_list("words", flat=True)) == ["alter 0", "alter 89"]


def test_the_first_counter_of_a_day_also_purges(client, network):
    old = UnmetSearch.objects.create(
        day=timezone.localdate() - datetime.timedelta(days=90), words="uralt", count=5
    )
    client.get(API, {"q": UNKNOWN})
    assert not UnmetSearch.objects.filter(pk=old.pk).exists()
    assert counters() == [("tagesmutter", "", "", None, 1)]
