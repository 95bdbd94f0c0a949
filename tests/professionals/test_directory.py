"""The referral-partner directory: pages, filters (field, working group, region, name,
distance) on both engines, working groups with meetings, the document library, login."""

from __future__ import annotations

from typing import Any

from django.core import mail

import pytest

from offers_directory import geo
from offers_directory.factories import BUCHHOLZ, LUENEBURG, WINSEN
from search import partners as partner_search
from tests.professionals.protected import NOTES, PARTNER_CONTACT, PARTNER_PHONE, PUBLIC_CONTACT
from tests.search.conftest import query

ENGINES = [
    pytest.param("database", id="database", marks=pytest.mark.embedded),
    pytest.param("elasticsearch", id="elasticsearch", marks=pytest.mark.elasticsearch),
]


def run_search(kind: str, **params: Any) -> dict[str, Any]:
    parsed = partner_search.parse_partner_params(query(params))
    if kind == "database":
        return partner_search.DatabasePartnerEngine().search(parsed)
    partner_search.rebuild()
    return partner_search.ElasticsearchPartnerEngine().search(parsed)


def names(answer: dict[str, Any]) -> list[str]:
    return [r["name"] for r in answer["results"]]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ENGINES)
def test_filters_by_field_group_region_name_and_distance(network, kind):
    everything = run_search(kind)
    assert everything["engine"] == kind
    assert names(everything) == [
        "Familiengericht Lüneburg",
        "Familienzentrum Winsen",
        "Hebammenpraxis Buchholz",
        "Hebammenpraxis München",
    ]
    assert names(run_search(kind, field="hebammenwesen")) == [
        "Hebammenpraxis Buchholz",
        "Hebammenpraxis München",
    ]
    # Several values of one facet: OR.
    assert set(names(run_search(kind, field=["justiz", "beratung"]))) == {
        "Familiengericht Lüneburg",
        "Familienzentrum Winsen",
    }
    assert names(run_search(kind, working_group="ag-sued")) == [
        "Familiengericht Lüneburg",
        "Hebammenpraxis München",
    ]
    assert "Hebammenpraxis München" not in names(run_search(kind, region="landkreis-harburg"))
    # Name and text, with the German analysis ("Hebamme" finds "Hebammenpraxis").
    assert names(run_search(kind, q="Hebamme")) == [
        "Hebammenpraxis Buchholz",
        "Hebammenpraxis München",
    ]
    assert names(run_search(kind, q="Familiengericht")) == ["Familiengericht Lüneburg"]
    # Distance: within 20 km of Winsen, nearest first, checked against a haversine.
    near = run_search(kind, lat=WINSEN.latitude, lon=WINSEN.longitude, radius_km=20)
    expected = sorted(
        (
            (geo.haversine_km(*WINSEN.point, *point), name)
            for name, point in [
                ("Familienzentrum Winsen", WINSEN.point),
                ("Hebammenpraxis Buchholz", BUCHHOLZ.point),
                ("Familiengericht Lüneburg", LUENEBURG.point),
            ]
            if geo.haversine_km(*WINSEN.point, *point) <= 20
        )
    )
    assert names(near) == [name for _d, name in expected]
    for result, (distance, _name) in zip(near["results"], expected, strict=True):
        assert result["distance_km"] == pytest.approx(distance, abs=0.01)
    # Field and distance together; each facet's counts ignore its own selection.
    combined = run_search(kind, field="hebammenwesen", lat=WINSEN.latitude, lon=WINSEN.longitude)
    assert names(combined) == ["Hebammenpraxis Buchholz"]
    counts = {item["value"]: item["count"] for item in combined["facets"]["field"]}
    assert counts["hebammenwesen"] == 1 and counts["justiz"] == 1


@pytest.mark.django_db
@pytest.mark.embedded
def test_bad_parameters_answer_400(client, network):
    response = client.get("/api/v1/partners/", {"near": "Nirgendwo-Hausen-Xyz"})
    assert response.status_code == 400
    assert response.json()["code"] == "unknown_place"
    assert client.get("/api/v1/partners/", {"sort": "distance"}).status_code == 400
    assert client.get("/fachkraefte/", {"radius_km": "-3", "near": "21423"}).status_code == 400


@pytest.mark.django_db
@pytest.mark.embedded
def test_directory_page_lists_and_filters(client, network):
    page = client.get("/fachkraefte/", {"field": "justiz"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "Familiengericht Lüneburg" in html
    assert "Hebammenpraxis Buchholz" not in html
    assert 'id="offer-map"' in html  # the partners on the site's own Leaflet map
    api = client.get("/api/v1/partners/", {"working_group": "ag-nord", "near": "21423"}).json()
    assert api["engine"] == "database"
    assert api["results"][0]["name"] == "Familienzentrum Winsen"


@pytest.mark.django_db
@pytest.mark.embedded
def test_partner_page_protected_details_for_professionals_only(client, network, professional):
    url = network.partners["familienzentrum"].get_absolute_url()
    anonymous = client.get(url).content.decode()
    assert PUBLIC_CONTACT in anonymous
    assert "Familienhebammen Winsen" in anonymous  # offers the partner runs
    assert "data-merkliste-add" in anonymous
    for marker in (PARTNER_CONTACT, PARTNER_PHONE, NOTES):
        assert marker not in anonymous
    client.force_login(professional)
    response = client.get(url)
    html = response.content.decode()
    for marker in (PARTNER_CONTACT, PARTNER_PHONE, NOTES):
        assert marker in html
    assert "private" in response["Cache-Control"]


@pytest.mark.django_db
@pytest.mark.embedded
def test_working_groups_members_meetings_and_documents(client, network):
    from django.core.files.base import ContentFile

    from wagtail.documents import get_document_model

    from professionals.models import DocumentVersion, NetworkDocument

    entry = NetworkDocument.objects.create(title="Kooperationsvereinbarung")
    for version, day in (("1.0", "2023-03-01"), ("2.0", "2025-09-01")):
        document = get_document_model()(title=f"KV {version}")
        document.file.save(f"kv-{version}.txt", ContentFile(b"text"), save=False)
        document.save()
        DocumentVersion.objects.create(
            entry=entry, document=document, version=version, valid_from=day
        )
    html = client.get("/fachkraefte/netzwerk/ag-nord/").content.decode()
    assert "Treffen AG Nord Frühjahr" in html
    assert "Familienzentrum Winsen" in html and "Hebammenpraxis München" not in html
    docs = client.get("/fachkraefte/dokumente/").content.decode()
    assert "Kooperationsvereinbarung" in docs
    # Link texts, not file names: storage renames a clashing "kv-2.0.txt" to "kv-2_<random>.0.txt".
    assert docs.index("Fassung 2.0<") < docs.index("Fassung 1.0<"), "the newest version comes first"
    assert entry.current_version().version == "2.0"


@pytest.mark.django_db
@pytest.mark.embedded
def test_login_logout_and_password_reset(client, professional):
    page = client.get("/fachkraefte/anmelden/")
    assert page.status_code == 200 and 'lang="de"' in page.content.decode()
    bad = client.post("/fachkraefte/anmelden/", {"username": "fachkraft", "password": "falsch"})
    assert bad.status_code == 200 and b'role="alert"' in bad.content
    good = client.post(
        "/fachkraefte/anmelden/", {"username": "fachkraft", "password": "sicheres-Passwort-1"}
    )
    assert good.status_code == 302 and good["Location"] == "/fachkraefte/"
    assert client.session.get("_auth_user_id") == str(professional.pk)
    client.post("/fachkraefte/abmelden/")
    assert "_auth_user_id" not in client.session

    client.post("/fachkraefte/passwort-vergessen/", {"email": "fachkraft@example.org"})
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    link = next(line for line in body.splitlines() if "/fachkraefte/passwort-neu/" in line)
    path = link.split("testserver", 1)[1]
    form = client.get(path, follow=True)
    assert form.status_code == 200
    done = client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else path,
        {"new_password1": "Neues-Passwort-2026", "new_password2": "Neues-Passwort-2026"},
    )
    assert done.status_code == 302
    assert client.login(username="fachkraft", password="Neues-Passwort-2026")


@pytest.mark.django_db
@pytest.mark.embedded
def test_professionals_group_exists_and_gates_contacts(professional):
    from django.contrib.auth.models import AnonymousUser, Group

    from offers_directory.privacy import can_see_protected_contacts

    assert Group.objects.filter(name="Fachkräfte").exists()
    assert can_see_protected_contacts(professional)
    assert not can_see_protected_contacts(AnonymousUser())


@pytest.mark.django_db
@pytest.mark.embedded
def test_a_partner_at_the_searched_place_reads_am_ort(client, network):
    """A distance under 100 m is geocoding noise: "am Ort", never "0,0 km entfernt", on the
    page and in the API's label alike."""
    at_winsen = {"lat": WINSEN.latitude, "lon": WINSEN.longitude, "radius_km": 20}
    page = client.get("/fachkraefte/", at_winsen)
    html = page.content.decode()
    assert page.status_code == 200
    item = html[html.index("Familienzentrum Winsen") :]
    item = item[: item.index("</li>")]
    assert "am Ort" in item
    assert "0,0 km" not in html
    assert "km entfernt" in html  # the partners farther away keep their distance
    api = client.get("/api/v1/partners/", at_winsen).json()
    labels = {r["name"]: (r["distance_km"], r["distance_label"]) for r in api["results"]}
    assert labels["Familienzentrum Winsen"] == (0.0, "am Ort")
    farther = [value for name, value in labels.items() if name != "Familienzentrum Winsen"]
    assert farther
    for km, label in farther:
        assert label == f"{km:.1f} km entfernt".replace(".", ",")


@pytest.mark.django_db
@pytest.mark.embedded
def test_directory_asks_which_place_an_ambiguous_name_means(client, network):
    page = client.get("/fachkraefte/", {"near": "Neustadt", "field": "justiz"})
    html = page.content.decode()
    assert page.status_code == 400
    assert "Welches Neustadt meinen Sie?" in html
    links = [href for href in html.split('href="')[1:] if href.startswith("?")]
    assert len(links) >= 2
    picked = client.get("/fachkraefte/" + links[0].split('"')[0].replace("&amp;", "&"))
    assert picked.status_code == 200
