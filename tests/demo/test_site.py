"""The demo site (demo.site): the five networks, set up as the admin sets up a region, with
what the importer routes by; idempotent."""

from django.contrib.auth.models import Group

from wagtail.models import Page

import pytest

from demo.data.regions import REGIONS
from demo.site import load_demo_content
from events.models import EventPage
from home.models import RegionPage
from news.models import NewsPage
from offers_directory.models import RegionArea

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


def test_demo_content_creates_the_five_networks_with_groups(demo):
    regions = RegionPage.objects.live().order_by("title")
    assert sorted(r.title for r in regions) == sorted(d.title for d in REGIONS)
    for region in regions:
        assert region.coordinator_group is not None
        assert region.coordinator_group.name == f"Koordination {region.title}"
        assert region.coordinator_group.page_permissions.filter(page=region).exists()
        # The group maintains press contacts, as for a region created in the admin.
        assert region.coordinator_group.permissions.filter(codename="add_presscontact").exists()
        sections = {page.slug for page in region.get_children().live()}
        assert {"aktuelles", "termine", "angebote"} <= sections


def test_demo_regions_carry_their_postcodes_and_outlines(demo):
    for demo_region in REGIONS:
        area = RegionArea.objects.get(region__slug=demo_region.slug)
        assert area.prefix_list == list(demo_region.postcodes)
        assert area.contains(demo_region.towns[0].latitude, demo_region.towns[0].longitude)


def test_demo_has_news_and_events_in_every_region(demo):
    for region in RegionPage.objects.all():
        assert NewsPage.objects.live().descendant_of(region).exists(), region.slug
        assert EventPage.objects.live().descendant_of(region).exists(), region.slug
    release = NewsPage.objects.get(title__startswith="Pressemitteilung: Babylotsinnen")
    assert release.contact is not None and set(release.tags.names()) == {
        "Babylotsinnen",
        "Geburtsklinik",
    }
    assert [block.block_type for block in release.body] == [
        "paragraph",
        "heading",
        "quote",
        "contact",
    ]


def test_demo_content_is_idempotent(demo):
    counts = (
        Page.objects.count(),
        Group.objects.count(),
        NewsPage.objects.count(),
        RegionArea.objects.count(),
    )
    load_demo_content()
    assert (
        Page.objects.count(),
        Group.objects.count(),
        NewsPage.objects.count(),
        RegionArea.objects.count(),
    ) == counts
