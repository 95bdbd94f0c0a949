from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    label = "search"
    verbose_name = _("Search")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from .offers import signals
        from .offers.labels import offer_labels
        from .partners.labels import partner_labels

        signals.connect()
        offer_labels.connect()
        partner_labels.connect()
