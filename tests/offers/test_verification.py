"""Providers verify their offers by a signed link (offers_directory/verification.py): the
coordinators' bulk action mails it, "Angaben stimmen noch" sets the review date, "Änderung
melden" makes a draft revision in moderation, links expire, answer once and refuse tampering,
reminders go to those who did not answer."""

from __future__ import annotations

import datetime
import io
import re
import smtplib
import time

from django.contrib.messages import get_messages
from django.core import mail, signing
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from wagtail.models import PageLogEntry, WorkflowState

import pytest
from bs4 import BeautifulSoup

from home.workflows import attach, ensure_editorial_workflow, retire_wagtail_default_workflow
from offers_directory import verification
from offers_directory.factories import OfferPageFactory
from offers_directory.models import OfferPage, VerificationAnswer, VerificationRequest
from search.models import SearchEntry
from tests.offers.admin_listing import listing_titles

pytestmark = pytest.mark.django_db

LONG_AGO = datetime.date.today() - datetime.timedelta(days=500)
LINK = re.compile(r"https?://\S+/angaben-pruefen/\S+/")


@pytest.fixture
def stale_offer(offer_tree):
    return OfferPageFactory(
        parent=offer_tree.offers,
        title="Elterncafé am Markt",
        summary="Treffpunkt für Eltern mit Babys.",
        email="elterncafe@fz-winsen.example",
        phone="04171 1234",
        last_reviewed=LONG_AGO,
    )


def bulk_url(action: str, *pages: OfferPage) -> str:
    ids = "&".join(f"id={page.pk}" for page in pages)
    return reverse("wagtail_bulk_action", args=("wagtailcore", "page", action)) + f"?{ids}"


def request_link(offer: OfferPage) -> str:
    """Send a request for the offer and return the link from the mail."""
    before = len(mail.outbox)
    assert verification.request_verification(offer) is not None
    [message] = mail.outbox[before:]
    return LINK.search(message.body).group(0)


def path_of(link: str) -> str:
    return re.sub(r"^https?://[^/]+", "", link)


def test_bulk_action_mails_a_signed_link_to_each_provider(admin_client, offer_tree, stale_offer):
    # Without an address of its own, the provider's address is used; with none, skipped.
    via_provider = OfferPageFactory(parent=offer_tree.offers, title="Babymassage", email="")
    via_provider.provider = offer_tree.provider
    via_provider.save_revision().publish()
    nowhere = OfferPageFactory(parent=offer_tree.offers, title="Ohne Adresse", email="")
    url = bulk_url("request_verification", stale_offer, via_provider, nowhere)
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, {})
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == [
        "elterncafe@fz-winsen.example",
        "info@fz-winsen.example",
    ]
    message = next(m for m in mail.outbox if m.to == ["elterncafe@fz-winsen.example"])
    assert "Elterncafé am Markt" in message.subject
    assert "ohne Anmeldung" in message.body
    assert LINK.search(message.body)
    tracked = VerificationRequest.objects.get(offer=stale_offer)
    assert tracked.email == "elterncafe@fz-winsen.example" and not tracked.is_answered
    assert not VerificationRequest.objects.filter(offer=nowhere).exists()
    assert PageLogEntry.objects.filter(
        page=stale_offer, action="offers_directory.verification_requested"
    ).exists()
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert "für 2 Angebote" in message and "1 Angebot hat keine E-Mail-Adresse" in message


def test_asking_again_resends_the_open_request(stale_offer):
    first = request_link(stale_offer)
    second = request_link(stale_offer)
    assert VerificationRequest.objects.filter(offer=stale_offer).count() == 1
    assert verification.read_token(path_of(first).split("/")[2]).offer_id == stale_offer.pk
    assert verification.read_token(path_of(second).split("/")[2]).offer_id == stale_offer.pk


def test_confirming_sets_the_review_date_once(client, stale_offer):
    link = path_of(request_link(stale_offer))
    page = client.get(link)
    assert page.status_code == 200
    assert page["Cache-Control"].startswith("max-age=0") or "no-cache" in page["Cache-Control"]
    soup = BeautifulSoup(page.content, "html.parser")
    assert soup.find("button", string=re.compile("Angaben stimmen noch"))
    assert soup.find("a", string=re.compile("Änderung melden"))
    # Opening the link changed nothing (mail scanners open links too).
    stale_offer.refresh_from_db()
    assert stale_offer.last_reviewed == LONG_AGO

    done = client.post(link)
    assert done.status_code == 200
    stale_offer.refresh_from_db()
    assert stale_offer.last_reviewed == timezone.localdate()
    # The database engine's entry follows at once (the search ranks it fresh again).
    assert SearchEntry.objects.get(offer_id=stale_offer.pk).verified_on == timezone.localdate()
    tracked = VerificationRequest.objects.get(offer=stale_offer)
    assert tracked.answer == VerificationAnswer.CONFIRMED and tracked.is_answered
    assert PageLogEntry.objects.filter(
        page=stale_offer, action="offers_directory.provider_confirmed"
    ).exists()

    # The link cannot be replayed, neither to confirm nor to report a change.
    for response in (client.post(link), client.get(link), client.get(link + "aendern/")):
        assert response.status_code == 410
        alert = BeautifulSoup(response.content, "html.parser").find(attrs={"role": "alert"})
        assert "bereits verwendet" in alert.get_text()


def test_tampered_links_are_refused(client, stale_offer):
    token = path_of(request_link(stale_offer)).split("/")[2]
    value, _, signature = token.rpartition(":")
    forged = signing.dumps({"id": stale_offer.pk, "nonce": "geraten"}, salt="other")
    for bad in (value + ":" + signature[::-1], token[:-2], "nichts", forged):
        response = client.post(reverse("offer_verification", kwargs={"token": bad}))
        assert response.status_code == 400
        assert "ungültig" in response.content.decode()
    # A correctly signed link to a request that does not exist (another nonce).
    unknown = signing.dumps({"id": stale_offer.pk, "nonce": "x"}, salt=verification.SALT)
    assert client.get(reverse("offer_verification", kwargs={"token": unknown})).status_code == 400
    stale_offer.refresh_from_db()
    assert stale_offer.last_reviewed == LONG_AGO


def test_links_expire(client, stale_offer, monkeypatch, settings):
    settings.OFFERS_DIRECTORY = {**settings.OFFERS_DIRECTORY, "VERIFICATION_LINK_MAX_AGE_DAYS": 30}
    tracked = VerificationRequest.objects.create(
        offer=stale_offer, email=stale_offer.email, sent_at=timezone.now()
    )
    # A link signed 31 days ago.
    real = time.time()
    monkeypatch.setattr(signing.time, "time", lambda: real - 31 * 86400)
    old = verification.make_token(tracked)
    monkeypatch.setattr(signing.time, "time", lambda: real - 29 * 86400)
    recent = verification.make_token(tracked)
    monkeypatch.undo()
    expired = client.post(reverse("offer_verification", kwargs={"token": old}))
    assert expired.status_code == 410
    assert "abgelaufen" in expired.content.decode()
    assert client.get(reverse("offer_verification", kwargs={"token": recent})).status_code == 200


def test_reporting_a_change_makes_a_draft_in_moderation(client, offer_tree, stale_offer):
    attach(ensure_editorial_workflow(), offer_tree.region)
    link = path_of(request_link(stale_offer)) + "aendern/"
    form = BeautifulSoup(client.get(link).content, "html.parser")
    for name in ("summary", "phone", "email", "note"):
        field = form.find(attrs={"name": name})
        assert field is not None
        assert form.find("label", attrs={"for": field["id"]}) is not None

    # Errors are announced and nothing is stored.
    invalid = client.post(link, {"summary": "Neu", "email": "keine-adresse", "note": ""})
    assert invalid.status_code == 200
    soup = BeautifulSoup(invalid.content, "html.parser")
    alerts = " ".join(a.get_text(" ", strip=True) for a in soup.find_all(attrs={"role": "alert"}))
    assert "E-Mail-Adresse" in alerts and "muss ausgefüllt werden" in alerts
    assert not VerificationRequest.objects.filter(answered_at__isnull=False).exists()

    values = {name: getattr(stale_offer, name) or "" for name in verification.CHANGEABLE_FIELDS}
    values.update(
        phone="04171 9999",
        website="www.elterncafe-am-markt.de",
        note="Neue Telefonnummer seit Oktober.",
    )
    done = client.post(link, values)
    assert done.status_code == 200, done.content.decode()
    assert "geprüft" in BeautifulSoup(done.content, "html.parser").find(role="status").get_text()

    stale_offer.refresh_from_db()
    # Not published: the live page keeps the old number until the coordination approves.
    assert stale_offer.phone == "04171 1234"
    assert stale_offer.has_unpublished_changes
    proposed = stale_offer.get_latest_revision_as_object()
    assert proposed.phone == "04171 9999"
    # An address typed without a scheme is taken as https (Django 5 assumed http).
    assert proposed.website == "https://www.elterncafe-am-markt.de"
    tracked = VerificationRequest.objects.get(offer=stale_offer)
    assert tracked.answer == VerificationAnswer.CHANGE
    assert tracked.change_note == "Neue Telefonnummer seit Oktober."
    assert tracked.revision == stale_offer.latest_revision
    logged = PageLogEntry.objects.get(
        page=stale_offer, action="offers_directory.provider_reported_change"
    )
    assert logged.data["note"] == "Neue Telefonnummer seit Oktober."
    assert logged.revision == tracked.revision
    state = WorkflowState.objects.get(object_id=str(stale_offer.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.revision == tracked.revision
    # Once only.
    assert client.post(link, values).status_code == 410


def test_a_change_without_workflow_waits_as_a_draft_on_the_dashboard(
    client, admin_client, stale_offer
):
    # The site's set-up removes Wagtail's default workflow; no region workflow attached.
    retire_wagtail_default_workflow()
    link = path_of(request_link(stale_offer)) + "aendern/"
    values = {name: getattr(stale_offer, name) or "" for name in verification.CHANGEABLE_FIELDS}
    values.update(summary="Jetzt auch samstags.", note="Neue Zeiten.")
    assert client.post(link, values).status_code == 200
    stale_offer.refresh_from_db()
    assert stale_offer.summary == "Treffpunkt für Eltern mit Babys."
    assert not WorkflowState.objects.filter(object_id=str(stale_offer.pk)).exists()
    soup = BeautifulSoup(admin_client.get("/admin/").content, "html.parser")
    panel = soup.find(id="offers-attention-section")
    counts = {
        a["data-attention-count"]: int(a.get_text())
        for a in panel.select("a[data-attention-count]")
    }
    assert counts["changes"] == 1
    assert panel.find("a", string="Elterncafé am Markt") is not None


def test_reminders_go_to_unanswered_requests_with_a_fresh_link(stale_offer, offer_tree):
    answered_offer = OfferPageFactory(
        parent=offer_tree.offers, title="Beantwortet", email="ja@example.org"
    )
    open_request = verification.request_verification(stale_offer)
    answered = verification.request_verification(answered_offer)
    verification.confirm(answered)
    recent_offer = OfferPageFactory(parent=offer_tree.offers, title="Neu", email="neu@example.org")
    recent = verification.request_verification(recent_offer)
    old = timezone.now() - datetime.timedelta(days=15)
    VerificationRequest.objects.filter(pk__in=[open_request.pk, answered.pk]).update(sent_at=old)
    mail.outbox.clear()

    out = io.StringIO()
    call_command("send_verification_reminders", stdout=out)
    assert out.getvalue().strip() == "1 reminder(s) sent."
    assert [m.to for m in mail.outbox] == [["elterncafe@fz-winsen.example"]]
    assert mail.outbox[0].subject.startswith("Erinnerung")
    open_request.refresh_from_db()
    assert open_request.reminders == 1
    assert PageLogEntry.objects.filter(
        page=stale_offer, action="offers_directory.verification_reminded"
    ).exists()
    assert open_request.sent_at > old
    link = path_of(LINK.search(mail.outbox[0].body).group(0))
    assert verification.read_token(link.split("/")[2]) == open_request

    # Not again before another N days; `--days` chooses N; at most the configured count.
    mail.outbox.clear()
    call_command("send_verification_reminders", stdout=io.StringIO())
    assert mail.outbox == []
    call_command("send_verification_reminders", "--days", "0", stdout=io.StringIO())
    call_command("send_verification_reminders", "--days", "0", stdout=io.StringIO())
    assert {m.to[0] for m in mail.outbox} == {"elterncafe@fz-winsen.example", "neu@example.org"}
    open_request.refresh_from_db()
    recent.refresh_from_db()
    assert (open_request.reminders, recent.reminders) == (2, 2)


class RefusingMailServer(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


REFUSING = f"{__name__}.RefusingMailServer"


def test_a_refused_mail_keeps_the_request_and_tells_the_coordinator(
    admin_client, offer_tree, stale_offer, settings
):
    other = OfferPageFactory(parent=offer_tree.offers, title="Babymassage", email="b@example.org")
    url = bulk_url("request_verification", stale_offer, other)
    settings.EMAIL_BACKEND = REFUSING
    response = admin_client.post(url, {})
    assert response.status_code == 302
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert any(
        "nicht angenommen" in m and "Elterncafé am Markt" in m and "Babymassage" in m for m in shown
    )
    # Saved all the same, not logged as sent; asking again once the server is back sends the
    # same request's link.
    assert VerificationRequest.objects.filter(offer__in=[stale_offer, other]).count() == 2
    assert not PageLogEntry.objects.filter(
        page=stale_offer, action="offers_directory.verification_requested"
    ).exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    link = path_of(request_link(stale_offer))
    assert VerificationRequest.objects.filter(offer=stale_offer).count() == 1
    assert verification.read_token(link.split("/")[2]).offer_id == stale_offer.pk


def test_a_refused_reminder_is_retried_on_the_next_run(stale_offer, settings):
    request = verification.request_verification(stale_offer)
    old = timezone.now() - datetime.timedelta(days=15)
    VerificationRequest.objects.filter(pk=request.pk).update(sent_at=old)
    settings.EMAIL_BACKEND = REFUSING
    out = io.StringIO()
    call_command("send_verification_reminders", stdout=out)
    assert out.getvalue().strip() == "0 reminder(s) sent."
    request.refresh_from_db()
    assert (request.reminders, request.sent_at) == (0, old)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox.clear()
    call_command("send_verification_reminders", stdout=out)
    assert [m.to for m in mail.outbox] == [["elterncafe@fz-winsen.example"]]
    request.refresh_from_db()
    assert request.reminders == 1


def test_offer_listing_filters_the_requests_not_answered_yet(admin_client, offer_tree, stale_offer):
    answered = OfferPageFactory(parent=offer_tree.offers, title="Beantwortet", email="a@b.example")
    OfferPageFactory(parent=offer_tree.offers, title="Nie gefragt", email="n@b.example")
    verification.request_verification(stale_offer)
    verification.confirm(verification.request_verification(answered))
    assert listing_titles(admin_client, attention="requested") == {"Elterncafé am Markt"}
