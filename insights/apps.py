from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "insights"
    verbose_name = _("Unmet searches and coverage")

    def ready(self) -> None:
        from search.offers.engines import search_answered

        from .recording import record_search

        search_answered.connect(record_search, dispatch_uid="insights.record_search")
