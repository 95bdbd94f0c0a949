"""The read-only HSDS 3.1 API under /api/hsds/: paging, filters, 400s, validity against the
HSDS 3.1 schemas, ids (UUIDs, also for source ids that are none), and privacy (only live,
public, active offers; only public contact persons)."""

from __future__ import annotations

import pytest

from offers_directory.hsds import HSDS_OPENAPI_URL, HSDS_PROFILE
from offers_directory.hsds.ids import derived_id, generated_id, is_uuid
from offers_directory.hsds.validation import errors, page_errors
from offers_directory.models import ContactPerson, OfferPage, TaxonomyTerm
from tests.shared_data import shared_data

from .exchange import HSDS_DATA, load, run_import

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.embedded,
    pytest.mark.usefixtures("keep_old_samples_public"),
]

# The sample's ids are no UUIDs; the API shows them as UUIDs derived from them.
HEBAMME = derived_id("service", "svc-hebamme-winsen")
ELTERNKURS = derived_id("service", "svc-elternkurs-buchholz")
FZ_WINSEN = derived_id("organization", "org-fz-winsen")
PRERELEASE = load("prerelease_3_0_service.json")


def import_samples() -> None:
    run_import(HSDS_DATA / "sample_services.json")
    run_import(HSDS_DATA / "prerelease_3_0_service.json")


@pytest.fixture(scope="module")
def imported(shared_tree, django_db_blocker, request):
    with shared_data(django_db_blocker, request.node.nodeid, import_samples):
        yield


@pytest.fixture
def offers(tree, imported):
    """Both sample files imported (once per module)."""
    return OfferPage.objects.all()


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def test_root_announces_hsds_3_1(client, db):
    data = get(client, "/api/hsds/")
    assert data == {"version": "3.1", "profile": HSDS_PROFILE, "openapi_url": HSDS_OPENAPI_URL}
    assert "/3.1/" in data["profile"] and "/3.1/" in data["openapi_url"]


def test_services_list_is_a_valid_page_of_active_live_offers(client, offers):
    data = get(client, "/api/hsds/services")
    assert page_errors(data, "service") == []
    ids = {item["id"] for item in data["contents"]}
    # The inactive Dessau offer is not served.
    assert ids == {HEBAMME, ELTERNKURS, PRERELEASE["id"]}
    assert all(is_uuid(i) for i in ids)
    assert data["total_items"] == 3 and data["total_pages"] == 1 and data["size"] == 3
    assert data["first_page"] and data["last_page"] and not data["empty"]


def test_paging(client, offers):
    first = get(client, "/api/hsds/services?per_page=2")
    assert (first["total_items"], first["total_pages"], first["size"]) == (3, 2, 2)
    assert len(first["contents"]) == 2 and first["first_page"] and not first["last_page"]
    second = get(client, "/api/hsds/services?per_page=2&page=2")
    assert len(second["contents"]) == 1 and second["last_page"] and not second["first_page"]
    # HSDS 3.1: size is the number of entities on this page, not the requested per_page.
    assert second["size"] == 1
    beyond = get(client, "/api/hsds/services?per_page=2&page=9")
    assert beyond["empty"] and beyond["contents"] == [] and beyond["size"] == 0
    assert page_errors(beyond, "service") == []
    ids = [item["id"] for item in first["contents"] + second["contents"]]
    assert len(set(ids)) == 3


@pytest.mark.parametrize(
    "query",
    [
        "page=0",
        "page=x",
        "per_page=0",
        "per_page=501",
        "per_page=-1",
        "minimal=vielleicht",
        "modified_after=gestern",
    ],
)
def test_bad_parameters_answer_400_with_a_message(client, offers, query):
    data = get(client, f"/api/hsds/services?{query}", status=400)
    assert data["detail"]


def test_filters(client, offers):
    by_term = get(client, "/api/hsds/services?taxonomy_term_id=elternkurs")
    assert [s["id"] for s in by_term["contents"]] == [ELTERNKURS]
    term = TaxonomyTerm.objects.get(code="hebammensprechstunde")
    by_term_id = get(
        client, f"/api/hsds/services?taxonomy_term_id={generated_id('taxonomy_term', term.pk)}"
    )
    assert [s["id"] for s in by_term_id["contents"]] == [HEBAMME]
    # The organisation is found by its source id and by the UUID the API shows for it.
    for organization in ("org-fz-winsen", FZ_WINSEN):
        by_org = get(client, f"/api/hsds/services?organization_id={organization}")
        assert {s["id"] for s in by_org["contents"]} == {HEBAMME, ELTERNKURS}
    search = get(client, "/api/hsds/services?search=elternkurs")
    assert [s["id"] for s in search["contents"]] == [ELTERNKURS]
    assert get(client, "/api/hsds/services?modified_after=2999-01-01")["total_items"] == 0
    assert get(client, "/api/hsds/services?modified_after=2000-01-01T00:00:00Z")["total_items"] == 3
    by_taxonomy = get(client, "/api/hsds/services?taxonomy_id=zielgruppen")
    assert [s["id"] for s in by_taxonomy["contents"]] == [HEBAMME]
    # The term the pre-release document brought, by the id it came with.
    new_term = PRERELEASE["attributes"][0]["taxonomy_term"]
    by_new_term = get(client, f"/api/hsds/services?taxonomy_term_id={new_term['id']}")
    assert [s["id"] for s in by_new_term["contents"]] == [PRERELEASE["id"]]
    minimal = get(client, "/api/hsds/services?minimal=true")
    assert "service_at_locations" not in minimal["contents"][0]
    assert page_errors(minimal, "service") == []


def test_service_detail_and_404(client, offers):
    data = get(client, "/api/hsds/services/svc-hebamme-winsen")
    assert errors(data, "service") == []
    assert data["id"] == HEBAMME
    assert get(client, f"/api/hsds/services/{HEBAMME}") == data
    assert data["organization"]["id"] == FZ_WINSEN
    assert data["service_at_locations"][0]["location"]["latitude"] == 53.3577
    # HSDS 3.0/3.1: the taxonomy is named in `taxonomy` and described in `taxonomy_detail`.
    term = data["attributes"][0]["taxonomy_term"]
    assert term["taxonomy"] == "Angebotsarten"
    assert term["taxonomy_detail"]["name"] == "Angebotsarten"
    assert term["taxonomy_id"] == term["taxonomy_detail"]["id"]
    assert data["attributes"][0]["label"] == term["name"] == "Hebammensprechstunde"
    assert data["schedules"][0]["wkst"] == "MO"
    get(client, "/api/hsds/services/svc-beratung-dessau", status=404)  # inactive
    get(client, "/api/hsds/services/unknown", status=404)


def test_protected_contacts_never_in_the_api(client, offers):
    services = get(client, "/api/hsds/services")
    assert "Anna Beispiel" not in str(services)
    assert "anna.beispiel@example.de" not in str(
        get(client, "/api/hsds/services/svc-hebamme-winsen")
    )
    ContactPerson.objects.filter(source_id="c-anna").update(is_public=True)
    detail = get(client, "/api/hsds/services/svc-hebamme-winsen")
    assert [c["name"] for c in detail["contacts"]] == ["Anna Beispiel"]
    assert errors(detail, "service") == []


def test_cms_offers_get_a_stable_generated_id(client, offers):
    offer = OfferPage.objects.get(source_id="svc-elternkurs-buchholz")
    offer.source_id = None
    offer.save()
    listed = get(client, "/api/hsds/services?search=Elternkurs")["contents"][0]
    assert listed["id"] == generated_id("service", offer.pk)
    assert get(client, f"/api/hsds/services/{listed['id']}")["name"] == offer.title


def test_organizations(client, offers):
    data = get(client, "/api/hsds/organizations")
    assert page_errors(data, "organization") == []
    ids = {o["id"] for o in data["contents"]}
    assert ids == {FZ_WINSEN, PRERELEASE["organization"]["id"]}
    detail = get(client, "/api/hsds/organizations/org-fz-winsen")
    assert errors(detail, "organization") == []
    assert get(client, f"/api/hsds/organizations/{FZ_WINSEN}") == detail
    assert {s["id"] for s in detail["services"]} == {HEBAMME, ELTERNKURS}
    get(client, "/api/hsds/organizations/nope", status=404)


def test_organizations_by_taxonomy_term_and_taxonomy(client, offers):
    """HSDS 3.1 filters /organizations by term: the providers of offers with that term."""
    by_term = get(client, "/api/hsds/organizations?taxonomy_term_id=paarkurs")
    assert [o["id"] for o in by_term["contents"]] == [PRERELEASE["organization"]["id"]]
    by_taxonomy = get(client, "/api/hsds/organizations?taxonomy_id=zielgruppen")
    assert [o["id"] for o in by_taxonomy["contents"]] == [FZ_WINSEN]
    assert get(client, "/api/hsds/organizations?taxonomy_term_id=nope")["empty"]


def test_service_at_locations(client, offers):
    data = get(client, "/api/hsds/service_at_locations")
    assert page_errors(data, "service_at_location") == []
    ids = {item["id"] for item in data["contents"]}
    winsen = derived_id("service_at_location", "sal-winsen-1")
    assert winsen in ids and derived_id("service_at_location", "sal-dessau-1") not in ids
    for item in data["contents"]:
        for address in item["location"].get("addresses", []):
            assert errors(address, "address") == []
    detail = get(client, "/api/hsds/service_at_locations/sal-winsen-1")
    assert errors(detail, "service_at_location") == []
    assert detail["id"] == winsen and detail["service_id"] == HEBAMME
    assert (
        detail["location_id"] == detail["location"]["id"] == derived_id("location", "loc-winsen-1")
    )
    assert get(client, f"/api/hsds/service_at_locations/{winsen}") == detail
    by_postcode = get(client, "/api/hsds/service_at_locations?postcode=21244")
    assert [i["id"] for i in by_postcode["contents"]] == [
        derived_id("service_at_location", "sal-buchholz-1")
    ]
    get(client, "/api/hsds/service_at_locations/sal-dessau-1", status=404)


def test_taxonomies_and_terms(client, offers):
    taxonomies = get(client, "/api/hsds/taxonomies?per_page=100")
    assert page_errors(taxonomies, "taxonomy") == []
    assert {"Angebotsarten", "Zielgruppen"} <= {t["name"] for t in taxonomies["contents"]}
    terms = get(client, "/api/hsds/taxonomy_terms?per_page=500")
    assert page_errors(terms, "taxonomy_term") == []
    # Each term once per language it has a name in.
    assert terms["total_items"] == sum(len(t.names) for t in TaxonomyTerm.objects.all())
    assert terms["total_items"] > TaxonomyTerm.objects.count()
    category = get(client, "/api/hsds/taxonomy_terms?taxonomy_id=zielgruppen&per_page=500")
    assert "schwangere" in {t["code"] for t in category["contents"]}
    assert "elternkurs" not in {t["code"] for t in category["contents"]}
    get(client, "/api/hsds/taxonomy_terms?page=abc", status=400)


def test_every_term_a_service_links_is_found_in_its_language(client, offers):
    """A service's attributes link the term and its translations by id; each of those ids
    answers under /taxonomy_terms/{id}, and filters services like the German term does."""
    service = get(client, f"/api/hsds/services/{HEBAMME}")
    linked = {a["taxonomy_term_id"]: a["taxonomy_term"] for a in service["attributes"]}
    languages = {term["language"] for term in linked.values()}
    assert {"de", "en", "ar"} <= languages
    german_ids = {t["code"]: i for i, t in linked.items() if t["language"] == "de"}
    for term_id, term in linked.items():
        found = get(client, f"/api/hsds/taxonomy_terms/{term_id}")
        assert errors(found, "taxonomy_term") == []
        assert (found["id"], found["name"], found["language"]) == (
            term_id,
            term["name"],
            term["language"],
        )
        by_term = get(client, f"/api/hsds/services?taxonomy_term_id={term_id}")
        by_german = get(client, f"/api/hsds/services?taxonomy_term_id={german_ids[term['code']]}")
        assert HEBAMME in {s["id"] for s in by_term["contents"]}
        assert by_term["total_items"] == by_german["total_items"]
    english = next(t for t in linked.values() if t["language"] == "en")
    searched = get(client, f"/api/hsds/taxonomy_terms?search={english['name'].upper()}")
    assert english["id"] in {t["id"] for t in searched["contents"]}
    assert all(
        english["name"].casefold() in (t["name"] + t["code"] + t["description"]).casefold()
        for t in searched["contents"]
    )


def test_api_is_read_only(client, offers):
    assert client.post("/api/hsds/services", {}).status_code == 405
