"""Per-county editing: a coordinator works only inside the own region's subtree; the
network-wide editors everywhere. The whole matrix, not one case."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

import pytest

from events.models import EventIndexPage
from home.models import HomePage, RegionPage
from home.permissions import NETWORK_EDITORS_GROUP
from news.models import NewsIndexPage, NewsPage
from offers_directory.models import OfferIndexPage
from tests.demo_pages import add_region

pytestmark = pytest.mark.django_db


def _user(name: str, group: Group):
    user = get_user_model().objects.create_user(name, password="x")
    user.groups.add(group)
    return user


def test_coordinator_permission_matrix(demo):
    regions = list(RegionPage.objects.order_by("slug"))
    home = HomePage.objects.get()
    for own in regions:
        coordinator = _user(f"koordination-{own.slug}", own.coordinator_group)
        assert coordinator.has_perm("wagtailadmin.access_admin")
        for region in regions:
            allowed = region.pk == own.pk
            pages = [region, *region.get_descendants().specific()]
            for page in pages:
                perms = page.permissions_for_user(coordinator)
                assert perms.can_edit() is allowed, (own, page)
                assert perms.can_publish() is allowed, (own, page)
                if page.specific.allowed_subpage_models():
                    assert perms.can_add_subpage() is allowed, (own, page)
        home_perms = home.permissions_for_user(coordinator)
        assert not home_perms.can_edit()
        assert not home_perms.can_publish()


def test_network_editors_may_publish_everywhere(demo):
    editor = _user("redaktion", Group.objects.get(name=NETWORK_EDITORS_GROUP))
    for page in HomePage.objects.get().get_descendants(inclusive=True).specific():
        perms = page.permissions_for_user(editor)
        assert perms.can_edit() and perms.can_publish(), page


def test_new_region_created_in_admin_gets_its_group(demo, admin_client):
    response = add_region(admin_client, "Landkreis Testfeld", "landkreis-testfeld", publish=True)
    assert response.status_code == 302, response.content.decode()[:2000]
    region = RegionPage.objects.get(slug="landkreis-testfeld")
    assert region.coordinator_group is not None
    coordinator = _user("neu", region.coordinator_group)
    assert region.permissions_for_user(coordinator).can_publish()
    other = NewsPage.objects.first()
    assert not other.permissions_for_user(coordinator).can_edit()
    # The region's own sections exist and are live at once; only its coordinators write there.
    sections = {type(page): page for page in region.get_children().live().specific()}
    assert set(sections) == {NewsIndexPage, EventIndexPage, OfferIndexPage}
    for section in sections.values():
        perms = section.permissions_for_user(coordinator)
        assert perms.can_add_subpage() and perms.can_publish_subpage(), section
    foreign = NewsIndexPage.objects.exclude(pk=sections[NewsIndexPage].pk).first()
    assert not foreign.permissions_for_user(coordinator).can_add_subpage()


def test_a_draft_regions_sections_go_live_with_it(demo, admin_client, client):
    response = add_region(admin_client, "Landkreis Entwurf", "landkreis-entwurf", publish=False)
    assert response.status_code == 302
    region = RegionPage.objects.get(slug="landkreis-entwurf")
    assert not region.live
    sections = list(region.get_children().specific())
    assert len(sections) == 3 and not any(page.live for page in sections)
    region.get_latest_revision().publish()
    assert all(page.live for page in region.get_children())
    news = NewsIndexPage.objects.child_of(region).get()
    assert client.get(news.url).status_code == 200
    assert client.get("/feeds/landkreis-entwurf/aktuelles.rss").status_code == 200
    assert client.get("/feeds/landkreis-entwurf/termine.ics").status_code == 200
