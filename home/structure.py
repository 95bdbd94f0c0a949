"""The site's structure, built the same way by `manage.py setup_site` and `create_region`, the
admin's hooks, the demo and the tests: Wagtail's base rows, the home page as the default site's
root with its address (SITE_URL), the sections and legal pages (home/site_pages.py), the network
editors' group and the moderation workflow, and what each region needs: its coordinator group
with its collection, the group's editorial permissions and the region's sections (news, events,
offers)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import get_supported_language_variant

from wagtail.models import Collection, Locale, Page, Site

from publishing.page_creation import create_page

from . import workflows
from .models import HomePage, RegionIndexPage, RegionPage, SiteFooterSettings
from .permissions import (
    ensure_network_editor_group,
    ensure_region_group,
    grant_provider_permissions,
    retire_wagtail_default_groups,
)

Say = Callable[[str], None]


def _quiet(message: str) -> None:
    pass


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
    coordinator group and collection, the group's press-contact permissions, its sections,
    providers (Träger) for its offers, and moderation if MODERATED_REGIONS names it.
    Repeating it changes nothing; after a change of MODERATED_REGIONS it applies the new one."""
    from news.permissions import grant_editorial_permissions
    from news.sections import ensure_region_sections

    moderated = workflows.is_moderated(region)
    group = ensure_region_group(region, publish=not moderated)
    grant_editorial_permissions(group)
    ensure_region_sections(region)
    for providers in _providers_indexes():
        grant_provider_permissions(group, providers)
    workflow = workflows.ensure_editorial_workflow()
    if moderated:
        workflows.attach(workflow, region)
    else:
        workflows.detach(workflow, region)
    # Providers are shared by all regions: their directory goes through the approval as soon
    # as one region does (coordinators who publish directly still publish providers directly).
    any_moderated = any(workflows.is_moderated(r) for r in RegionPage.objects.all())
    for providers in _providers_indexes():
        if any_moderated:
            workflows.attach(workflow, providers)
        else:
            workflows.detach(workflow, providers)
    return group


def _providers_indexes() -> list[Page]:
    if not apps.is_installed("offers_directory"):
        return []
    from offers_directory.models import OrganizationIndexPage

    return list(OrganizationIndexPage.objects.all())


def setup_network_editors(home: Page) -> Group:
    """The network-wide editors' group with its page, collection and snippet permissions."""
    from news.permissions import grant_editorial_permissions

    group = ensure_network_editor_group(home)
    grant_editorial_permissions(group)
    return group


def set_site_url(url: str) -> Site:
    """Point the default Site record at `url` (scheme, host, port): Wagtail builds every
    absolute URL from it. Wagtail writes https only for port 443 and http for every other
    port, so https elsewhere cannot be expressed and is refused."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"The site URL must look like https://host, not {url!r}.")
    if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username:
        raise ValueError(f"The site URL is the address of the site's root only, not {url!r}.")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    if (parts.scheme == "https") != (port == 443):
        raise ValueError(
            f"Wagtail serves https on port 443 only and http on any other port: {url!r}."
        )
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        raise ValueError("There is no default site; run setup_site.")
    site.hostname, site.port = parts.hostname, port
    site.full_clean()
    site.save()
    return site


@transaction.atomic
def setup_site(site_url: str | None = None, say: Say = _quiet) -> HomePage:
    """Build what is missing of the site's structure (home/site_pages.py), set the Site's
    address (`site_url`, else SITE_URL), the groups and permissions and the moderation
    workflow, and bring every region up to date. Idempotent; pages that exist (by slug) are
    left as the editors made them."""
    from .accessibility import ensure_accessibility_pages
    from .site_pages import FINDER_SLUG, HOME, SECTIONS

    home = HomePage.objects.first()
    if home is None:
        home = ensure_home_page(**HOME)
        say(f"Created the home page {home.title!r} as the site's root.")
    site = set_site_url(site_url or settings.SITE_URL)
    say(f"Site address: {site.root_url}")

    pages: dict[str, Page] = {}
    for section in SECTIONS:
        page = home.get_children().filter(slug=section.slug).first()
        if page is None:
            page = apps.get_model(section.model)(
                title=section.title,
                slug=section.slug,
                show_in_menus=section.in_menu,
                **section.fields,
            )
            create_page(home, page)
            say(f"Created /{section.slug}/ ({page.title}).")
        pages[section.slug] = page.specific
    if home.finder_page_id is None:
        home.finder_page = pages[FINDER_SLUG]
        home.save_revision().publish()
    statement, easy = ensure_accessibility_pages(home)
    say(f"Accessibility pages: {statement.url}, {easy.url} (linked on every page).")
    footer = SiteFooterSettings.for_site(site)
    footer.imprint_page = footer.imprint_page or pages["impressum"]
    footer.privacy_page = footer.privacy_page or pages["datenschutz"]
    footer.save()

    editors = setup_network_editors(home)
    workflows.ensure_editorial_workflow()
    workflows.retire_wagtail_default_workflow()
    retired = retire_wagtail_default_groups()
    if retired:
        say(f"Wagtail's unused default groups removed: {', '.join(retired)}.")
    regions = list(RegionPage.objects.order_by("path"))
    for region in regions:
        setup_region(region)
    say(
        f"Groups: {editors.name!r} (whole site) and {len(regions)} regional coordinator "
        f"group(s); workflow {workflows.WORKFLOW_NAME!r} attached to "
        f"{workflows.attached_count()} page(s)."
    )
    return home


@transaction.atomic
def create_region(
    title: str,
    slug: str,
    *,
    postcodes: list[str] | None = None,
    area: dict[str, Any] | None = None,
    **fields: Any,
) -> tuple[RegionPage, bool]:
    """A region below "Über das Netzwerk", published and set up as the admin sets up a new
    region, with the postcode prefixes and outline the importers route offers by. Returns the
    region and whether it was created; an existing region (same slug) gets the new postcodes
    or area. Raises ValueError without the site's structure and ValidationError for bad
    postcodes or areas."""
    index = RegionIndexPage.objects.first()
    if index is None:
        raise ValueError("There is no “Über das Netzwerk” page yet; run setup_site first.")
    region = RegionPage.objects.filter(slug=slug).first()
    created = region is None
    if created:
        region = RegionPage(title=title, slug=slug, **{"official_name": title, **fields})
        create_page(index, region)
    setup_region(region)
    if postcodes is not None or area is not None:
        from offers_directory.models import RegionArea

        RegionArea.objects.set_for(region, postcode_prefixes=postcodes, extent=area)
    return region, created
