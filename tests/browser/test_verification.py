"""A provider answers a verification request in the browser (Chromium): the link from the
mail, "Änderung melden", a mistake announced, the change sent; then the coordinator finds
the reported change on the admin dashboard and the draft in the offer's edit form, while
the public page still shows the old data."""

import re

from django.core import mail

import pytest

from home.factories import UserFactory
from home.models import RegionPage
from offers_directory import verification
from offers_directory.factories import OfferPageFactory
from offers_directory.models import OfferIndexPage, VerificationAnswer, VerificationRequest

from .fixtures import describe_violations, log_in, run_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

LONG = 30_000
OLD_PHONE = "04171 1234"
NEW_PHONE = "04171 98765"


@pytest.fixture
def requested(demo, live_site):
    harburg = RegionPage.objects.get(slug="landkreis-harburg")
    coordinator = UserFactory(username="koordination-pruefung", groups=[harburg.coordinator_group])
    offer = OfferPageFactory(
        parent=OfferIndexPage.objects.descendant_of(harburg).get(),
        title="Elterncafé zum Prüfen",
        summary="Treffpunkt für Eltern mit Babys.",
        email="elterncafe@traeger.example",
        phone=OLD_PHONE,
    )
    mail.outbox.clear()
    verification.request_verification(offer, user=coordinator)
    return live_site, coordinator, offer


def test_provider_reports_a_change_and_the_coordinator_sees_it(page, requested, axe_source):
    server, coordinator, offer = requested
    page.set_default_timeout(LONG)
    [message] = mail.outbox
    assert message.to == ["elterncafe@traeger.example"]
    link = re.search(r"http://\S+/angaben-pruefen/\S+/", message.body).group(0)
    assert link.startswith(server.url)

    page.goto(link)
    page.get_by_role("heading", name="Stimmen diese Angaben noch?").wait_for()
    assert describe_violations(run_axe(page, axe_source)) == ""
    page.get_by_role("link", name="Änderung melden").click()
    page.wait_for_url("**/aendern/")

    # A wrong address: the errors are announced, nothing is sent.
    page.get_by_label("Telefon", exact=True).fill(NEW_PHONE)
    page.get_by_label("E-Mail", exact=True).fill("keine Adresse")
    page.get_by_role("button", name="Änderung senden").click()
    page.get_by_role("alert").first.wait_for()
    alerts = " ".join(page.get_by_role("alert").all_inner_texts())
    assert "E-Mail-Adresse" in alerts
    assert describe_violations(run_axe(page, axe_source)) == ""
    assert not VerificationRequest.objects.filter(answer=VerificationAnswer.CHANGE).exists()

    page.get_by_label("E-Mail", exact=True).fill("elterncafe@traeger.example")
    page.get_by_label(re.compile("Was hat sich geändert")).fill("Neue Telefonnummer.")
    page.get_by_role("button", name="Änderung senden").click()
    page.get_by_role("heading", name="Vielen Dank!").wait_for()
    assert "sobald sie geprüft ist" in page.get_by_role("status").inner_text()

    # The public page is unchanged until the coordinator approves.
    page.goto(f"{server.url}{offer.url}")
    assert OLD_PHONE in page.content() and NEW_PHONE not in page.content()

    # The coordinator logs in and finds the change on the dashboard.
    log_in(page, server.url, coordinator)
    panel = page.locator("#offers-attention-section")
    assert "Von Trägern gemeldete Änderungen" in panel.inner_text()
    panel.get_by_role("link", name="Elterncafé zum Prüfen").click()
    page.wait_for_url(f"**/admin/pages/{offer.pk}/edit/")
    assert page.locator("#id_phone").input_value() == NEW_PHONE
