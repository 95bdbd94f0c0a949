"""The dashboard's admin URLs and its menu item „Versorgungslücken“."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import views
from .permissions import may_see_menu


class CoverageMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return may_see_menu(request.user)


@hooks.register("register_admin_urls")
def register_admin_urls():
    admin_urls = [
        path("", views.dashboard, name="dashboard"),
        path("beantworten/", views.answer, name="answer"),
        path("hinweis/<int:pk>/entfernen/", views.withdraw, name="withdraw"),
        path("export/<slug:table>.csv", views.export, name="export"),
    ]
    return [path("versorgungsluecken/", include((admin_urls, "insights_admin")))]


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return CoverageMenuItem(
        _("Coverage gaps"), reverse("insights_admin:dashboard"), icon_name="view", order=275
    )
