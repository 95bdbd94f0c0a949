"""Production needs a mail server and a sender address, like it needs SECRET_KEY: without
them it refuses to start. The environment's mail settings, read by config/env.py."""

from __future__ import annotations

import pytest

from config.env import env_email
from tests.test_configuration import PRODUCTION_ENV, _manage

MAIL = {"EMAIL_URL": "smtp+tls://nfh%40example.de:geheim@mail.example.de:587"}


@pytest.mark.parametrize("missing", ["EMAIL_URL", "DEFAULT_FROM_EMAIL"])
def test_production_refuses_to_start_without_mail_settings(missing):
    env = {**PRODUCTION_ENV, **MAIL, "DEFAULT_FROM_EMAIL": "nfh@example.de", missing: ""}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert missing in result.stderr


def test_immediate_tasks_are_a_deploy_warning():
    env = {**PRODUCTION_ENV, "TASKS_BACKEND": "immediate"}
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    assert "security.W001" in result.stderr


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        (
            MAIL,
            {
                "EMAIL_HOST": "mail.example.de",
                "EMAIL_PORT": 587,
                "EMAIL_HOST_USER": "nfh@example.de",
                "EMAIL_HOST_PASSWORD": "geheim",
                "EMAIL_USE_TLS": True,
                "EMAIL_USE_SSL": False,
            },
        ),
        (
            {"EMAIL_URL": "smtps://mail.example.de"},
            {"EMAIL_PORT": 465, "EMAIL_USE_SSL": True, "EMAIL_USE_TLS": False},
        ),
        (
            {"EMAIL_HOST": "relay.internal", "EMAIL_PORT": "2525", "EMAIL_USE_TLS": "true"},
            {"EMAIL_HOST": "relay.internal", "EMAIL_PORT": 2525, "EMAIL_USE_TLS": True},
        ),
    ],
)
def test_mail_settings_from_the_environment(monkeypatch, env, expected):
    for name in ("EMAIL_URL", "EMAIL_HOST", "EMAIL_PORT", "EMAIL_USE_TLS", "EMAIL_USE_SSL"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    values = env_email(required=True)
    assert {key: values[key] for key in expected} == expected
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"


@pytest.mark.parametrize("url", ["http://mail.example.de", "smtp://", "mail.example.de"])
def test_a_bad_email_url_is_a_clear_error(monkeypatch, url):
    from django.core.exceptions import ImproperlyConfigured

    monkeypatch.setenv("EMAIL_URL", url)
    with pytest.raises(ImproperlyConfigured, match="EMAIL_URL must look like"):
        env_email(required=False)
