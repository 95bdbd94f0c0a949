from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OffersDirectoryConfig(AppConfig):
    name = "offers_directory"
    verbose_name = _("Offer directory")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Registers the system checks and connects the geocoding signal.
        from . import checks, signals  # noqa: F401
