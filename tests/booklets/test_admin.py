"""Regenerating the stored PDFs in the admin: editors of the region (and, for catalogues,
those who may change catalogues) only."""

from __future__ import annotations

import pytest

from booklets.factories import OfferCatalogueFactory
from booklets.models import PrintEdition
from home.factories import UserFactory
from offers_directory.factories import OfferPageFactory
from offers_directory.printing import LANGUAGES
from tests.booklets.pdf import link_targets, pdftotext

pytestmark = pytest.mark.django_db

INDEX = "/admin/druckausgaben/"
REGENERATE = "/admin/druckausgaben/neu-erstellen/"
KEY = "familienbegleitbuch/landkreis-harburg"


def refused(response) -> bool:
    """Wagtail answers a PermissionDenied in the admin with a redirect to the dashboard and
    an error message."""
    return response.status_code == 302 and response.url == "/admin/"


def regenerate(client, key: str, capture) -> object:
    """The admin's button; the regeneration tasks run when the request commits."""
    with capture(execute=True):
        return client.post(REGENERATE, {"key": key})


def login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def coordinator(guide):
    return UserFactory(username="koordination-harburg", groups=[guide.region.coordinator_group])


@pytest.fixture
def other_coordinator(guide):
    return UserFactory(
        username="koordination-lueneburg", groups=[guide.other_region.coordinator_group]
    )


def test_coordinator_regenerates_the_regions_booklet(
    client, guide, coordinator, django_capture_on_commit_callbacks
):
    login(client, coordinator)
    page = client.get(INDEX).content.decode()
    assert f'data-booklet="{KEY}"' in page
    assert 'data-booklet="familienbegleitbuch/landkreis-lueneburg"' not in page
    response = regenerate(client, KEY, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    editions = PrintEdition.objects.filter(key=KEY)
    assert sorted(editions.values_list("language", flat=True)) == sorted(LANGUAGES)
    assert {e.offer_count for e in editions} == {5}
    assert editions.get(language="de").generated_by == coordinator


def test_public_pdf_is_the_stored_edition_until_regenerated(
    client, guide, coordinator, django_capture_on_commit_callbacks
):
    editor = login(client.__class__(), coordinator)
    regenerate(editor, KEY, django_capture_on_commit_callbacks)
    late = OfferPageFactory(parent=guide.index, title="Babymassage Winsen", max_age_months=6)
    assert late.title in client.get("/familienbegleitbuch/landkreis-harburg/").content.decode()
    pdf = "/familienbegleitbuch/landkreis-harburg.pdf"
    stored = client.get(pdf).content
    assert late.title not in pdftotext(stored)
    # Built in the background without a request, its links are the Wagtail Site's.
    assert guide.offers["krabbeln"].get_full_url() in link_targets(stored)
    regenerate(editor, KEY, django_capture_on_commit_callbacks)
    assert late.title in pdftotext(client.get(pdf).content)


def test_other_regions_and_visitors_may_not_regenerate(
    client, guide, other_coordinator, django_capture_on_commit_callbacks
):
    assert client.post(REGENERATE, {"key": KEY}).url.startswith("/admin/login/")
    login(client, other_coordinator)
    assert refused(regenerate(client, KEY, django_capture_on_commit_callbacks))
    assert not PrintEdition.objects.exists()
    assert client.post(REGENERATE, {"key": "familienbegleitbuch/gibt-es-nicht"}).status_code == 404


def test_catalogues_need_the_catalogue_permission(
    client, guide, coordinator, django_capture_on_commit_callbacks
):
    catalogue = OfferCatalogueFactory(slug="ag-katalog", region=guide.region)
    key = f"angebotskatalog/{catalogue.slug}"
    login(client, coordinator)
    assert f'data-booklet="{key}"' not in client.get(INDEX).content.decode()
    assert refused(client.post(REGENERATE, {"key": key}))
    curator = UserFactory(
        username="ag-kuratorin",
        groups=[coordinator.groups.first()],
    )
    from django.contrib.auth.models import Permission

    curator.user_permissions.add(Permission.objects.get(codename="change_offercatalogue"))
    login(client, curator)
    assert f'data-booklet="{key}"' in client.get(INDEX).content.decode()
    edit = client.get(f"/admin/snippets/booklets/offercatalogue/edit/{catalogue.pk}/")
    assert edit.status_code == 200 and 'name="min_age_months"' in edit.content.decode()
    assert regenerate(client, key, django_capture_on_commit_callbacks).status_code == 302
    assert PrintEdition.objects.filter(key=key).count() == len(LANGUAGES)


def test_admin_page_is_refused_without_any_booklet(client, guide):
    nobody = UserFactory(username="nur-admin-zugang", groups=[])
    from django.contrib.auth.models import Permission

    nobody.user_permissions.add(Permission.objects.get(codename="access_admin"))
    login(client, nobody)
    assert refused(client.get(INDEX))
