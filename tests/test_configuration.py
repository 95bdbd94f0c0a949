"""Configuration from environment variables: defaults, production hardening, checks."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

from django.core import checks
from django.test import override_settings

import polib
import pytest

REPO = Path(__file__).resolve().parents[1]

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": secrets.token_urlsafe(64),
    "ALLOWED_HOSTS": "fruehehilfen.example.de",
    "SITE_URL": "https://fruehehilfen.example.de",
    "DATABASE_URL": "sqlite:////tmp/nfh-production-check.sqlite3",
    "EMAIL_URL": "smtp+tls://nfh:secret@mail.example.de:587",
    "DEFAULT_FROM_EMAIL": "Netzwerk Frühe Hilfen <nfh@fruehehilfen.example.de>",
    "TASKS_BACKEND": "database",
    "CACHE_DIR": "/tmp/nfh-production-check-cache",
}


def _process_env(env: dict[str, str]) -> dict[str, str]:
    """This environment with `env` on top, without the test session's variables (a deployment
    has none of them, e.g. Playwright's async escape hatch) and without the variables the tests
    here set: each is unset unless `env` sets it."""
    ignored = {
        "DJANGO_SETTINGS_MODULE", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", "ELASTICSEARCH_URL",
        "TASKS_BACKEND",
    }  # fmt: skip
    return {**{k: v for k, v in os.environ.items() if k not in ignored}, **env}


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=_process_env(env),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy_without_warnings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_when_workers_share_no_cache():
    env = {**PRODUCTION_ENV, "CACHE_DIR": ""}
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    assert "home.W004" in result.stdout + result.stderr
    assert "CACHE_DIR" in result.stdout + result.stderr


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "SITE_URL"])
def test_production_refuses_to_start_without_secrets(missing):
    env = {**PRODUCTION_ENV, missing: ""}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert missing in result.stderr


def _settings_in_a_process(expression: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    """`expression` evaluated on the settings module a fresh process imports with `env` (only
    the settings: what they choose does not need the apps loaded); dev settings by default."""
    env = _process_env({"DJANGO_SETTINGS_MODULE": "config.settings.dev", **env})
    code = (
        "import importlib, os; "
        "settings = importlib.import_module(os.environ['DJANGO_SETTINGS_MODULE']); "
        f"print({expression})"
    )
    return subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, timeout=60
    )


def test_elasticsearch_url_selects_wagtails_elasticsearch_backend():
    expression = (
        "settings.WAGTAILSEARCH_BACKENDS['default']['BACKEND'], "
        "settings.SEARCH['ELASTICSEARCH_URLS'], sep='\\n'"
    )
    with_es = _settings_in_a_process(
        expression, {"ELASTICSEARCH_URL": "http://127.0.0.1:9201,http://127.0.0.1:9202"}
    )
    # Wagtail's Elasticsearch 8 backend, subclassed for core-only analysis (search/).
    assert with_es.stdout.splitlines() == [
        "search.site_search.wagtail_backend",
        "['http://127.0.0.1:9201', 'http://127.0.0.1:9202']",
    ], with_es.stderr
    without = _settings_in_a_process(expression, {})
    assert without.stdout.splitlines() == ["search.site_search.database_backend", "[]"], (
        without.stderr
    )


def test_cache_dir_shares_the_process_copies_generation_between_processes(tmp_path):
    # One process edits (sets a new generation token), another one sees it: what lets every
    # gunicorn worker drop its copy of the menu or the facet labels after an edit.
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "CACHE_DIR": str(tmp_path),
    }

    def in_a_process(code: str) -> list[str]:
        setup = (
            "import django; django.setup(); from django.core.cache import cache, caches; "
            "from search.offers.labels import offer_labels as l; "
        )
        return subprocess.run(
            [sys.executable, "-c", setup + code],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()

    [edit] = in_a_process("l.invalidate(); print(cache.get(l.generation_key))")
    seen = in_a_process(
        "print(cache.get(l.generation_key)); print(type(caches['default']).__name__)"
    )
    assert len(edit) == 32
    assert seen == [edit, "FileBasedCache"]


def test_invalid_boolean_environment_value_is_a_clear_error():
    result = _manage(
        "check", env={"DJANGO_SETTINGS_MODULE": "config.settings.dev", "DEBUG": "maybe"}
    )
    assert result.returncode != 0
    assert "DEBUG must be one of" in result.stderr


@pytest.mark.parametrize(
    ("value", "backend"),
    [
        ("", "django_tasks.backends.immediate.ImmediateBackend"),
        ("database", "django_tasks_db.DatabaseBackend"),
        ("celery", None),
    ],
)
def test_tasks_backend_is_chosen_by_the_environment(value, backend):
    result = _settings_in_a_process(
        "settings.TASKS['default']['BACKEND']", {"TASKS_BACKEND": value} if value else {}
    )
    if backend is None:
        assert result.returncode != 0
        assert "TASKS_BACKEND must be one of immediate, database" in result.stderr
    else:
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == backend


@pytest.mark.parametrize(
    ("geocoder", "user_agent", "expected_ids"),
    [
        ("offline", "", []),
        ("nominatim", "nfh-test (ops@example.org)", []),
        ("photon", "", ["offers_directory.W001"]),
        ("google", "x", ["offers_directory.E001"]),
    ],
)
def test_geocoder_setting_is_checked(geocoder, user_agent, expected_ids):
    from offers_directory.checks import check_geocoder_settings

    with override_settings(
        OFFERS_DIRECTORY={"GEOCODER": geocoder, "GEOCODER_USER_AGENT": user_agent}
    ):
        messages = check_geocoder_settings(None)
    assert [m.id for m in messages] == expected_ids
    assert all(isinstance(m, checks.CheckMessage) for m in messages)


def test_german_translations_are_complete_and_compiled():
    po_path = REPO / "site" / "locale" / "de" / "LC_MESSAGES" / "django.po"
    po = polib.pofile(str(po_path))
    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []
    mo = polib.mofile(str(po_path.with_suffix(".mo")))
    compiled = {(e.msgid, e.msgstr) for e in mo if not e.msgid_plural}
    source = {(e.msgid, e.msgstr) for e in po.translated_entries() if not e.msgid_plural}
    assert source <= compiled, "django.mo is stale: run manage.py compilemessages"
