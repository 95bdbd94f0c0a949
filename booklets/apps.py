from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BookletsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "booklets"
    verbose_name = _("Printed guides")
