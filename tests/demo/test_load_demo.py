"""`manage.py load_demo`, the quick start's one command: the whole demo and the admin account,
on the embedded defaults; running it again changes nothing. The four commands it replaced stay
as its parts (test_site, test_offers, test_partners)."""

from __future__ import annotations

import io

from django.contrib.auth import get_user_model
from django.core.management import call_command

from wagtail.models import Page, Revision

import pytest

from demo.accounts import coordinator_username
from demo.data.regions import REGIONS
from home.models import RegionPage
from offers_directory.models import OfferPage
from professionals.models import ReferralPartner
from search.models import SearchEntry
from search.offers.indexing import public_offers

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


def test_load_demo_builds_everything_once_and_prints_the_logins(
    client, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.BASE_DIR = tmp_path  # where the admin's password is kept
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=out)
    output = out.getvalue()
    assert "Demo content ready: 5 regions" in output
    assert "Demo offers:" in output and "Demo partners ready:" in output
    assert "the demo professional 'fachkraft' (password 'Fruehe-Hilfen-2026')" in output
    password = (tmp_path / ".services" / "demo-admin-password").read_text().strip()
    assert f"user: admin  password: {password}" in output
    assert get_user_model().objects.get(username="admin").check_password(password)
    # A coordinator per demo region, in that region's group, whose login works.
    shared = (tmp_path / ".services" / "demo-coordinator-password").read_text().strip()
    for demo_region in REGIONS:
        username = coordinator_username(demo_region.slug)
        assert f"user: {username}  password: {shared}" in output
        coordinator = get_user_model().objects.get(username=username)
        assert coordinator.check_password(shared) and not coordinator.is_superuser
        region = RegionPage.objects.get(slug=demo_region.slug)
        assert list(coordinator.groups.all()) == [region.coordinator_group]
        assert client.login(username=username, password=shared)
        assert client.get("/admin/").status_code == 200
        client.logout()

    live = OfferPage.objects.live()
    assert live.count() >= 140 and ReferralPartner.objects.count() >= 60
    # The offer search holds every public offer (the page_published receivers ran).
    assert set(SearchEntry.objects.values_list("offer_id", flat=True)) == set(
        public_offers().values_list("pk", flat=True)
    )
    assert client.get("/angebote/", {"near": "21423"}).status_code == 200

    counts = (
        Page.objects.count(),
        Revision.objects.count(),
        ReferralPartner.objects.count(),
        get_user_model().objects.count(),
    )
    again = io.StringIO()
    call_command("load_demo", stdout=again)
    assert "Demo offers: 0 created" in again.getvalue()
    assert f"user: admin  password: {password}" in again.getvalue()
    assert f"password: {shared}" in again.getvalue()
    assert (
        Page.objects.count(),
        Revision.objects.count(),
        ReferralPartner.objects.count(),
        get_user_model().objects.count(),
    ) == counts
