from django.apps import AppConfig


class FinderConfig(AppConfig):
    """The family finder at /angebote/: the offer search as a server-rendered page that
    JavaScript enhances (suggestions, a map, updates without reload)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "finder"
    verbose_name = "Angebotsfinder"

    def ready(self) -> None:
        from .site_settings import site_settings
        from .views import basemap_settings

        basemap_settings.connect()
        site_settings.connect()
