"""Tests. The database is chosen by tests/conftest.py: a throwaway PostgreSQL cluster
(TEST_DATABASE=postgres, the default in CI) or SQLite (TEST_DATABASE=sqlite)."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-secret-key-not-for-production"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ALLOWED_HOSTS = ["*"]
WAGTAILADMIN_BASE_URL = "http://testserver"
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
}
MEDIA_ROOT = BASE_DIR / "test-artifacts" / "media"  # noqa: F405
# Each test run gets its own index names so parallel runs and leftovers never collide.
SEARCH["INDEX_PREFIX"] = "test_"  # noqa: F405
# Serve static files straight from the finders; no collectstatic needed outside production.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
