"""Editorial groups: one coordinator group per region, limited to that region's subtree and
its own image/document collection, and a network-wide editor group. Wagtail attaches page
permissions to a page and everything below it, which is exactly the per-county boundary."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
COLLECTION_PERMISSIONS = (
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
)
NETWORK_EDITORS_GROUP = "Netzwerk-Redaktion"


def _admin_access() -> Permission:
    return Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")


def _page_permission(codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)


def _grant_pages(group: Group, page: Page, codenames: tuple[str, ...] = PAGE_PERMISSIONS) -> None:
    for codename in codenames:
        GroupPagePermission.objects.get_or_create(
            group=group, page=page, permission=_page_permission(codename)
        )


def _grant_collection(group: Group, collection: Collection) -> None:
    for app_label, codename in COLLECTION_PERMISSIONS:
        permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=permission
        )


@transaction.atomic
def ensure_region_group(region, publish: bool = True) -> Group:
    """Create (or repair) the coordinator group and media collection of a region page.
    Without `publish` (a moderated region, home/workflows.py) the group may write and submit
    but not publish; a publish permission it had is taken back."""
    group = region.coordinator_group
    if group is None:
        group, _ = Group.objects.get_or_create(name=f"Koordination {region.title}")
        region.coordinator_group = group
        # Saving the group link must not create a new page revision or touch the live state.
        type(region).objects.filter(pk=region.pk).update(coordinator_group=group)
    group.permissions.add(_admin_access())
    if publish:
        _grant_pages(group, region)
    else:
        _grant_pages(group, region, tuple(c for c in PAGE_PERMISSIONS if c != "publish_page"))
        GroupPagePermission.objects.filter(
            group=group, page=region, permission=_page_permission("publish_page")
        ).delete()

    root_collection = Collection.get_first_root_node()
    collection = root_collection.get_children().filter(name=region.title).first()
    if collection is None:
        collection = root_collection.add_child(name=region.title)
    _grant_collection(group, collection)
    # Coordinators may also pick shared images (logos, network photos) from the root.
    choose = Permission.objects.filter(
        codename__in=("choose_image", "choose_document"),
        content_type__app_label__in=("wagtailimages", "wagtaildocs"),
    )
    for permission in choose:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=root_collection, permission=permission
        )
    return group


@transaction.atomic
def ensure_network_editor_group(home_page: Page) -> Group:
    """Network-wide editors may edit and publish everywhere below the home page."""
    group, _ = Group.objects.get_or_create(name=NETWORK_EDITORS_GROUP)
    group.permissions.add(_admin_access())
    _grant_pages(group, home_page)
    _grant_collection(group, Collection.get_first_root_node())
    return group


def grant_provider_permissions(group: Group, providers_index: Page) -> None:
    """Coordinators may add providers (Träger) in the shared providers' directory; what they
    may do with a provider afterwards is offers_directory.permissions' rule."""
    _grant_pages(group, providers_index, ("add_page",))


# Created by Wagtail's own migrations, in English, with rights over the whole page tree: a user
# put into "Editors" by mistake could edit every county. Our groups replace them.
WAGTAIL_DEFAULT_GROUPS = ("Moderators", "Editors")


@transaction.atomic
def retire_wagtail_default_groups() -> list[str]:
    """Delete Wagtail's default groups while nobody is in them (a group somebody uses stays);
    returns the names deleted."""
    unused = Group.objects.filter(name__in=WAGTAIL_DEFAULT_GROUPS, user__isnull=True)
    names = sorted(unused.values_list("name", flat=True))
    Group.objects.filter(name__in=names).delete()
    return names
