"""Who may import where. The page permissions decide, as everywhere in the admin: importing
offers into a region needs the right to add pages to that region's offer listing, importing
press releases the right to add pages to its news listing. A coordinator has that right in
the own region only; the network editors everywhere. Without a region (the importer picks
one per offer or press release) every listing of the kind must be open to the user."""

from __future__ import annotations

from typing import Any

from wagtail.models import Page

from home.models import RegionPage
from home.permissions import grants_page_permission_somewhere
from news.importer import news_index_for
from news.models import NewsIndexPage
from offers_directory.models import OfferIndexPage

from .models import ImportJob


def target_index(kind: str, region: RegionPage) -> Page | None:
    """The listing an import of this kind writes into for the region (the importers' own
    choice: the topmost listing of the kind inside the region)."""
    if kind == ImportJob.Kind.NEWS:
        return news_index_for(region)
    return OfferIndexPage.objects.descendant_of(region).order_by("depth", "path").first()


def _can_add(user: Any, page: Page | None) -> bool:
    return page is not None and page.permissions_for_user(user).can_add_subpage()


def may_import(user: Any, kind: str, region: RegionPage | None) -> bool:
    if not (user and user.is_active and user.has_perm("wagtailadmin.access_admin")):
        return False
    if region is not None:
        return _can_add(user, target_index(kind, region))
    model = NewsIndexPage if kind == ImportJob.Kind.NEWS else OfferIndexPage
    listings = list(model.objects.all())
    return bool(listings) and all(_can_add(user, page) for page in listings)


def importable_regions(user: Any, kind: str) -> list[RegionPage]:
    return [
        region
        for region in RegionPage.objects.order_by("title")
        if _can_add(user, target_index(kind, region))
    ]


def importable_kinds(user: Any) -> list[str]:
    """The kinds of import the user may start somewhere."""
    return [
        kind
        for kind in ImportJob.Kind.values
        if may_import(user, kind, None) or importable_regions(user, kind)
    ]


def may_see_imports_menu(user: Any) -> bool:
    """A cheap first answer for the menu on every admin page: someone who may add pages
    somewhere. The views ask importable_kinds."""
    return grants_page_permission_somewhere(user, "add_page")


def may_view(user: Any, job: ImportJob) -> bool:
    return user.is_superuser or job.user_id == user.pk


def may_change_offer(user: Any, page: Page) -> bool:
    """An offer already stored is updated only by someone who may edit it."""
    return page.permissions_for_user(user).can_edit()
