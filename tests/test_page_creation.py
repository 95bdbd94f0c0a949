"""publishing.page_creation: pages created in bulk end as Wagtail's own add_child,
save_revision and publish leave them: in the tree, with one revision, their history, in
Wagtail's search and reference indexes, announced by page_published; editable again."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from wagtail.models import Page, PageLogEntry, ReferenceIndex
from wagtail.signals import page_published

import pytest

from home.factories import RegionPageFactory
from news.factories import NewsIndexPageFactory, NewsPageFactory, PressContactFactory
from news.models import NewsPage
from publishing.page_creation import create_page, create_pages

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


@pytest.fixture
def listing():
    return NewsIndexPageFactory()


def news(**fields) -> NewsPage:
    return NewsPageFactory.build(parent=None, **fields)


def state(page: Page) -> dict:
    """What publishing leaves on a page, comparable between two pages."""
    page = Page.objects.get(pk=page.pk).specific
    return {
        "live": page.live,
        "has_unpublished_changes": page.has_unpublished_changes,
        "published": bool(page.first_published_at and page.last_published_at),
        "live_is_latest": page.live_revision_id == page.latest_revision_id is not None,
        "revisions": page.revisions.count(),
        "history": sorted(PageLogEntry.objects.filter(page=page).values_list("action", flat=True)),
        "url_path_ends_with_slug": page.url_path.endswith(f"/{page.slug}/"),
        "draft_title": page.draft_title,
    }


def test_pages_end_as_wagtails_own_publish_leaves_them(listing):
    by_wagtail = news(title="Fachtag in Winsen")
    listing.add_child(instance=by_wagtail)
    by_wagtail.save_revision().publish()
    created = [news(title="Fachtag in Winsen"), news(title="Elterncafé eröffnet")]

    revisions = create_pages(listing, created)

    assert [r.object_id for r in revisions] == [str(p.pk) for p in created]
    expected = state(by_wagtail)
    expected.pop("draft_title")
    for page in created:
        found = state(page)
        assert found.pop("draft_title") == page.title
        assert found == expected
    # The tree stays consistent: paths after the last child, the parent's child count.
    assert Page.find_problems() == ([], [], [], [], [])
    assert Page.objects.get(pk=listing.pk).numchild == 3
    assert [p.slug for p in listing.get_children()] == [
        "fachtag-in-winsen",
        "fachtag-in-winsen-2",
        "elterncafe-eroffnet",
    ]


def test_drafts_get_one_revision_and_no_signal(listing):
    heard = []

    def receiver(sender, instance, revision, **kwargs):
        heard.append((sender, instance.pk, revision.pk))

    page_published.connect(receiver)
    try:
        live = create_pages(listing, [news(title="Live 1"), news(title="Live 2")])
        draft = news(title="Entwurf")
        create_page(listing, draft, publish=False)
    finally:
        page_published.disconnect(receiver)

    assert heard == [(NewsPage, r.content_object.pk, r.pk) for r in live]
    assert state(draft) == {
        "live": False,
        "has_unpublished_changes": True,
        "published": False,
        "live_is_latest": False,
        "revisions": 1,
        "history": ["wagtail.create"],
        "url_path_ends_with_slug": True,
        "draft_title": "Entwurf",
    }


def test_child_objects_tags_and_references_are_written(listing):
    contact = PressContactFactory()
    region = RegionPageFactory()
    page = news(
        title="Pressemitteilung",
        body=[("contact", {"contact": contact, "heading": "Pressekontakt"})],
        contact=contact,
        tags=["Babylotsinnen"],
        extra_regions=[region],
    )
    create_page(listing, page)

    stored = NewsPage.objects.get(pk=page.pk)
    assert list(stored.tags.names()) == ["Babylotsinnen"]
    assert list(stored.extra_regions.all()) == [region]
    restored = stored.get_latest_revision_as_object()
    assert list(restored.tags.names()) == ["Babylotsinnen"]
    assert [r.pk for r in restored.extra_regions.all()] == [region.pk]
    # Wagtail's "usage" of the contact counts the page (its field and its body block).
    assert ReferenceIndex.get_references_to(contact).filter(object_id=str(page.pk)).count() == 2
    # Wagtail's page search (the admin's too) finds it.
    assert page.pk in [p.pk for p in Page.objects.search("Pressemitteilung")]


def test_orderable_child_objects_are_numbered_in_list_order():
    """Unnumbered, the database returns an offer's locations in no defined order."""
    from offers_directory.factories import OfferIndexPageFactory, OfferLocationFactory
    from offers_directory.models import OfferPage

    streets = ["Kirchweg 3", "Am Markt 1", "Bahnhofstraße 9"]
    unnumbered = OfferPage(title="Elterncafé", slug="elterncafe")
    unnumbered.locations = [OfferLocationFactory.build(street=street) for street in streets]
    numbered = OfferPage(title="Krabbelgruppe", slug="krabbelgruppe")
    numbered.locations = [
        OfferLocationFactory.build(street=street, sort_order=position)
        for street, position in zip(streets, (7, 3, 5), strict=True)
    ]

    create_pages(OfferIndexPageFactory(), [unnumbered, numbered])

    def stored(page):
        return [
            (loc.sort_order, loc.street)
            for loc in OfferPage.objects.get(pk=page.pk).locations.all()
        ]

    assert stored(unnumbered) == [(0, streets[0]), (1, streets[1]), (2, streets[2])]
    # A number already given is kept.
    assert stored(numbered) == [(3, streets[1]), (5, streets[2]), (7, streets[0])]


def test_editors_open_and_publish_created_pages_again(listing, admin_client):
    page = news(title="Netzwerktreffen")
    create_page(listing, page)
    assert admin_client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200
    assert admin_client.get(f"/admin/pages/{page.pk}/history/").status_code == 200
    assert admin_client.get(page.url).status_code == 200

    page = NewsPage.objects.get(pk=page.pk)
    page.title = "Netzwerktreffen (verschoben)"
    page.save_revision().publish()
    assert state(page)["revisions"] == 2
    assert NewsPage.objects.get(pk=page.pk).title.endswith("(verschoben)")


def test_a_page_for_later_is_scheduled(listing):
    later = timezone.now() + datetime.timedelta(days=3)
    page = news(title="Ab Montag", go_live_at=later)
    revision = create_page(listing, page)
    page.refresh_from_db()
    assert not page.live and revision.approved_go_live_at == later


def test_one_invalid_page_creates_nothing(listing):
    with pytest.raises(ValidationError) as error:
        create_pages(listing, [news(title="Gut"), news(title="Zu lang " + "x" * 300)])
    assert "title" in error.value.message_dict
    assert Page.objects.get(pk=listing.pk).numchild == 0
    assert not NewsPage.objects.exists()
    with pytest.raises(ValidationError):
        create_pages(listing, [news(title="A", slug="gleich"), news(title="B", slug="gleich")])
