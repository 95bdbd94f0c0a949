"""`manage.py setup_site` and `create_region` on the database `migrate` leaves, the deploy
checks of the Site record, and coordinators' rights on providers (Träger)."""

from __future__ import annotations

import json

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError
from django.test import override_settings
from django.utils.text import slugify

from wagtail.models import GroupPagePermission, Page, Revision, Site, Workflow, WorkflowPage
from wagtail.test.utils.form_data import inline_formset, nested_form_data

import pytest

from home.checks import check_site_address
from home.models import HomePage, RegionPage, SiteFooterSettings, StandardPage
from home.permissions import NETWORK_EDITORS_GROUP
from home.workflows import WORKFLOW_NAME
from offers_directory.factories import OfferPageFactory, OrganizationPageFactory
from offers_directory.models import OfferIndexPage, OrganizationIndexPage, OrganizationPage
from tests.commands import command_output
from tests.news.test_editorial_workflow import form_errors
from tests.shared_data import fresh, shared_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("german")]

SITE_URL = "https://fruehe-hilfen.example.de"
AREA = {
    "type": "Feature",
    "geometry": {
        "type": "Polygon",
        "coordinates": [[[9.6, 53.3], [9.72, 53.5], [10.35, 53.43], [10.15, 53.14], [9.6, 53.3]]],
    },
}


def _build() -> dict:
    command_output("setup_site", "--site-url", SITE_URL)
    harburg = command_output("create_region", "Landkreis Harburg", "--slug", "landkreis-harburg")
    command_output(
        "create_region", "Heidekreis", "--slug", "heidekreis", "--postcodes", "29614", "296"
    )
    return {"harburg": harburg}


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker):
    with shared_data(django_db_blocker, "site-setup", _build) as data:
        yield data


@pytest.fixture
def site(built) -> dict:
    return fresh(built)


def region(slug: str) -> RegionPage:
    return RegionPage.objects.get(slug=slug)


# --- on the database `migrate` leaves (before the module's site is built) -----------------


def test_create_region_needs_the_site_structure():
    with pytest.raises(CommandError, match="setup_site"):
        command_output("create_region", "Landkreis Harburg", "--slug", "landkreis-harburg")


def test_a_used_default_workflow_is_deactivated_not_deleted():
    from wagtail.models import WorkflowState

    default = Workflow.objects.get(name="Moderators approval")
    assert WorkflowPage.objects.filter(workflow=default).exists()
    page = Page.get_first_root_node()  # a page that stays (the welcome page goes, with its history)
    page_type = ContentType.objects.get_for_model(Page)
    WorkflowState.objects.create(
        content_type=page_type,
        base_content_type=page_type,
        object_id=str(page.pk),
        workflow=default,
        status=WorkflowState.STATUS_CANCELLED,
    )
    command_output("setup_site", "--site-url", SITE_URL)
    default.refresh_from_db()
    assert not default.active
    assert not WorkflowPage.objects.filter(workflow=default).exists()


# --- setup_site -----------------------------------------------------------------------------


def test_setup_site_builds_the_structure_and_is_idempotent(site):
    home = HomePage.objects.get()
    assert Site.objects.get().root_page.specific == home
    assert Site.objects.get().root_url == SITE_URL
    assert not Page.objects.filter(depth=2).exclude(pk=home.pk).exists()  # no welcome page
    children = {page.slug: page.specific for page in home.get_children()}
    assert set(children) == {
        "aktuelles",
        "termine",
        "angebote",
        "fachkraefte",
        "netzwerk",
        "traeger",
        "ueberregionale-angebote",
        "impressum",
        "datenschutz",
        "barrierefreiheit",
        "leichte-sprache",
    }
    assert all(page.live for page in children.values())
    assert isinstance(children["traeger"], OrganizationIndexPage)
    assert isinstance(children["ueberregionale-angebote"], OfferIndexPage)
    for slug in ("impressum", "datenschutz", "barrierefreiheit"):
        page = children[slug]
        assert isinstance(page, StandardPage)
        assert "[PLATZHALTER" in str(page.body), slug  # marked as text to replace
    footer = SiteFooterSettings.for_site(Site.objects.get())
    linked = [
        footer.imprint_page_id,
        footer.privacy_page_id,
        footer.accessibility_page_id,
        footer.easy_language_page_id,
    ]
    assert linked == [
        children[slug].pk
        for slug in ("impressum", "datenschutz", "barrierefreiheit", "leichte-sprache")
    ]
    assert home.finder_page.specific == children["angebote"]

    counts = (Page.objects.count(), Revision.objects.count(), Group.objects.count())
    again = command_output("setup_site", "--site-url", SITE_URL)
    assert "Created" not in again
    assert (Page.objects.count(), Revision.objects.count(), Group.objects.count()) == counts


def test_setup_site_takes_the_address_from_site_url(site, settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    command_output("setup_site")
    record = Site.objects.get()
    assert (record.hostname, record.port, record.root_url) == (
        "127.0.0.1",
        8000,
        "http://127.0.0.1:8000",
    )


@pytest.mark.parametrize(
    "url",
    ["https://fruehe-hilfen.example.de:8443", "fruehe-hilfen.example.de", f"{SITE_URL}/cms/"],
)
def test_setup_site_refuses_addresses_the_site_record_cannot_hold(site, url):
    with pytest.raises(CommandError):
        command_output("setup_site", "--site-url", url)
    assert Site.objects.get().root_url == SITE_URL


def test_groups_and_wagtails_default_workflow(site):
    editors = Group.objects.get(name=NETWORK_EDITORS_GROUP)
    home = HomePage.objects.get()
    assert GroupPagePermission.objects.filter(
        group=editors, page=home, permission__codename="publish_page"
    ).exists()
    assert not Workflow.objects.filter(name="Moderators approval").exists()
    assert Workflow.objects.get(name=WORKFLOW_NAME).active
    assert not WorkflowPage.objects.exists()  # MODERATED_REGIONS is empty by default


# --- create_region --------------------------------------------------------------------------


def test_create_region_sets_up_the_region_as_the_admin_does(site):
    harburg = region("landkreis-harburg")
    assert harburg.live and harburg.url == "/netzwerk/landkreis-harburg/"
    assert "Koordination Landkreis Harburg" in site["harburg"]
    group = harburg.coordinator_group
    assert group.name == "Koordination Landkreis Harburg"
    assert {p.slug for p in harburg.get_children().live()} == {"aktuelles", "termine", "angebote"}
    assert group.permissions.filter(codename="add_presscontact").exists()
    granted = set(
        group.page_permissions.filter(page=harburg).values_list("permission__codename", flat=True)
    )
    assert {"add_page", "change_page", "publish_page"} <= granted
    providers = OrganizationIndexPage.objects.get()
    assert list(
        group.page_permissions.filter(page=providers).values_list("permission__codename", flat=True)
    ) == ["add_page"]


def test_create_region_stores_postcodes_and_area_for_the_import(site, tmp_path):
    heidekreis = region("heidekreis")
    assert heidekreis.offer_region_area.prefix_list == ["29614", "296"]
    assert heidekreis.offer_region_area.extent is None

    area = tmp_path / "harburg.geojson"
    area.write_text(json.dumps(AREA), encoding="utf-8")
    output = command_output(
        "create_region", "Landkreis Harburg", "--slug", "landkreis-harburg", "--area", str(area)
    )
    assert output.startswith("Updated region")
    record = region("landkreis-harburg").offer_region_area
    assert record.extent["type"] == "Polygon"  # the Feature unwrapped
    assert record.contains(53.3575, 10.212) and not record.contains(51.83, 12.24)
    assert RegionPage.objects.count() == 2
    # (test_going_live imports offers routed by both)


def test_create_region_refuses_a_bad_area_and_keeps_nothing(site, tmp_path):
    area = tmp_path / "point.geojson"
    area.write_text(json.dumps({"type": "Point", "coordinates": [10, 53]}), encoding="utf-8")
    pages = Page.objects.count()
    with pytest.raises(CommandError, match="Polygon"):
        command_output(
            "create_region",
            "Landkreis Lüneburg",
            "--slug",
            "landkreis-lueneburg",
            "--area",
            str(area),
        )
    assert Page.objects.count() == pages
    assert not Group.objects.filter(name="Koordination Landkreis Lüneburg").exists()


# --- the deploy check ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("site_url", "allowed", "debug", "expected"),
    [
        (SITE_URL, ["fruehe-hilfen.example.de"], False, []),
        (SITE_URL, [".example.de"], False, []),
        (SITE_URL, ["other.example.de"], False, ["home.W002"]),
        ("https://www.fruehe-hilfen.example.de", ["*"], False, ["home.W003"]),
        ("http://localhost", ["localhost"], False, ["home.W001"]),
        ("http://localhost", ["localhost"], True, []),
    ],
)
def test_deploy_check_of_the_site_record(site, site_url, allowed, debug, expected):
    if "localhost" in site_url:
        command_output("setup_site", "--site-url", site_url)
    with override_settings(SITE_URL=site_url, ALLOWED_HOSTS=allowed, DEBUG=debug):
        assert [message.id for message in check_site_address(None)] == expected


# --- providers (Träger) ---------------------------------------------------------------------


def coordinator(slug: str, name: str):
    user = get_user_model().objects.create_user(name, password="x")
    user.groups.add(region(slug).coordinator_group)
    return user


def provider_form(title: str, **extra) -> dict:
    fields = {
        "title": title,
        "slug": slugify(title),
        "alternate_name": "",
        "description": "Familienbildung und Beratung.",
        "website": "",
        "email": "",
        "phone": "",
        "street": "",
        "postal_code": "",
        "city": "Winsen (Luhe)",
        "contacts": inline_formset([]),
        **extra,
    }
    return nested_form_data(fields)


def add_provider(client, providers, title: str, action: str) -> OrganizationPage:
    """Adds a provider through the admin (`action`: publish or submit for moderation)."""
    response = client.post(
        f"/admin/pages/add/offers_directory/organizationpage/{providers.pk}/",
        provider_form(title, **{action: action}),
    )
    assert response.status_code == 302, form_errors(response)
    return OrganizationPage.objects.get(title=title)


def test_coordinators_create_and_edit_providers_of_their_regions_offers(client, site):
    providers = OrganizationIndexPage.objects.get()
    harburg_offers = OfferIndexPage.objects.descendant_of(region("landkreis-harburg")).get()
    heide_offers = OfferIndexPage.objects.descendant_of(region("heidekreis")).get()
    shared = OrganizationPageFactory(parent=providers, title="AWO Kreisverband")
    OfferPageFactory(parent=harburg_offers, provider=shared)
    OfferPageFactory(parent=heide_offers, provider=shared)
    elsewhere = OrganizationPageFactory(parent=providers, title="Diakonie Soltau")
    OfferPageFactory(parent=heide_offers, provider=elsewhere)

    user = coordinator("landkreis-harburg", "koord-harburg")
    client.force_login(user)
    created = add_provider(client, providers, "Familienzentrum Winsen", "action-publish")
    assert created.live and created.owner == user

    def rights(page) -> tuple[bool, bool]:
        perms = page.permissions_for_user(user)
        return perms.can_edit(), perms.can_publish()

    assert rights(created) == (True, True)  # the own provider
    assert rights(shared) == (True, True)  # a provider of the region's offers
    assert rights(elsewhere) == (False, False)  # only another region's offers
    assert not shared.permissions_for_user(user).can_unpublish()
    assert not shared.permissions_for_user(user).can_delete()
    assert client.get(f"/admin/pages/{elsewhere.pk}/edit/").status_code == 302  # refused
    response = client.post(
        f"/admin/pages/{shared.pk}/edit/",
        provider_form("AWO Kreisverband Harburg", slug=shared.slug, **{"action-publish": "1"}),
    )
    assert response.status_code == 302
    shared.refresh_from_db()
    assert shared.title == "AWO Kreisverband Harburg" and shared.live


def test_coordinators_of_a_moderated_region_submit_providers(client, site, settings):
    settings.MODERATED_REGIONS = ["heidekreis"]
    command_output("setup_site", "--site-url", SITE_URL)
    providers = OrganizationIndexPage.objects.get()
    assert providers.get_workflow().name == WORKFLOW_NAME
    user = coordinator("heidekreis", "koord-heide")
    assert not providers.permissions_for_user(user).can_publish_subpage()
    client.force_login(user)
    created = add_provider(client, providers, "Elternschule Soltau", "action-submit")
    assert not created.live
    assert created.current_workflow_state.status == "in_progress"
    # Harburg's coordinators still publish directly.
    harburg = coordinator("landkreis-harburg", "koord-harburg-2")
    assert providers.permissions_for_user(harburg).can_publish_subpage()
