"""The pages that list the directory: a region's offers and the providers."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page as PaginatorPage
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from params import paginate

from ..permissions import ProviderIndexPermissionTester
from .offers import OfferPage
from .organizations import OrganizationPage
from .taxonomy import TaxonomyTerm, category_choices


class DirectoryIndexPage(Page):
    """An introduction, then the live children a page at a time."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    per_page = 30

    class Meta:
        abstract = True

    def paginate(self, request: HttpRequest, items: models.QuerySet) -> PaginatorPage:
        return paginate(request.GET, items, self.per_page)


class OfferIndexPage(DirectoryIndexPage):
    """A region's offers (slug "angebote" below a region) or the supra-regional directory."""

    subpage_types = ["offers_directory.OfferPage"]

    class Meta:
        verbose_name = _("offer index page")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        offers = (
            OfferPage.objects.child_of(self)
            .live()
            .public()
            .order_by("title")
            .select_related("provider")
            .prefetch_related("locations", "categories", "translations")
        )
        category = request.GET.get("kategorie", "").strip()
        if category:
            offers = offers.filter(categories__code=category)
        context["offers"] = self.paginate(request, offers)
        context["selected_category"] = category
        context["categories"] = TaxonomyTerm.objects.filter(
            category_choices(), category_offers__in=OfferPage.objects.child_of(self).live()
        ).distinct()
        return context


class OrganizationIndexPage(DirectoryIndexPage):
    """Lists the providers (Träger)."""

    subpage_types = ["offers_directory.OrganizationPage"]
    per_page = 50

    class Meta:
        verbose_name = _("provider index page")

    def permissions_for_user(self, user: Any) -> ProviderIndexPermissionTester:
        return ProviderIndexPermissionTester(user, self)

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        organizations = OrganizationPage.objects.child_of(self).live().public().order_by("title")
        context["organizations"] = self.paginate(request, organizations)
        return context
