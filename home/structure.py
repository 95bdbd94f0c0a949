"""The site's structure, built the same way by the admin's hooks, the demo and the tests (and
later `manage.py setup_site`): Wagtail's base rows, the home page as the default site's root,
the network editors' group, and what each region needs: its coordinator group with its
collection, the group's editorial permissions and the region's sections (news, events,
offers)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import get_supported_language_variant

from wagtail.models import Collection, Locale, Page, Site

from publishing.page_creation import create_page

from .models import HomePage, RegionPage
from .permissions import ensure_network_editor_group, ensure_region_group


@transaction.atomic
def ensure_wagtail_base_data() -> Page:
    """The rows Wagtail's own migrations create (default locale, root page, root collection).
    A flushed database (transactional tests) lacks them."""
    locale, _ = Locale.objects.get_or_create(
        language_code=get_supported_language_variant(settings.LANGUAGE_CODE)
    )
    root = Page.get_first_root_node()
    if root is None:
        root = Page.objects.create(
            title="Root",
            slug="root",
            content_type=ContentType.objects.get_for_model(Page),
            path="0001",
            depth=1,
            numchild=0,
            url_path="/",
            locale=locale,
        )
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    return root


@transaction.atomic
def ensure_home_page(**fields: Any) -> HomePage:
    """The home page as the default site's root; created with `fields` when missing, in place
    of the welcome page Wagtail's migrations put there."""
    home = HomePage.objects.first()
    if home is not None:
        return home
    root = ensure_wagtail_base_data()
    placeholder = root.get_children().filter(slug="home").first()
    if placeholder is not None:
        placeholder.slug = "home-placeholder"  # the slug must be free for the home page
        placeholder.save()
    home = HomePage(slug="home", **fields)
    create_page(root, home)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost", root_page=home, is_default_site=True, site_name=home.title
        )
    else:
        site.root_page = home
        site.site_name = home.title
        site.save()
    if placeholder is not None:
        placeholder.delete()
    return home


def setup_region(region: RegionPage) -> Group:
    """What a region needs, however it was created (the admin's hook calls this too): its
    coordinator group and collection, the group's press-contact permissions, its sections.
    Repeating it changes nothing."""
    from news.permissions import grant_editorial_permissions
    from news.sections import ensure_region_sections

    group = ensure_region_group(region)
    grant_editorial_permissions(group)
    ensure_region_sections(region)
    return group


def setup_network_editors(home: Page) -> Group:
    """The network-wide editors' group with its page, collection and snippet permissions."""
    from news.permissions import grant_editorial_permissions

    group = ensure_network_editor_group(home)
    grant_editorial_permissions(group)
    return group
