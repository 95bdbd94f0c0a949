"""The admin side: the catalogues as snippets, and "Druckausgaben", the page where editors
regenerate the stored PDFs of their regions' booklets and of the catalogues."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import views
from .models import OfferCatalogue


class OfferCatalogueViewSet(SnippetViewSet):
    model = OfferCatalogue
    icon = "list-ul"
    menu_label = _("Offer catalogues")
    menu_order = 260
    add_to_admin_menu = True
    list_display = ["title", "working_group", "region", "updated_at"]
    list_filter = ["working_group", "region"]
    search_fields = ["title"]


register_snippet(OfferCatalogueViewSet)


class PrintEditionsMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        user = request.user
        return user.has_perm(
            "booklets.change_offercatalogue"
        ) or PagePermissionPolicy().user_has_permission(user, "publish")


@hooks.register("register_admin_urls")
def register_admin_urls():
    admin_urls = [
        path("", views.admin_index, name="index"),
        path("neu-erstellen/", views.admin_regenerate, name="regenerate"),
    ]
    return [path("druckausgaben/", include((admin_urls, "booklets_admin")))]


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return PrintEditionsMenuItem(
        _("Printed guides"), reverse("booklets_admin:index"), icon_name="doc-full", order=270
    )
