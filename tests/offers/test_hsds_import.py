"""import_offers with HSDS 3.0 JSON: list, single object, paged response, idempotent
re-import, status handling, dry run, drafts, bad data reported row by row."""

from __future__ import annotations

import copy

from django.core.management import CommandError

import pytest

from offers_directory.models import (
    ContactPerson,
    GeocodeStatus,
    OfferPage,
    OrganizationPage,
    TaxonomyTerm,
)

from .exchange import (
    HSDS_DATA,  # noqa: F401
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
        "warnings": 0,
        "geocoded": 1,
    }
    assert "100% (3/3)" in output  # the plain-text progress bar

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
    assert course.locations.get().geocode_status == GeocodeStatus.PENDING
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


def test_official_example_bad_values_are_reported_not_fatal(tree):
    output = run_import(HSDS_DATA / "service_full.json")
    counts = summary(output)
    assert counts["imported"] == 1 and counts["rejected"] == 0
    assert "Breitengrad 100" in output and "geokodiert" in output
    assert "Unbekannter Sprachcode 'code'" in output
    offer = OfferPage.objects.get(source_id="ac148810-d857-441c-9679-408f346de14b")
    location = offer.locations.get()
    assert location.latitude is None and location.geocode_status != GeocodeStatus.EXACT
    assert counts["geocoded"] == 1
    assert offer.languages.count() == 0
    # The unknown term is created in its own taxonomy, keeping its code.
    term = TaxonomyTerm.objects.get(code="code")
    assert term.taxonomy.name == "name"
    assert [t.code for t in offer.categories.all()] == ["code"]
    assert not offer.is_free and offer.fee_amount == 100
    assert offer.provider.source_id == "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610"


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

    area = RegionArea(
        region=tree["wittenberg"], extent={"type": "Polygon", "coordinates": [DESSAU_BOX]}
    )
    area.full_clean()
    area.save()
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


def test_region_areas_are_edited_in_the_admin(tree, admin_client):
    from offers_directory.models import RegionArea

    RegionArea.objects.create(
        region=tree["wittenberg"], extent={"type": "Polygon", "coordinates": [DESSAU_BOX]}
    )
    response = admin_client.get("/admin/snippets/offers_directory/regionarea/")
    assert response.status_code == 200
    assert "Wittenberg/Dessau-Roßlau" in response.content.decode()
    assert admin_client.get("/admin/snippets/offers_directory/regionarea/add/").status_code == 200
