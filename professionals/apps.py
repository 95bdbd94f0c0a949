from django.apps import AppConfig


class ProfessionalsConfig(AppConfig):
    """The network for professionals: referral partners, working groups, the document
    library, protected contact details and the referral handout (Merkliste)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "professionals"
    verbose_name = "Fachkräfte-Netzwerk"

    def ready(self) -> None:
        from . import signals

        signals.connect()
