from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import PressContact
from .permissions import grant_editorial_permissions
from .sections import ensure_region_sections


class PressContactViewSet(SnippetViewSet):
    model = PressContact
    icon = "user"
    menu_label = _("Press contacts")
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["name", "role", "organisation", "phone", "email"]
    search_fields = ["name", "organisation", "role"]


register_snippet(PressContactViewSet)


@hooks.register("after_create_page")
def grant_press_contacts_to_new_region(request, page) -> None:
    # home's hook (registered first, home precedes news in INSTALLED_APPS) has just created
    # the region's coordinator group; its coordinators also maintain press contacts.
    group = getattr(page.specific, "coordinator_group", None)
    if group is not None:
        grant_editorial_permissions(group)


def _is_region(page) -> bool:
    from home.models import RegionPage

    return isinstance(page.specific, RegionPage)


@hooks.register("after_create_page")
def create_region_sections(request, page) -> None:
    if _is_region(page):
        ensure_region_sections(page.specific)
