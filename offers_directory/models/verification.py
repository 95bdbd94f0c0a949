"""Verification requests: a coordinator asks a provider whether an offer's data are still
right; the provider answers through a signed link without logging in (verification.py).
One row per request, so requests, reminders and answers are tracked per offer."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from home.fields import optional_link

from .offers import OfferPage


def new_nonce() -> str:
    return secrets.token_urlsafe(24)


class VerificationAnswer(models.TextChoices):
    CONFIRMED = "confirmed", _("Data still correct")
    CHANGE = "change", _("Change reported")


class VerificationRequest(models.Model):
    offer = models.ForeignKey(
        OfferPage,
        verbose_name=_("offer"),
        on_delete=models.CASCADE,
        related_name="verification_requests",
    )
    email = models.EmailField(_("sent to"))
    # In the signed link: the signature proves the link is ours, the nonce that it is this
    # request's; an answered request refuses its link (single use).
    nonce = models.CharField(max_length=64, unique=True, default=new_nonce, editable=False)
    requested_by = optional_link(settings.AUTH_USER_MODEL, _("requested by"))
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("last mail sent at"))
    reminders = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answer = models.CharField(
        _("answer"), max_length=20, choices=VerificationAnswer.choices, blank=True
    )
    change_note = models.TextField(_("message from the provider"), blank=True)
    revision = optional_link("wagtailcore.Revision", _("draft with the changes"))

    class Meta:
        verbose_name = _("verification request")
        verbose_name_plural = _("verification requests")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["answered_at", "sent_at"], name="verification_open")]

    def __str__(self) -> str:
        return f"{self.offer} ({self.email})"

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None
