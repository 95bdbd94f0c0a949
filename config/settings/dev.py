"""Local development: the embedded defaults, debug on unless DEBUG says otherwise."""

from config.env import env_bool, env_email

from .base import *  # noqa: F403

# `manage.py elasticsearch` and other developer tools; never installed in production.
INSTALLED_APPS = [*INSTALLED_APPS, "devtools"]  # noqa: F405

DEBUG = env_bool("DEBUG", True)
if not env_email(required=False):
    # Mails (password reset) are printed unless EMAIL_URL or EMAIL_HOST names a server.
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# Serve static files straight from the finders; no collectstatic needed outside production.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
