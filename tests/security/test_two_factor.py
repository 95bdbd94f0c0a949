"""Two-factor authentication (django-otp, TOTP) for the Wagtail admin: required for
administrators, available to editors; codes computed here from the device's key, as an
authenticator app would."""

from __future__ import annotations

import datetime
import io
import re
import time

from django.contrib.auth import get_user_model
from django.core.management import call_command

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from freezegun import freeze_time

from home.factories import GroupFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Richtiges-Passwort-2026"
SETUP = "/admin/two-factor/setup/"
VERIFY = "/admin/two-factor/verify/"


@pytest.fixture(autouse=True)
def required_for_superusers(settings):
    # The suite's settings switch the rule off for the other admin tests (config/settings/test.py).
    settings.TWO_FACTOR_REQUIRED_FOR_SUPERUSERS = True


@pytest.fixture(autouse=True)
def clock():
    """Frozen time: TOTP codes change every 30 seconds, and django-otp makes each wrong code
    cost a growing wait; the tests move the clock on when they mean to."""
    with freeze_time("2026-12-01 10:00:03") as frozen:
        yield frozen


def code(device: TOTPDevice) -> str:
    """What the app shows now."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():0{device.digits}d}"


def wait(clock, seconds: int) -> None:
    clock.tick(datetime.timedelta(seconds=seconds))


def log_in(client, username: str) -> None:
    response = client.post("/admin/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]


@pytest.fixture
def admin():
    return get_user_model().objects.create_superuser("chefin", "chefin@x.example", PASSWORD)


@pytest.fixture
def editor():
    return UserFactory(
        username="redakteur",
        password=PASSWORD,
        groups=[GroupFactory(name="Redaktion", permissions=["wagtailadmin.access_admin"])],
    )


def test_an_administrator_without_a_device_must_set_one_up(client, clock, admin):
    log_in(client, "chefin")
    for path in ("/admin/", "/admin/pages/", "/admin/two-factor/", "/fachkraefte/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(f"{SETUP}?next="), path

    page = client.get(SETUP)
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and 'class="segno"' in html  # the QR code, drawn by the site
    device = TOTPDevice.objects.get(user=admin, confirmed=False)
    secret = re.search(r"data-totp-secret>([A-Z2-7 ]+)<", html).group(1)
    assert device.config_url.split("secret=")[1].split("&")[0] == secret.replace(" ", "")

    wrong = client.post(SETUP, {"otp_token": "000000", "next": "/admin/pages/"})
    assert wrong.status_code == 200
    assert "Der Code ist nicht gültig" in wrong.content.decode()

    wait(clock, 2)  # after one wrong code, django-otp takes the next one after a second
    done = client.post(SETUP, {"otp_token": code(device), "next": "/admin/pages/"})
    assert done.status_code == 302 and done["Location"] == "/admin/pages/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/").status_code == 200


def test_login_asks_for_the_code_of_the_device(client, clock, admin):
    device = TOTPDevice.objects.create(user=admin, name="Telefon", confirmed=True)
    log_in(client, "chefin")
    first = client.get("/admin/pages/")
    assert first.status_code == 302 and first["Location"].startswith(f"{VERIFY}?next=")
    # Without the code, no way round it: not even by setting up another app.
    assert client.get(SETUP)["Location"].startswith(f"{VERIFY}?next=")
    assert client.get("/fachkraefte/")["Location"].startswith(f"{VERIFY}?next=")

    form = client.get(first["Location"])
    assert form.status_code == 200
    assert 'autocomplete="one-time-code"' in form.content.decode()
    assert client.post(VERIFY, {"otp_token": "123456"}).status_code == 200
    wait(clock, 2)

    verified = client.post(VERIFY, {"otp_token": code(device), "next": "/admin/pages/"})
    assert verified.status_code == 302 and verified["Location"] == "/admin/pages/"
    assert client.get("/admin/pages/").status_code == 200
    # A code is good once: replaying it after logging in again fails; the next one works.
    client.post("/admin/logout/")
    log_in(client, "chefin")
    assert client.post(VERIFY, {"otp_token": code(device)}).status_code == 200
    wait(clock, device.step)
    assert client.post(VERIFY, {"otp_token": code(device)}).status_code == 302


def test_an_external_next_url_is_not_followed(client, admin):
    device = TOTPDevice.objects.create(user=admin, name="Telefon", confirmed=True)
    log_in(client, "chefin")
    response = client.post(VERIFY, {"otp_token": code(device), "next": "https://evil.example/"})
    assert response["Location"] == "/admin/"


def test_an_editor_may_opt_in_and_out(client, clock, editor):
    log_in(client, "redakteur")
    assert client.get("/admin/").status_code == 200  # not required for editors
    account = client.get("/admin/account/").content.decode()
    assert "Zwei-Faktor-Anmeldung" in account and "/admin/two-factor/" in account
    status = client.get("/admin/two-factor/").content.decode()
    assert "nicht aktiv" in status

    client.get(SETUP)
    device = TOTPDevice.objects.get(user=editor)
    assert client.post(SETUP, {"otp_token": code(device)}).status_code == 302
    client.post("/admin/logout/")

    log_in(client, "redakteur")
    assert client.get("/admin/")["Location"].startswith(f"{VERIFY}?next=")
    wait(clock, device.step)
    assert client.post(VERIFY, {"otp_token": code(device)}).status_code == 302
    assert "ist für Ihr Konto aktiv" in client.get("/admin/two-factor/").content.decode()

    assert client.post("/admin/two-factor/").status_code == 302
    assert not TOTPDevice.objects.filter(user=editor).exists()


def test_an_administrator_cannot_switch_it_off_but_can_change_the_app(client, admin):
    old = TOTPDevice.objects.create(user=admin, name="Altes Telefon", confirmed=True)
    log_in(client, "chefin")
    client.post(VERIFY, {"otp_token": code(old)})
    page = client.get("/admin/two-factor/").content.decode()
    assert "Administratoren können sie nicht ausschalten" in page
    client.post("/admin/two-factor/")
    assert TOTPDevice.objects.filter(pk=old.pk).exists()

    client.get(SETUP)
    new = TOTPDevice.objects.get(user=admin, confirmed=False)
    assert client.post(SETUP, {"otp_token": code(new)}).status_code == 302
    assert list(TOTPDevice.objects.filter(user=admin)) == [new]


def test_professionals_without_admin_access_are_not_asked(client):
    user = get_user_model().objects.create_user("fachkraft", "fk@x.example", PASSWORD)
    TOTPDevice.objects.create(user=user, name="Telefon", confirmed=True)
    client.force_login(user)
    assert client.get("/fachkraefte/").status_code == 200


def test_reset_two_factor_command_removes_the_devices(admin):
    TOTPDevice.objects.create(user=admin, name="Verloren", confirmed=True)
    out = io.StringIO()
    call_command("reset_two_factor", "chefin", stdout=out)
    assert not TOTPDevice.objects.filter(user=admin).exists()
    assert "1" in out.getvalue()
