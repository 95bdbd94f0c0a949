from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    """The site's defences in one place: login throttling, two-factor authentication for the
    admin, password-reset mail outside the request, the response headers (Content-Security-
    Policy, Permissions-Policy, Cache-Control) and JSON that cannot break out of HTML."""

    name = "security"
    verbose_name = _("Security")

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the deploy checks)
