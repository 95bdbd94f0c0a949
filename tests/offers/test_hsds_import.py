"""import_offers with HSDS JSON: HSDS 3.0 and 3.1 (version read from the document, checked
against that version's schemas), pre-release 3.0 spellings, list, single object, paged
response, idempotent re-import, status handling, dry run, drafts, bad data reported row by
row."""

from __future__ import annotations

import copy
import io

from django.core.management import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from offers_directory import geo, importers
from offers_directory.geocoding import municipality_centre
from offers_directory.importers import run_import as import_file
from offers_directory.models import (
    ContactPerson,
    GeocodeStatus,
    OfferPage,
    OrganizationPage,
    Taxonomy,
    TaxonomyTerm,
)

from .exchange import (
    HSDS_DATA,
    load,
    run_import,
    sample_services,
    summary,
    write_json,
)

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


def test_list_import_maps_the_hsds_fields(tree, tmp_path):
    output = run_import(HSDS_DATA / "sample_services.json")
    assert summary(output) == {
        "imported": 3,
        "updated": 0,
        "unchanged": 0,
        "rejected": 0,
        # One per offer: the sample's ids are no UUIDs, as HSDS 3.0 requires.
        "warnings": 3,
        "geocoded": 1,
    }
    assert "100% (3/3)" in output  # the plain-text progress bar
    assert "Gelesen als HSDS 3.0 (keine Felder, die erst HSDS 3.1 kennt" in output
    assert (
        "Weicht vom Schema HSDS 3.0 ab" in output
        and "'svc-hebamme-winsen' ist keine UUID" in output
    )

    offer = OfferPage.objects.get(source_id="svc-hebamme-winsen")
    assert offer.live and offer.status == "active"
    assert offer.min_age_months == 0 and offer.max_age_months == 12
    assert offer.is_free and offer.fee_amount is None
    assert sorted(lang.code for lang in offer.languages.all()) == ["de", "tr"]
    assert [t.code for t in offer.categories.all()] == ["hebammensprechstunde"]
    assert [t.code for t in offer.target_groups.all()] == ["schwangere"]
    assert offer.provider.source_id == "org-fz-winsen"
    assert offer.phone == "04171 123456"
    assert [(s.weekday, s.opens_at.isoformat()) for s in offer.sorted_schedules()] == [
        ("MO", "09:00:00"),
        ("WE", "09:00:00"),
    ]
    location = offer.locations.get()
    assert (location.latitude, location.longitude) == (53.3577, 10.2113)
    assert location.geocode_status == GeocodeStatus.EXACT  # given coordinates are kept
    assert (location.postal_code, location.city) == ("21423", "Winsen (Luhe)")
    # Imported contact persons are protected.
    contact = ContactPerson.objects.get(source_id="c-anna")
    assert contact.offer_id == offer.pk and contact.is_public is False
    # The region follows from the postcode.
    assert offer.get_parent().get_parent().slug == "landkreis-harburg"

    course = OfferPage.objects.get(source_id="svc-elternkurs-buchholz")
    assert not course.is_free and str(course.fee_amount) == "25.00"
    assert course.fee_note == "pro Kurs, Ermäßigung möglich"
    assert course.min_age_months == 12 and course.max_age_months == 36
    area = course.service_areas.get()
    assert area.extent["type"] == "Polygon" and area.covers(53.35, 10.0)
    # An address without coordinates is looked up in the offline gazetteer while importing
    # (the town's centre), so the offer is written and indexed once, with its pin.
    course_location = course.locations.get()
    assert course_location.geocode_status == GeocodeStatus.APPROXIMATE
    assert course_location.geocoded_address == course_location.address_key
    assert geo.haversine_km(53.33, 9.88, course_location.latitude, course_location.longitude) < 10
    # The same organisation id is one provider page.
    assert OrganizationPage.objects.count() == 1

    dessau = OfferPage.objects.get(source_id="svc-beratung-dessau")
    assert dessau.status == "inactive" and not dessau.live
    assert dessau.get_parent().get_parent().slug == "wittenberg-dessau-rosslau"


def test_single_object_and_paged_response(tree, tmp_path):
    services = sample_services()
    run_import(write_json(tmp_path, services[0], "single.json"))
    assert OfferPage.objects.count() == 1
    paged = {
        "total_items": 3,
        "total_pages": 1,
        "page_number": 1,
        "size": 50,
        "first_page": True,
        "last_page": True,
        "empty": False,
        "contents": services,
    }
    output = run_import(write_json(tmp_path, paged, "page.json"), "--format", "hsds")
    counts = summary(output)
    assert (counts["imported"], counts["unchanged"]) == (2, 1)
    assert OfferPage.objects.count() == 3


def test_reimport_updates_and_never_duplicates(tree, tmp_path):
    run_import(HSDS_DATA / "sample_services.json")
    again = summary(run_import(HSDS_DATA / "sample_services.json"))
    assert again["unchanged"] == 3
    assert again["imported"] == again["updated"] == again["geocoded"] == 0
    assert OfferPage.objects.count() == 3

    services = sample_services()
    services[0]["name"] = "Hebammensprechstunde Winsen (neu)"
    services[0]["languages"].append({"id": "l9", "code": "ar"})
    counts = summary(run_import(write_json(tmp_path, services)))
    assert (counts["updated"], counts["unchanged"], counts["imported"]) == (1, 2, 0)
    offer = OfferPage.objects.get(source_id="svc-hebamme-winsen")
    assert offer.title == "Hebammensprechstunde Winsen (neu)" and offer.live
    assert sorted(lang.code for lang in offer.languages.all()) == ["ar", "de", "tr"]
    assert OfferPage.objects.count() == 3
    # An editor's public flag on a contact survives re-imports.
    ContactPerson.objects.filter(source_id="c-anna").update(is_public=True)
    services[0]["description"] = "Geänderte Beschreibung."
    run_import(write_json(tmp_path, services))
    assert ContactPerson.objects.get(source_id="c-anna").is_public is True


def test_child_objects_keep_the_files_order_and_a_reimport_finds_them_unchanged(tree, tmp_path):
    service = sample_services()[0]
    place = service["service_at_locations"][0]
    streets = ["Rathausstraße 1", "Luhdorfer Straße 4", "Bahnhofstraße 12", "Am Wall 2"]
    service["service_at_locations"] = []
    for number, street in enumerate(streets):
        item = copy.deepcopy(place)
        item["id"], item["location"]["id"] = f"sal-{number}", f"loc-{number}"
        item["location"]["addresses"][0]["address_1"] = street
        service["service_at_locations"].append(item)
    contact = service["contacts"][0]
    service["contacts"] = [
        {**contact, "id": f"c-{number}", "name": name}
        for number, name in enumerate(["Zoe Zander", "Anna Arndt", "Mia Berg"])
    ]
    path = write_json(tmp_path, [service])
    assert summary(run_import(path))["imported"] == 1

    def stored() -> tuple[list, list]:
        offer = OfferPage.objects.get(source_id=service["id"])
        return (
            [(loc.sort_order, loc.street) for loc in offer.locations.all()],
            [(c.sort_order, c.name) for c in offer.contacts.all()],
        )

    assert stored() == (
        list(enumerate(streets)),
        list(enumerate(["Zoe Zander", "Anna Arndt", "Mia Berg"])),
    )
    assert summary(run_import(path))["unchanged"] == 1

    service["service_at_locations"].reverse()
    service["contacts"].reverse()
    counts = summary(run_import(write_json(tmp_path, [service])))
    assert counts["updated"] == 1
    assert stored() == (
        list(enumerate(reversed(streets))),
        list(enumerate(["Mia Berg", "Anna Arndt", "Zoe Zander"])),
    )


def test_reimporting_unchanged_offers_reads_their_relations_per_batch(tree, tmp_path):
    """The stored offers' relations are read for the whole batch: per published offer only
    its savepoint is left (about nine queries each before). (An offer with a draft is
    compared with its latest revision, read on its own.)"""

    def queries_of_unchanged_reimport(copies: int) -> int:
        services = []
        for number in range(copies):
            for service in sample_services()[:2]:
                assert service["status"] == "active"
                service["id"] = f"{service['id']}-{copies}-{number}"
                services.append(service)
        path = write_json(tmp_path, services, f"{copies}.json")
        run_import(path)
        with CaptureQueriesContext(connection) as queries:
            assert summary(run_import(path))["unchanged"] == len(services)
        return len(queries)

    few, many = queries_of_unchanged_reimport(1), queries_of_unchanged_reimport(4)
    per_offer = (many - few) / 6
    assert per_offer == 2, (few, many)  # SAVEPOINT, RELEASE SAVEPOINT


def test_a_file_larger_than_a_batch_is_imported_batch_by_batch(tree, tmp_path, monkeypatch):
    """Each batch is its own transaction and reports its progress (the admin's import page
    shows it); a re-import crosses the same borders and finds every offer unchanged."""
    monkeypatch.setattr(importers, "BATCH_SIZE", 2)
    services = []
    for number in range(2):
        for service in sample_services():
            service["id"] = f"{service['id']}-{number}"
            services.append(service)
    path = write_json(tmp_path, services)
    progress: list[tuple[int, int]] = []
    report = import_file(
        path, stream=io.StringIO(), progress=False, on_batch=lambda r, d, t: progress.append((d, t))
    )
    assert progress == [(2, 6), (4, 6), (6, 6)]
    assert report.counts["imported"] == 6
    assert OfferPage.objects.filter(source_id__in=[s["id"] for s in services]).count() == 6
    assert summary(run_import(path))["unchanged"] == 6


def test_status_change_unpublishes_and_reactivation_publishes(tree, tmp_path):
    services = sample_services()
    run_import(write_json(tmp_path, services))
    services[0]["status"] = "temporarily closed"
    run_import(write_json(tmp_path, services))
    offer = OfferPage.objects.get(source_id="svc-hebamme-winsen")
    assert offer.status == "temporarily closed" and not offer.live
    services[0]["status"] = "active"
    run_import(write_json(tmp_path, services))
    assert OfferPage.objects.get(source_id="svc-hebamme-winsen").live


def test_dry_run_writes_nothing_but_reports_the_same(tree):
    pages_before = OfferPage.objects.count()
    terms_before = TaxonomyTerm.objects.count()
    dry = run_import(HSDS_DATA / "sample_services.json", "--dry-run")
    assert "Dry run" in dry
    assert OfferPage.objects.count() == pages_before == 0
    assert OrganizationPage.objects.count() == 0
    real = run_import(HSDS_DATA / "sample_services.json")
    assert summary(dry) == summary(real)
    assert TaxonomyTerm.objects.count() == terms_before


def test_draft_option_keeps_active_offers_unpublished(tree):
    run_import(HSDS_DATA / "sample_services.json", "--draft")
    assert OfferPage.objects.count() == 3
    assert not OfferPage.objects.filter(live=True).exists()


def test_region_option_places_new_offers(tree):
    run_import(HSDS_DATA / "sample_services.json", "--region", "wittenberg-dessau-rosslau")
    for offer in OfferPage.objects.all():
        assert offer.get_parent().get_parent().slug == "wittenberg-dessau-rosslau"


def test_unknown_region_is_an_error(tree):
    with pytest.raises(CommandError, match="Unbekannte Region"):
        run_import(HSDS_DATA / "sample_services.json", "--region", "atlantis")


def test_prerelease_document_is_read_and_its_bad_values_reported_not_fatal(tree):
    original = load("prerelease_3_0_service.json")
    output = run_import(HSDS_DATA / "prerelease_3_0_service.json")
    counts = summary(output)
    assert counts["imported"] == 1 and counts["rejected"] == 0
    assert "Gelesen als HSDS 3.0 (in der Form einer Vorabfassung von 3.0" in output
    # Where the draft differs from the released 3.0, the report says so.
    assert "taxonomy_term/taxonomy: " in output and "ist kein Text" in output
    assert "schedules/0/wkst: 'MON' ist nicht vorgesehen" in output
    assert "Breitengrad 100" in output and "geokodiert" in output
    assert "Unbekannter Sprachcode 'deutsch'" in output
    assert "Land 'DEUTSCHLAND' ist kein ISO-3166-Code" in output
    offer = OfferPage.objects.get(source_id=original["id"])
    location = offer.locations.get()
    # The draft's spellings "addresss" and "accessibilitys" are read.
    assert (location.street, location.postal_code, location.city, location.country) == (
        "Poststraße 5",
        "21255",
        "Tostedt",
        "DE",
    )
    assert location.accessibility_notes == "Kursraum im Erdgeschoss, stufenlos erreichbar."
    # Latitude 100 is dropped; the address is looked up in the offline gazetteer instead.
    assert location.geocode_status == GeocodeStatus.APPROXIMATE
    assert (location.latitude, location.longitude) == pytest.approx(
        municipality_centre("21255", "Tostedt"), abs=0.05
    )
    assert counts["geocoded"] == 1
    assert offer.languages.count() == 0
    assert offer.service_areas.count() == 0  # the extent is text, not GeoJSON
    # The unknown term is created in its own taxonomy (the draft's taxonomy object), keeping
    # its code.
    term = TaxonomyTerm.objects.get(code="paarkurs")
    assert term.taxonomy.name == "Kursarten"
    assert term.taxonomy.uri == "https://fbs-tostedt.example.de/kursarten"
    assert [t.code for t in offer.categories.all()] == ["paarkurs"]
    assert not offer.is_free and offer.fee_amount == 120
    assert offer.provider.source_id == original["organization"]["id"]
    assert offer.get_parent().get_parent().slug == "landkreis-harburg"


def test_rows_without_title_or_id_are_rejected_others_kept(tree, tmp_path):
    services = sample_services()
    services[0].pop("name")
    services[1]["email"] = "keine-adresse"
    services[1]["languages"] = [{"id": "x", "code": "xx"}, {"id": "y", "code": "de"}]
    services[2].pop("id")
    services.append("not an object")
    output = run_import(write_json(tmp_path, services))
    counts = summary(output)
    assert counts["imported"] == 1 and counts["rejected"] == 3
    assert "Titel (name) fehlt" in output
    assert "keine gültige E-Mail-Adresse" in output
    assert "Unbekannter Sprachcode 'xx'" in output
    offer = OfferPage.objects.get()
    assert offer.email == "" and [lang.code for lang in offer.languages.all()] == ["de"]


def test_unusable_files_exit_non_zero(tree, tmp_path):
    with pytest.raises(CommandError, match="nicht gefunden"):
        run_import(tmp_path / "missing.json")
    broken = tmp_path / "broken.json"
    broken.write_text("[{", encoding="utf-8")
    with pytest.raises(CommandError, match="kein gültiges JSON"):
        run_import(broken)
    other = write_json(tmp_path, {"hello": "world"}, "other.json")
    with pytest.raises(CommandError, match="Kein HSDS-Dokument"):
        run_import(other)


def test_manual_pin_survives_reimport(tree):
    run_import(HSDS_DATA / "sample_services.json")
    offer = OfferPage.objects.get(source_id="svc-hebamme-winsen")
    offer.locations.update(latitude=53.4, longitude=10.3, manual_pin=True, geocode_status="manual")
    services_path = HSDS_DATA / "sample_services.json"
    run_import(services_path)
    location = OfferPage.objects.get(source_id="svc-hebamme-winsen").locations.get()
    assert (location.latitude, location.longitude, location.manual_pin) == (53.4, 10.3, True)


def _moved(service: dict, postcode: str, city: str, lat: float | None, lon: float | None) -> dict:
    location = service["service_at_locations"][0]["location"]
    location["addresses"][0].update(postal_code=postcode, city=city)
    if lat is None:
        location.pop("latitude", None)
        location.pop("longitude", None)
    else:
        location["latitude"], location["longitude"] = lat, lon
    return service


def test_region_by_postcode_then_coordinates_else_the_default_directory(tree, tmp_path):
    services = sample_services()
    run_import(write_json(tmp_path, services[:1]))  # Winsen: Landkreis Harburg by postcode

    def copy_of(service: dict, new_id: str) -> dict:
        return {**copy.deepcopy(service), "id": new_id}

    near_winsen = _moved(copy_of(services[1], "svc-near"), "99999", "Irgendwo", 53.36, 10.22)
    munich = _moved(copy_of(services[2], "svc-munich"), "80331", "München", 48.137, 11.575)
    nowhere = _moved(copy_of(services[2], "svc-nowhere"), "", "", None, None)
    output = run_import(write_json(tmp_path, [near_winsen, munich, nowhere], "more.json"))
    assert summary(output)["imported"] == 3

    def region_slug(source_id: str) -> str:
        return OfferPage.objects.get(source_id=source_id).get_parent().get_parent().slug

    assert region_slug("svc-hebamme-winsen") == "landkreis-harburg"
    # No postcode rule matches, but the coordinates lie among Harburg's offers.
    assert region_slug("svc-near") == "landkreis-harburg"
    # Far from every region: the supra-regional directory, created on first use.
    for source_id in ("svc-munich", "svc-nowhere"):
        index = OfferPage.objects.get(source_id=source_id).get_parent()
        assert index.slug == "ueberregionale-angebote"
        assert index.get_parent().specific_class.__name__ == "HomePage"
    assert "Überregionales Angebotsverzeichnis" in output


def test_new_pages_have_a_revision_history_and_search_entries(tree):
    from wagtail.models import PageLogEntry

    run_import(HSDS_DATA / "sample_services.json")
    active = OfferPage.objects.get(source_id="svc-hebamme-winsen")
    assert active.live and not active.has_unpublished_changes
    assert active.first_published_at and active.last_published_at
    assert active.live_revision_id == active.latest_revision_id is not None
    assert active.revisions.count() == 1
    # The revision carries the children: what the editor opens is what was imported.
    draft = active.get_latest_revision_as_object()
    assert [loc.city for loc in draft.locations.all()] == ["Winsen (Luhe)"]
    assert [c.source_id for c in draft.contacts.all()] == ["c-anna"]
    actions = set(PageLogEntry.objects.filter(page=active).values_list("action", flat=True))
    assert {"wagtail.create", "wagtail.publish"} <= actions

    inactive = OfferPage.objects.get(source_id="svc-beratung-dessau")
    assert not inactive.live and inactive.has_unpublished_changes
    assert inactive.live_revision_id is None and inactive.latest_revision_id is not None
    assert "wagtail.publish" not in set(
        PageLogEntry.objects.filter(page=inactive).values_list("action", flat=True)
    )
    provider = OrganizationPage.objects.get()
    assert provider.live and provider.live_revision_id == provider.latest_revision_id

    # Wagtail's page search (site search) finds the imported, published offer.
    from wagtail.models import Page

    assert active.pk in [p.pk for p in Page.objects.live().search("Hebammensprechstunde")]
    # The editor can edit and publish the imported page as usual.
    draft.title = "Hebammensprechstunde Winsen (bearbeitet)"
    draft.save_revision().publish()
    assert OfferPage.objects.get(pk=active.pk).title.endswith("(bearbeitet)")


DESSAU_BOX = [[12.0, 51.7], [12.8, 51.7], [12.8, 52.0], [12.0, 52.0], [12.0, 51.7]]


def test_region_area_containing_the_coordinates_comes_first(tree, tmp_path):
    from django.core.exceptions import ValidationError

    from offers_directory.models import RegionArea

    RegionArea.objects.set_for(
        tree["wittenberg"], extent={"type": "Polygon", "coordinates": [DESSAU_BOX]}
    )
    services = sample_services()
    # Coordinates inside the area win over a postcode rule and over having none.
    inside = _moved(copy.deepcopy(services[0]), "21423", "Winsen (Luhe)", 51.84, 12.24)
    outside = _moved(copy.deepcopy(services[1]), "99999", "Irgendwo", 48.137, 11.575)
    run_import(write_json(tmp_path, [inside, outside]))
    inside_offer = OfferPage.objects.get(source_id=inside["id"])
    assert inside_offer.get_parent().get_parent().slug == "wittenberg-dessau-rosslau"
    outside_offer = OfferPage.objects.get(source_id=outside["id"])
    assert outside_offer.get_parent().slug == "ueberregionale-angebote"

    with pytest.raises(ValidationError) as error:
        RegionArea(
            region=tree["home"], extent={"type": "Point", "coordinates": [1, 2]}
        ).full_clean()
    assert set(error.value.message_dict) >= {"extent", "region"}
    with pytest.raises(ValidationError) as error:
        RegionArea.objects.set_for(tree["harburg"], postcode_prefixes=["21a", "123456"])
    assert set(error.value.message_dict) == {"postcode_prefixes"}
    with pytest.raises(ValidationError) as error:
        RegionArea(region=tree["home"]).full_clean()  # neither postcodes nor an outline
    assert set(error.value.message_dict) == {"postcode_prefixes", "region"}


def test_postcode_routing_comes_from_the_regions_and_a_setting_may_override_it(
    tree, tmp_path, settings
):
    from offers_directory.models import RegionArea

    services = sample_services()
    winsen = _moved(copy.deepcopy(services[0]), "21423", "Winsen (Luhe)", None, None)
    # An editor gives Winsen's postcode to the other region; the longest prefix wins.
    RegionArea.objects.set_for(tree["wittenberg"], postcode_prefixes=["0677", "21423"])
    run_import(write_json(tmp_path, [winsen]))
    offer = OfferPage.objects.get(source_id=winsen["id"])
    assert offer.get_parent().get_parent().slug == "wittenberg-dessau-rosslau"

    # A project's setting replaces a region's stored prefixes.
    settings.OFFERS_DIRECTORY = {
        **settings.OFFERS_DIRECTORY,
        "REGION_POSTCODE_PREFIXES": {"wittenberg-dessau-rosslau": ["0684"]},
    }
    other = {**copy.deepcopy(winsen), "id": "svc-other-winsen"}
    run_import(write_json(tmp_path, [other], "other.json"))
    offer = OfferPage.objects.get(source_id="svc-other-winsen")
    assert offer.get_parent().get_parent().slug == "landkreis-harburg"


def test_region_areas_are_edited_in_the_admin(tree, admin_client):
    from offers_directory.models import RegionArea

    RegionArea.objects.set_for(
        tree["wittenberg"], extent={"type": "Polygon", "coordinates": [DESSAU_BOX]}
    )
    response = admin_client.get("/admin/snippets/offers_directory/regionarea/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Wittenberg/Dessau-Roßlau" in html and "0677 0684 0688 0689" in html
    form = admin_client.get("/admin/snippets/offers_directory/regionarea/add/")
    assert form.status_code == 200
    assert 'name="postcode_prefixes"' in form.content.decode()

    # Editing the postcodes in the admin stores them (normalised) for the importer.
    area = RegionArea.objects.get(region=tree["harburg"])
    response = admin_client.post(
        f"/admin/snippets/offers_directory/regionarea/edit/{area.pk}/",
        {"region": tree["harburg"].pk, "postcode_prefixes": "212, 2137,21629", "extent": "null"},
    )
    assert response.status_code == 302
    area.refresh_from_db()
    assert area.prefix_list == ["212", "2137", "21629"] and area.extent is None


def test_hsds_3_0_document(tree):
    services = load("services_3_0.json")
    taxonomies_before = Taxonomy.objects.count()
    output = run_import(HSDS_DATA / "services_3_0.json")
    counts = summary(output)
    assert (counts["imported"], counts["rejected"], counts["warnings"]) == (2, 0, 0)
    assert "Gelesen als HSDS 3.0" in output and "Schema HSDS 3.0" in output

    lotsin = OfferPage.objects.get(source_id=services[0]["id"])
    assert lotsin.title == "Babylotsin am Krankenhaus Buchholz"
    assert lotsin.alternate_name == "Babylotsen Buchholz"
    assert lotsin.eligibility.startswith("Familien, deren Kind")
    assert (lotsin.min_age_months, lotsin.max_age_months, lotsin.is_free) == (0, 12, True)
    assert str(lotsin.last_reviewed) == "2025-01-15"
    assert sorted(lang.code for lang in lotsin.languages.all()) == ["ar", "de"]
    # `taxonomy` (a string) and `taxonomy_detail` name the site's own taxonomies: the terms
    # are found by code, no taxonomy is added.
    assert [t.code for t in lotsin.categories.all()] == ["babylotse"]
    assert [t.code for t in lotsin.target_groups.all()] == ["eltern-saeuglinge"]
    assert Taxonomy.objects.count() == taxonomies_before
    location = lotsin.locations.get()
    assert (location.street, location.postal_code, location.city) == (
        "Steinbecker Straße 44",
        "21244",
        "Buchholz in der Nordheide",
    )
    assert (location.latitude, location.longitude) == (53.3262, 9.8731)
    assert location.accessibility_notes.startswith("Stufenloser Haupteingang")
    assert [(s.weekday, s.opens_at.isoformat()) for s in lotsin.sorted_schedules()][:2] == [
        ("MO", "08:00:00"),
        ("TU", "08:00:00"),
    ]
    assert lotsin.provider.title == "Krankenhaus Buchholz gGmbH"
    assert [c.name for c in lotsin.contacts.all()] == ["Maren Beispiel"]
    assert lotsin.get_parent().get_parent().slug == "landkreis-harburg"

    cafe = OfferPage.objects.get(source_id=services[1]["id"])
    assert not cafe.is_free and str(cafe.fee_amount) == "1.50"
    assert cafe.fee_note == "Kostenbeitrag für Kaffee und Kuchen"
    assert cafe.service_areas.get().covers(51.87, 12.64)
    assert cafe.get_parent().get_parent().slug == "wittenberg-dessau-rosslau"


def test_hsds_3_1_document_with_taxonomy_detail(tree):
    service = load("service_3_1.json")
    stream = io.StringIO()
    report = import_file(HSDS_DATA / "service_3_1.json", stream=stream, progress=False)
    output = stream.getvalue()
    assert report.source_version == "HSDS 3.1"
    assert (report.counts["imported"], report.counts["warnings"]) == (1, 0), output
    assert (
        "Gelesen als HSDS 3.1 (erkannt an Feldern, die erst HSDS 3.1 kennt (additional_urls, "
        "attributes.label, capacities, organization.additional_websites, "
        "service_areas.service_at_location_id, service_at_locations.service_areas))"
    ) in output

    offer = OfferPage.objects.get(source_id=service["id"])
    assert offer.website == service["url"]
    # A term of a taxonomy the site does not have: the taxonomy comes from taxonomy_detail.
    detail = service["attributes"][1]["taxonomy_term"]["taxonomy_detail"]
    taxonomy = Taxonomy.objects.get(source_id=detail["id"])
    assert (taxonomy.name, taxonomy.description, taxonomy.uri) == (
        "Engagementfelder",
        "Felder ehrenamtlichen Engagements im Landkreis Harburg.",
        "https://taxonomien.example.de/engagementfelder",
    )
    term = TaxonomyTerm.objects.get(code="ehrenamtliche-begleitung")
    assert term.taxonomy == taxonomy and term.name == "Ehrenamtliche Begleitung von Familien"
    assert term.source_id == service["attributes"][1]["taxonomy_term"]["id"]
    assert sorted(t.code for t in offer.categories.all()) == [
        "ehrenamtliche-begleitung",
        "familienpatenschaft",
    ]
    assert [t.code for t in offer.target_groups.all()] == ["belastete-familien"]
    # 3.1 attaches the service area to the service_at_location; ours belong to the offer.
    area = offer.service_areas.get()
    assert area.name == "Gemeinde Seevetal" and area.covers(53.38, 9.98)
    assert offer.provider.website == "https://freiwilligenagentur-seevetal.example.de"
    assert sorted(lang.code for lang in offer.languages.all()) == ["de", "fa", "tr"]
    assert offer.get_parent().get_parent().slug == "landkreis-harburg"


def test_additional_urls_stand_in_for_missing_links(tree, tmp_path):
    service = load("service_3_1.json")
    service.pop("url")
    service["organization"].pop("website")
    run_import(write_json(tmp_path, service))
    offer = OfferPage.objects.get(source_id=service["id"])
    assert offer.website == service["additional_urls"][0]["url"]
    assert offer.provider.website == service["organization"]["additional_websites"][0]["url"]


def test_a_declared_version_wins_and_decides_the_schema(tree, tmp_path):
    """A document is checked against the version it is written in: a 3.1 field with a wrong
    type is a deviation in 3.1, and an unknown field (ignored) in 3.0."""
    services = load("services_3_0.json")
    services[0]["attributes"][0]["label"] = 5
    as_3_0 = run_import(write_json(tmp_path, {"version": "3.0", "contents": services}, "a.json"))
    assert "Gelesen als HSDS 3.0 (angegeben im Feld version ('3.0'))" in as_3_0
    assert summary(as_3_0)["warnings"] == 0
    as_3_1 = run_import(
        write_json(tmp_path, {"version": "HSDS 3.1", "contents": services}, "b.json")
    )
    assert "Gelesen als HSDS 3.1 (angegeben im Feld version ('HSDS 3.1'))" in as_3_1
    assert "Weicht vom Schema HSDS 3.1 ab (1×): attributes/0/label: 5 ist kein Text." in as_3_1
    assert summary(as_3_1)["warnings"] == 1
    unknown = run_import(write_json(tmp_path, {"version": "2.0", "contents": services}, "c.json"))
    assert "Gelesen als HSDS 3.1 (angegebene Version '2.0' unbekannt; erkannt an Feldern" in unknown


def test_schema_deviations_are_listed_and_the_offer_still_imported(tree, tmp_path):
    service = load("service_3_1.json")
    del service["status"]
    service["organization"]["email"] = "info(at)freiwilligenagentur-seevetal.example.de"
    service["schedules"][0]["wkst"] = "MONTAG"
    service["capacities"][0]["available"] = "vier"
    service["service_at_locations"][0]["location"]["addresses"][0].pop("city")
    output = run_import(write_json(tmp_path, service))
    counts = summary(output)
    assert counts["imported"] == 1
    assert "Weicht vom Schema HSDS 3.1 ab (5×): " in output
    assert 'capacities/0/available: "vier" ist keine Zahl' in output
    assert (
        "organization/email: 'info(at)freiwilligenagentur-seevetal.example.de' ist keine "
        "gültige E-Mail-Adresse"
    ) in output
    assert "ab (5×): Pflichtfeld status fehlt; " in output
    assert "; und 2 weitere." in output
    assert OfferPage.objects.get(source_id=service["id"]).status == "active"
