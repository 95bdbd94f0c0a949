"""Who sees which unmet searches and coverage: a coordinator the regions whose pages they may
edit (their coordinator group's subtree, as everywhere in the admin); whoever may edit the
home page (the network editors) or is a superuser sees every region and the searches no
region could be found for."""

from __future__ import annotations

from typing import Any

from home.models import HomePage, RegionPage
from home.permissions import grants_page_permission_somewhere


def sees_all(user: Any) -> bool:
    if not (user and user.is_active):
        return False
    if user.is_superuser:
        return True
    return any(home.permissions_for_user(user).can_edit() for home in HomePage.objects.all())


def visible_regions(user: Any) -> list[RegionPage]:
    """The regions whose unmet searches and coverage the user may see, by title."""
    if not (user and user.is_active and user.has_perm("wagtailadmin.access_admin")):
        return []
    regions = list(RegionPage.objects.order_by("title"))
    if sees_all(user):
        return regions
    return [region for region in regions if region.permissions_for_user(user).can_edit()]


def may_answer_with(user: Any, offer: Any) -> bool:
    """A search is answered with an offer the user may edit (one of their region's)."""
    return offer.permissions_for_user(user).can_edit()


def may_see_menu(user: Any) -> bool:
    """A cheap first answer for the menu on every admin page: someone who may edit pages
    somewhere. The views ask visible_regions."""
    return grants_page_permission_somewhere(user, "change_page")
