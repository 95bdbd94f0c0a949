"""Tests. The database is chosen by tests/conftest.py: a throwaway PostgreSQL cluster
(TEST_DATABASE=postgres, the default in CI) or SQLite (TEST_DATABASE=sqlite)."""

import glob
import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403


def _test_database_engine() -> str:
    requested = os.environ.get("TEST_DATABASE", "").strip().lower()
    if requested:
        if requested not in {"postgres", "sqlite"}:
            raise ImproperlyConfigured(
                f"TEST_DATABASE must be postgres or sqlite, not {requested!r}"
            )
        return requested
    if os.environ.get("CI", "").strip().lower() in {"1", "true", "yes", "on"}:
        return "postgres"
    has_postgres = os.environ.get("PG_BIN") or glob.glob("/usr/lib/postgresql/*/bin/initdb")
    return "postgres" if has_postgres else "sqlite"


TEST_DATABASE_ENGINE = _test_database_engine()
if TEST_DATABASE_ENGINE == "postgres":
    # tests/conftest.py fills in host and port once the throwaway cluster runs. The engine
    # itself must be right from the start: modelsearch picks its PostgreSQL or SQLite code
    # (tsvector weights, the FTS table's relations) in AppConfig.ready().
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": "postgres",
            "USER": "postgres",
            "HOST": "127.0.0.1",
            "PORT": "5432",
        }
    }

# `manage.py elasticsearch` and other developer tools; never installed in production.
INSTALLED_APPS = [*INSTALLED_APPS, "devtools"]  # noqa: F405

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
