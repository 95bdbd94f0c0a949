"""Login throttling (django-axes) on the admin's and the professionals' login: lockout per
account and per address, the right password refused while locked, free again after the
cool-off; German lockout pages."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.test import RequestFactory, override_settings

import pytest
from freezegun import freeze_time

from security.logins import client_ip

pytestmark = pytest.mark.django_db

LOGINS = {"admin": "/admin/login/", "professionals": "/fachkraefte/anmelden/"}
PASSWORD = "Richtiges-Passwort-2026"


@pytest.fixture
def accounts():
    User = get_user_model()
    return {
        "admin": User.objects.create_superuser("chefin", "chefin@x.example", PASSWORD),
        "professionals": User.objects.create_user("fachkraft", "fk@x.example", PASSWORD),
    }


def attempt(client, login: str, username: str, password: str, address: str = "127.0.0.1"):
    return client.post(
        LOGINS[login], {"username": username, "password": password}, REMOTE_ADDR=address
    )


def logged_in(response) -> bool:
    return response.status_code == 302 and "_auth_user_id" in response.client.session


@pytest.mark.parametrize("login", LOGINS)
def test_wrong_passwords_lock_the_account_until_the_cool_off_ends(
    client, settings, accounts, login
):
    user = accounts[login]
    limit = settings.AXES_FAILURE_LIMIT
    with freeze_time("2026-12-01 10:00:00") as clock:
        # From a new address each time: the account's own count locks it.
        answers = [
            attempt(client, login, user.username, "falsch", f"192.0.2.{n}").status_code
            for n in range(1, limit + 1)
        ]
        assert answers == [200] * (limit - 1) + [429]

        refused = attempt(client, login, user.username, PASSWORD, "198.51.100.7")
        assert refused.status_code == 429
        assert "_auth_user_id" not in client.session
        text = refused.content.decode()
        assert "Zu viele fehlgeschlagene Anmeldeversuche" in text
        assert "in 15 Minuten" in text
        assert refused["Retry-After"] == str(15 * 60)

        clock.tick(settings.AXES_COOLOFF_TIME - datetime.timedelta(seconds=1))
        assert attempt(client, login, user.username, PASSWORD, "198.51.100.7").status_code == 429

        clock.tick(datetime.timedelta(seconds=2))
        assert logged_in(attempt(client, login, user.username, PASSWORD, "198.51.100.7"))


@pytest.mark.parametrize("login", LOGINS)
def test_wrong_passwords_from_one_address_lock_that_address(client, settings, accounts, login):
    """Trying many account names from one address (password spraying) locks the address;
    the same account still logs in from elsewhere."""
    limit = settings.AXES_FAILURE_LIMIT
    for n in range(limit):
        attempt(client, login, f"rate{n}", "falsch", "203.0.113.9")
    user = accounts[login]
    assert attempt(client, login, user.username, PASSWORD, "203.0.113.9").status_code == 429
    assert logged_in(attempt(client, login, user.username, PASSWORD, "203.0.113.10"))


def test_a_successful_login_forgets_earlier_failures(client, settings, accounts):
    user = accounts["professionals"]
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "professionals", user.username, "falsch")
    assert logged_in(attempt(client, "professionals", user.username, PASSWORD))
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "professionals", user.username, "falsch")
    assert logged_in(attempt(client, "professionals", user.username, PASSWORD))


def test_the_admin_lockout_page_looks_like_the_admin_login(client, settings, accounts):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = attempt(client, "admin", "chefin", "falsch")
    assert response.status_code == 429
    html = response.content.decode()
    assert 'class="login' in html and "Passwort vergessen?" in html
    assert "Zu viele fehlgeschlagene Anmeldeversuche" in html


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        (0, "10.0.0.1", "198.51.100.1", "10.0.0.1"),  # no proxy: the header is ignored
        (1, "10.0.0.1", "6.6.6.6, 198.51.100.1", "198.51.100.1"),  # the client forged one
        (2, "10.0.0.1", "6.6.6.6, 198.51.100.1, 10.0.0.2", "198.51.100.1"),
        (1, "10.0.0.1", "", "10.0.0.1"),  # a proxy that set nothing
    ],
)
def test_client_address_behind_trusted_proxies(proxies, remote, forwarded, expected):
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(TRUSTED_PROXY_COUNT=proxies):
        assert client_ip(request) == expected
