"""The coordinators' dashboard (Admin → „Versorgungslücken“): each coordinator sees their own
region's unmet searches and coverage only, answers a search with one of their offers, and
downloads every table as CSV; the statistics carry nothing about a visitor."""

from __future__ import annotations

import csv
import datetime
import io

from django.utils import timezone

import pytest

from home.factories import GroupFactory, RegionPageFactory, UserFactory
from insights.coverage import coverage
from insights.models import SearchHint, UnmetSearch
from insights.tables import Table
from offers_directory.factories import OfferPageFactory
from offers_directory.models import OfferIndexPage, RegionArea

from .conftest import API, DASHBOARD

pytestmark = pytest.mark.django_db


def count(region, words: str, n: int, area: str = "", filters: str = "", days_ago: int = 0):
    return UnmetSearch.objects.create(
        day=timezone.localdate() - datetime.timedelta(days=days_ago),
        words=words,
        postcode_area=area,
        filters=filters,
        region=region,
        count=n,
    )


def refused(response) -> bool:
    """Wagtail answers PermissionDenied in the admin with a redirect to the dashboard."""
    return response.status_code == 302 and response.url == "/admin/"


def unmet_words(page: str) -> list[str]:
    table = page.split('data-table="unmet"', 1)[1].split("</table>", 1)[0]
    return [cell.split("</th>")[0] for cell in table.split('<th scope="row">')[1:]]


def read_csv(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


@pytest.fixture
def searches(network):
    count(network.harburg, "tagesmutter", 7, "214", "category=krabbelgruppe")
    count(network.harburg, "tagesmutter", 2, "214", "category=krabbelgruppe", days_ago=3)
    count(network.harburg, "schreibaby", 4, "212")
    count(network.harburg, "verjaehrt", 50, "212", days_ago=90)  # past the retention
    count(network.lueneburg, "hebamme nachts", 5, "213")
    count(None, "zwillinge", 3)


def test_coordinator_sees_the_own_regions_top_unmet_searches_only(client, network, searches):
    client.force_login(network.coordinator)
    page = client.get(DASHBOARD).content.decode()
    assert unmet_words(page) == ["tagesmutter", "schreibaby"]
    assert "<td>9</td>" in page  # 7 + 2 over the days
    assert "hebamme nachts" not in page and "zwillinge" not in page
    assert "Landkreis Lüneburg" not in page
    # Asking for the other region is refused, for the page and every export alike.
    assert refused(client.get(DASHBOARD, {"region": "landkreis-lueneburg"}))
    assert refused(client.get(f"{DASHBOARD}export/unmet.csv", {"region": "landkreis-lueneburg"}))
    assert refused(client.get(DASHBOARD, {"region": "-"}))


def test_network_editors_see_every_region_and_the_searches_of_none(client, network, searches):
    admin = UserFactory(username="redaktion", is_superuser=True)
    client.force_login(admin)
    page = client.get(DASHBOARD, {"region": "landkreis-lueneburg"}).content.decode()
    assert unmet_words(page) == ["hebamme nachts"]
    assert unmet_words(client.get(DASHBOARD, {"region": "-"}).content.decode()) == ["zwillinge"]


def test_people_without_a_region_get_no_dashboard(client, network, searches):
    # An editor of the admin without any page of a region (e.g. for snippets only).
    group = GroupFactory(name="Nur Admin", permissions=["wagtailadmin.access_admin"])
    client.force_login(UserFactory(username="niemand", groups=[group]))
    assert refused(client.get(DASHBOARD))


def test_unmet_csv_has_the_same_rows(client, network, searches):
    client.force_login(network.coordinator)
    rows = read_csv(client.get(f"{DASHBOARD}export/unmet.csv"))
    assert rows[0] == ["Suchbegriffe", "PLZ-Bereich", "Filter", "Suchen", "Beantwortet durch"]
    assert rows[1:] == [
        ["tagesmutter", "214xx", "Krabbelgruppe / Eltern-Kind-Gruppe", "9", ""],
        ["schreibaby", "212xx", "–", "4", ""],
    ]
    areas = read_csv(client.get(f"{DASHBOARD}export/areas.csv"))
    assert areas == [
        ["PLZ-Bereich", "Krabbelgruppe / Eltern-Kind-Gruppe", "ohne Kategorie", "Summe"],
        ["212xx", "0", "4", "4"],
        ["214xx", "9", "0", "9"],
    ]


def test_csv_cells_never_start_a_formula():
    table = Table("unmet", "Test", ["Suchbegriffe", "Suchen"], [["=1+1", 3], ["@A1", 1], ["-", 0]])
    assert table.csv().splitlines()[1:] == ["'=1+1;3", "'@A1;1", "'-;0"]


def test_answering_a_search_makes_it_find_the_offer(
    client, network, searches, django_capture_on_commit_callbacks
):
    offer = network.offers["krabbeln"]
    assert client.get(API, {"q": "Tagesmutter"}).json()["count"] == 0
    client.force_login(network.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{DASHBOARD}beantworten/",
            {"words": "tagesmutter", "offer": offer.pk, "region": "landkreis-harburg"},
        )
    assert response.status_code == 302
    assert [r["id"] for r in client.get(API, {"q": "Tagesmütter"}).json()["results"]] == [offer.pk]
    page = client.get(DASHBOARD).content.decode()
    assert '<span class="insights-answer">Krabbelgruppe Winsen</span>' in page
    hint = SearchHint.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{DASHBOARD}hinweis/{hint.pk}/entfernen/", {"region": "landkreis-harburg"})
    assert client.get(API, {"q": "Tagesmutter"}).json()["count"] == 0


def test_a_coordinator_cannot_answer_with_another_regions_offer(client, network, searches):
    client.force_login(network.coordinator)
    response = client.post(
        f"{DASHBOARD}beantworten/", {"words": "tagesmutter", "offer": network.offers["cafe"].pk}
    )
    assert refused(response)
    assert not SearchHint.objects.exists()
    hint = SearchHint.objects.create(offer=network.offers["cafe"], words="hebamme nachts")
    assert refused(client.post(f"{DASHBOARD}hinweis/{hint.pk}/entfernen/"))
    assert SearchHint.objects.filter(pk=hint.pk).exists()


# --- coverage --------------------------------------------------------------------------------


def test_coverage_counts_offers_per_municipality_and_finds_categories_out_of_reach(network):
    cover = coverage(network.harburg)
    places = {m.name: m for m in cover.municipalities}
    # The region's municipalities are its postcodes' main places (RegionArea prefixes).
    assert {"Buchholz in der Nordheide", "Winsen (Luhe)", "Seevetal", "Tostedt"} <= set(places)
    assert "Lüneburg" not in places
    assert places["Buchholz in der Nordheide"].offers == {"hebammenhilfe": 1}
    assert places["Winsen (Luhe)"].offers == {"begegnung": 1}
    mains = [c.code for c in cover.categories]
    assert mains[:3] == ["hebammenhilfe", "beratung", "begegnung"]
    # Egestorf lies 19 km from Buchholz: its midwives are out of reach; Jesteburg (5 km) not.
    assert "hebammenhilfe" not in places["Egestorf"].reached
    assert "hebammenhilfe" in places["Jesteburg"].reached
    # Nothing offers advice anywhere near: every municipality lacks it.
    assert all("beratung" not in m.reached for m in cover.municipalities)


def test_a_region_no_county_is_named_after_takes_its_prefixes(network):
    nordheide = RegionPageFactory(title="Netzwerk Nordheide", slug="nordheide", official_name="")
    RegionArea.objects.set_for(nordheide, postcode_prefixes=["21244", "21266"])
    places = coverage(nordheide).municipalities
    assert [(m.name, m.postcodes) for m in places] == [
        ("Buchholz in der Nordheide", ["21244"]),
        ("Jesteburg", ["21266"]),
    ]
    # Buchholz's midwives (an offer of another region) reach both.
    assert all("hebammenhilfe" in m.reached for m in places)


def test_service_areas_and_outreach_offers_reach(network):
    index = OfferIndexPage.objects.child_of(network.harburg).first()
    OfferPageFactory(
        parent=index,
        title="Hebammen-Rufbereitschaft",
        categories=["hebammensprechstunde"],
        service_areas=[
            {
                "name": "Egestorf",
                "center_latitude": 53.19,
                "center_longitude": 10.06,
                "radius_km": 5,
            }
        ],
    )
    OfferPageFactory(parent=index, title="Willkommensbesuch", categories=["sozialberatung"])
    places = {m.name: m for m in coverage(network.harburg).municipalities}
    assert "hebammenhilfe" in places["Egestorf"].reached
    assert all("beratung" in m.reached for m in places.values())


def test_coverage_tables_map_and_csv(client, network):
    client.force_login(network.coordinator)
    page = client.get(DASHBOARD).content.decode()
    for key in ("areas", "density", "gaps"):
        assert f'data-table="{key}"' in page
    assert ">Angebote je Gemeinde und Kategorie in Landkreis Harburg</caption>" in page
    assert 'id="insights-map"' in page and 'id="insights-map-data"' in page
    assert "insights/coverage_map.js" in page and "leaflet.js" in page
    density = read_csv(client.get(f"{DASHBOARD}export/density.csv"))
    assert density[0][:4] == ["Gemeinde", "Hebammenhilfe", "Beratung", "Begegnung und Austausch"]
    buchholz = next(row for row in density if row[0] == "Buchholz in der Nordheide")
    assert buchholz[1:4] == ["1", "0", "0"] and buchholz[-1] == "1"
    gaps = read_csv(client.get(f"{DASHBOARD}export/gaps.csv"))
    assert gaps[0] == ["Gemeinde", "Postleitzahlen", "Kategorien ohne Angebot"]
    egestorf = next(row for row in gaps if row[0] == "Egestorf")
    assert egestorf[1] == "21272" and "Hebammenhilfe" in egestorf[2]
    assert refused(client.get(f"{DASHBOARD}export/density.csv", {"region": "landkreis-lueneburg"}))
    assert client.get(f"{DASHBOARD}export/nothing.csv").status_code == 404


def test_statistics_and_exports_hold_no_personal_data(client, network):
    secret_address, secret_browser = "198.51.100.23", "Geheimbrowser/7"
    # Twice: words searched once are not listed at all.
    for _ in range(2):
        client.get(
            API,
            {"q": "Tagesmutter", "lat": "53.33311", "lon": "9.88123"},
            REMOTE_ADDR=secret_address,
            HTTP_USER_AGENT=secret_browser,
        )
    client.force_login(network.coordinator)
    outputs = [client.get(DASHBOARD).content.decode()] + [
        client.get(f"{DASHBOARD}export/{table}.csv").content.decode()
        for table in ("unmet", "areas", "density", "gaps")
    ]
    assert "tagesmutter" in outputs[1] and "212xx" in outputs[1]
    for text in outputs:
        for secret in (secret_address, secret_browser, "53.333", "9.881"):
            assert secret not in text


def test_the_menu_shows_the_dashboard_to_page_editors_only(client, network):
    client.force_login(network.coordinator)
    assert DASHBOARD in client.get("/admin/").content.decode()
    group = GroupFactory(name="Nur Admin", permissions=["wagtailadmin.access_admin"])
    client.force_login(UserFactory(username="niemand", groups=[group]))
    assert DASHBOARD not in client.get("/admin/").content.decode()


def test_words_searched_once_are_not_listed_but_still_counted_per_area(client, network, searches):
    count(network.harburg, "frau muster hebamme", 1, "212")
    client.force_login(network.coordinator)
    page = client.get(DASHBOARD).content.decode()
    assert "muster" not in page
    assert unmet_words(page) == ["tagesmutter", "schreibaby"]
    assert "seltener als 2-mal gesucht" in page
    rows = read_csv(client.get(f"{DASHBOARD}export/unmet.csv"))
    assert all("muster" not in cell for row in rows for cell in row)
    areas = read_csv(client.get(f"{DASHBOARD}export/areas.csv"))
    assert ["212xx", "0", "5", "5"] in areas


def test_the_privacy_note_names_the_configured_retention(client, network, settings):
    settings.INSIGHTS = {**settings.INSIGHTS, "RETENTION_DAYS": 30}
    client.force_login(network.coordinator)
    page = client.get(DASHBOARD).content.decode()
    assert "nach 30 Tagen gelöscht" in page and "nach 90 Tagen" not in page
