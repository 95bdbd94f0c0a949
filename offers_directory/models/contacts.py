"""Contact persons of offers and providers, and the protected contact every contact person of
the site is. Who may see them is decided in one place, offers_directory/privacy.py."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.models import Orderable


class ProtectedContact(Orderable):
    """A named contact person, protected by default: only professionals and editors see them
    unless `is_public` is set. Every surface passes them through
    `offers_directory.privacy.visible_contacts()`. The referral partners' contacts
    (professionals.PartnerContact) follow the same rule."""

    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("email"), blank=True)
    is_public = models.BooleanField(
        _("show publicly"),
        default=False,
        help_text=_(
            "Only with the person's consent. Otherwise only logged-in professionals see them."
        ),
    )

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("role")]),
        FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
        FieldPanel("is_public"),
    ]

    class Meta(Orderable.Meta):
        abstract = True
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")

    def __str__(self) -> str:
        return f"{self.name} ({self.role})" if self.role else self.name


class ContactPerson(ProtectedContact):
    """A contact person on an offer or a provider (HSDS `contact`)."""

    offer = ParentalKey(
        "offers_directory.OfferPage",
        on_delete=models.CASCADE,
        related_name="contacts",
        null=True,
        blank=True,
    )
    organization = ParentalKey(
        "offers_directory.OrganizationPage",
        on_delete=models.CASCADE,
        related_name="contacts",
        null=True,
        blank=True,
    )
    source_id = models.CharField(_("source id"), max_length=255, blank=True, db_index=True)

    class Meta(ProtectedContact.Meta):
        permissions = [
            ("view_protected_contacts", _("Can see protected contact persons")),
        ]


def contact_persons_panel() -> InlinePanel:
    return InlinePanel(
        "contacts",
        heading=_("Contact persons"),
        label=_("Contact person"),
        help_text=_("Contact persons are shown to professionals only, unless marked public."),
    )
