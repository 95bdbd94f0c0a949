"""Providers (Träger, HSDS `organization`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page
from wagtail.search import index

from .. import structured_data
from ..permissions import ProviderPermissionTester
from ..privacy import visible_contacts
from .addresses import address_panels
from .contacts import contact_persons_panel
from .exchange import ExchangedPage

if TYPE_CHECKING:
    from .offers import OfferPage


class OrganizationPage(ExchangedPage):
    """A provider (Träger, HSDS `organization`) with the list of its offers."""

    alternate_name = models.CharField(_("alternative name"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    street = models.CharField(_("street and number"), max_length=255, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("alternate_name"),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldPanel("website"),
                FieldPanel("email"),
                FieldPanel("phone"),
                *address_panels(),
            ],
            heading=_("Contact details"),
        ),
        contact_persons_panel(),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("alternate_name"),
        index.SearchField("description"),
        index.SearchField("city"),
    ]
    parent_page_types = ["offers_directory.OrganizationIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("provider")
        verbose_name_plural = _("providers")

    def permissions_for_user(self, user: Any) -> ProviderPermissionTester:
        return ProviderPermissionTester(user, self)

    def live_offers(self) -> models.QuerySet[OfferPage]:
        return (
            self.offers.live()
            .public()
            .order_by("title")
            .prefetch_related("locations", "categories", "translations")
        )

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        context["offers"] = self.live_offers()
        context["contacts"] = visible_contacts(self.contacts, request.user)
        return context

    def structured_data(self, request: HttpRequest | None = None) -> dict[str, Any]:
        return structured_data.organization_json_ld(self, request)
