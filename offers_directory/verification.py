"""Providers verify their offers without an account.

A coordinator sends a request (the offers listing's bulk action); the provider gets a mail
with a signed link (django.core.signing: the request's id and nonce, timestamped, valid for
`OFFERS_DIRECTORY["VERIFICATION_LINK_MAX_AGE_DAYS"]`). The link opens a page with two
buttons: "Angaben stimmen noch" sets the review date; "Änderung melden" opens a form whose
changes become a draft revision of the offer, submitted to the region's moderation workflow
when it has one, for the coordinator to approve (nothing is published by the provider). A
link answers once: the request is marked answered and refuses its link afterwards.
`manage.py send_verification_reminders` reminds providers who did not answer."""

from __future__ import annotations

import datetime
import logging
import smtplib
from typing import Any

from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from wagtail.models import PageLogEntry, Site

from .conf import get_setting
from .freshness import mark_reviewed
from .models import OfferPage, VerificationAnswer, VerificationRequest

logger = logging.getLogger(__name__)

SALT = "offers_directory.verification"
# What a provider may change through the form (the rest stays with the coordinators).
CHANGEABLE_FIELDS = [
    "summary",
    "description",
    "phone",
    "email",
    "website",
    "opening_hours_note",
    "application_process",
    "fee_note",
]


class LinkError(Exception):
    """A verification link that cannot be used; `status` is the HTTP answer."""

    status = 400


class BadLink(LinkError):
    status = 400


class ExpiredLink(LinkError):
    status = 410


class UsedLink(LinkError):
    status = 410


class MailNotSent(Exception):
    """The mail server refused or could not be reached. The request is kept (its link works
    once a mail gets through): asking again resends it, and the reminders retry it."""

    def __init__(self, verification: VerificationRequest) -> None:
        super().__init__(f"verification mail for offer {verification.offer_id} not sent")
        self.verification = verification


def max_age() -> datetime.timedelta:
    return datetime.timedelta(days=int(get_setting("VERIFICATION_LINK_MAX_AGE_DAYS")))


def provider_email(offer: OfferPage) -> str:
    """Where the request goes: the offer's own address, else its provider's."""
    if offer.email:
        return offer.email
    provider = offer.provider
    return provider.email if provider is not None else ""


def make_token(verification: VerificationRequest) -> str:
    return signing.dumps({"id": verification.pk, "nonce": verification.nonce}, salt=SALT)


def read_token(token: str) -> VerificationRequest:
    """The open request a link names, or a LinkError: tampered (400), expired or already
    answered (410)."""
    try:
        data = signing.loads(token, salt=SALT, max_age=max_age())
    except signing.SignatureExpired as error:
        raise ExpiredLink from error
    except signing.BadSignature as error:
        raise BadLink from error
    if not isinstance(data, dict):
        raise BadLink
    found = (
        VerificationRequest.objects.select_related("offer")
        .filter(pk=data.get("id"), nonce=data.get("nonce"))
        .first()
    )
    if found is None:
        # Signed by us, yet no such request: deleted with its offer.
        raise BadLink
    if found.is_answered:
        raise UsedLink
    return found


def _site_url(request: HttpRequest | None, path: str) -> str:
    site = Site.find_for_request(request) if request is not None else None
    site = site or Site.objects.filter(is_default_site=True).first()
    return f"{site.root_url}{path}" if site is not None else path


def _send(verification: VerificationRequest, request: HttpRequest | None, reminder: bool) -> None:
    url = _site_url(
        request, reverse("offer_verification", kwargs={"token": make_token(verification)})
    )
    context = {
        "offer": verification.offer,
        "url": url,
        "reminder": reminder,
        "valid_days": max_age().days,
    }
    # Providers are written to in German, whatever language the coordinator's admin uses.
    with translation.override("de"):
        subject = render_to_string(
            "offers_directory/verification/email_subject.txt", context
        ).strip()
        body = render_to_string("offers_directory/verification/email.txt", context)
    try:
        send_mail(subject, body, None, [verification.email])
    except (smtplib.SMTPException, OSError) as error:
        # Raised, not swallowed: the caller tells the coordinator. Nothing is rolled back by it
        # (the callers catch it), so links in mails already sent keep working.
        logger.warning("Verification mail for offer %s not sent: %s", verification.offer_id, error)
        raise MailNotSent(verification) from error


def request_verification(
    offer: OfferPage, user: Any = None, request: HttpRequest | None = None
) -> VerificationRequest | None:
    """Mail the provider a verification link (None: no address to write to). An offer has
    one open request at a time: asking again sends its link again. MailNotSent when the mail
    server fails (the request is saved all the same)."""
    email = provider_email(offer)
    if not email:
        return None
    now = timezone.now()
    verification = open_requests().filter(offer=offer).first()
    if verification is None:
        verification = VerificationRequest.objects.create(
            offer=offer, email=email, requested_by=user, sent_at=now
        )
    else:
        verification.email, verification.sent_at = email, now
        verification.save(update_fields=["email", "sent_at"])
    _send(verification, request, reminder=False)
    return verification


def open_requests(now: datetime.datetime | None = None) -> QuerySet[VerificationRequest]:
    """Unanswered requests whose link still works (it runs from the last mail's time)."""
    now = now or timezone.now()
    return VerificationRequest.objects.filter(answered_at__isnull=True, sent_at__gt=now - max_age())


def send_reminders(days: int | None = None, now: datetime.datetime | None = None) -> int:
    """Remind the providers of open requests whose last mail is `days` old (default
    VERIFICATION_REMINDER_DAYS), at most VERIFICATION_MAX_REMINDERS times; each reminder
    carries a fresh link. Returns how many were sent; one the mail server refuses is not
    counted, keeps its count of reminders and is retried on the next run."""
    now = now or timezone.now()
    days = int(get_setting("VERIFICATION_REMINDER_DAYS")) if days is None else days
    # A request whose link expired unanswered gets a reminder too (with a new link).
    due = VerificationRequest.objects.filter(
        answered_at__isnull=True,
        sent_at__lte=now - datetime.timedelta(days=days),
        reminders__lt=int(get_setting("VERIFICATION_MAX_REMINDERS")),
    ).select_related("offer")
    sent = 0
    for verification in due:
        try:
            _send(verification, None, reminder=True)
        except MailNotSent:
            continue
        verification.sent_at = now
        verification.reminders += 1
        verification.save(update_fields=["sent_at", "reminders"])
        PageLogEntry.objects.log_action(
            instance=verification.offer.specific,
            action="offers_directory.verification_reminded",
            data={"reminders": verification.reminders},
        )
        sent += 1
    return sent


def _answered(verification: VerificationRequest, answer: str, **fields: Any) -> bool:
    """Mark the request answered, once: of two concurrent answers only one wins."""
    updated = VerificationRequest.objects.filter(
        pk=verification.pk, answered_at__isnull=True
    ).update(answered_at=timezone.now(), answer=answer, **fields)
    return bool(updated)


@transaction.atomic
def confirm(verification: VerificationRequest) -> None:
    """ "Angaben stimmen noch": the offer counts as verified today."""
    if not _answered(verification, VerificationAnswer.CONFIRMED):
        raise UsedLink
    offer = verification.offer.specific
    mark_reviewed(offer, timezone.localdate())
    PageLogEntry.objects.log_action(instance=offer, action="offers_directory.provider_confirmed")


@transaction.atomic
def report_change(verification: VerificationRequest, changes: dict[str, Any], note: str) -> Any:
    """ "Änderung melden": the changes as a new draft revision of the offer (the live page
    stays as it is), submitted to the moderation workflow when the offer has one. Returns
    the revision."""
    if not _answered(verification, VerificationAnswer.CHANGE, change_note=note):
        raise UsedLink
    offer = verification.offer.specific
    draft = offer.get_latest_revision_as_object()
    for name in CHANGEABLE_FIELDS:
        if name in changes:
            setattr(draft, name, changes[name])
    # The provider has no account: the revision is nobody's; the workflow is started in the
    # name of the coordinator who asked, who then hears of the approval.
    revision = draft.save_revision(user=None, log_action=True)
    PageLogEntry.objects.log_action(
        instance=offer,
        action="offers_directory.provider_reported_change",
        revision=revision,
        data={"note": note},
    )
    workflow = offer.get_workflow()
    if workflow is not None and not offer.workflow_in_progress:
        workflow.start(offer, verification.requested_by)
    VerificationRequest.objects.filter(pk=verification.pk).update(revision=revision)
    return revision


def change_reports() -> Q:
    """Offers (OfferPage rows) with a reported change still waiting as a draft."""
    reported = VerificationRequest.objects.filter(
        answer=VerificationAnswer.CHANGE, revision__isnull=False
    ).values("offer_id")
    return Q(pk__in=reported, has_unpublished_changes=True)
