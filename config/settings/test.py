"""Tests. This module chooses the test database (tests/conftest.py reads the choice and
starts it): TEST_DATABASE=postgres (a throwaway PostgreSQL cluster) or sqlite (in memory).
Without it, CI (CI=true) uses PostgreSQL, and a developer machine uses PostgreSQL when its
server binaries are installed, SQLite otherwise (with a warning in the test header)."""

import os

from django.core.exceptions import ImproperlyConfigured

from tests.services.postgres import find_pg_bin

from .base import *  # noqa: F403

_TRUE = {"1", "true", "yes", "on"}


def _test_database_engine() -> tuple[str, str]:
    """(engine, a note for the test header when the choice was a fallback)."""
    requested = os.environ.get("TEST_DATABASE", "").strip().lower()
    if requested:
        if requested not in {"postgres", "sqlite"}:
            raise ImproperlyConfigured(
                f"TEST_DATABASE must be postgres or sqlite, not {requested!r}"
            )
        return requested, ""
    if os.environ.get("CI", "").strip().lower() in _TRUE or find_pg_bin() is not None:
        return "postgres", ""
    return "sqlite", (
        "WARNING: PostgreSQL server binaries not found, testing on SQLite instead "
        "(apt-get install postgresql, or set TEST_DATABASE=sqlite to silence this)"
    )


TEST_DATABASE_ENGINE, TEST_DATABASE_NOTE = _test_database_engine()
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
else:
    # In memory: the developer's db.sqlite3 stays out of reach.
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}

# `manage.py elasticsearch` and other developer tools; never installed in production.
INSTALLED_APPS = [*INSTALLED_APPS, "devtools"]  # noqa: F405

DEBUG = False
SECRET_KEY = "test-secret-key-not-for-production"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# The suite's admin tests log superusers in without a phone; tests/security/ turn the rule on
# and check it (an account with a device is asked for its code either way).
TWO_FACTOR_REQUIRED_FOR_SUPERUSERS = False
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
