from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import views
from .permissions import may_see_imports_menu

app_name = "imports"
urlpatterns = [
    path("", views.index, name="index"),
    path("<str:kind>/neu/", views.upload, name="upload"),
    path("<int:pk>/", views.job_detail, name="job"),
    path("<int:pk>/starten/", views.confirm, name="confirm"),
    path("<int:pk>/status/", views.status, name="status"),
]


@hooks.register("register_admin_urls")
def register_import_urls():
    return [path("importe/", include((urlpatterns, app_name), namespace=app_name))]


class ImportMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return may_see_imports_menu(request.user)


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportMenuItem(_("Imports"), reverse("imports:index"), icon_name="upload", order=450)
