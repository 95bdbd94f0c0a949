from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    label = "search"
    verbose_name = _("Search")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from publishing.page_creation import register_signal_batch

        from . import outbox
        from .offers import signals
        from .offers.labels import offer_labels
        from .partners.labels import partner_labels

        signals.connect()
        # A batch of new pages refreshes the search's database copies once, not per page.
        register_signal_batch(outbox.batch)
        offer_labels.connect()
        partner_labels.connect()
