"""The offers (HSDS `service`).

The models follow Open Referral HSDS 3.0 so import, export and the HSDS API map field by
field: OfferPage ≙ service, OrganizationPage ≙ organization, OfferLocation ≙ location +
service_at_location, OfferServiceArea ≙ service_area, Taxonomy/TaxonomyTerm ≙ taxonomy/
taxonomy_term (categories and target groups become `attributes`), Language ≙ language,
OfferSchedule ≙ schedule, ContactPerson ≙ contact, the fee fields ≙ cost_option."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Page
from wagtail.search import index

from home.fields import optional_link

from .. import freshness, structured_data
from ..formatting import format_age_range
from ..maps import map_marker, tile_context
from ..privacy import visible_contacts, visible_locations
from ..regions import region_of
from .contacts import contact_persons_panel
from .exchange import ExchangedPage
from .organizations import OrganizationPage
from .schedules import WEEKDAY_ORDER
from .taxonomy import Language, TaxonomyTerm, category_choices, target_group_choices
from .translations import OfferText, offer_text, translation_map, translations_panel

if TYPE_CHECKING:
    from .contacts import ContactPerson
    from .locations import OfferLocation
    from .schedules import OfferSchedule


class OfferStatus(models.TextChoices):
    # The values are HSDS's service status enum, so they travel unchanged.
    ACTIVE = "active", _("active")
    INACTIVE = "inactive", _("inactive")
    TEMPORARILY_CLOSED = "temporarily closed", _("temporarily closed")
    DEFUNCT = "defunct", _("defunct")


class OfferPage(ExchangedPage):
    """A support offer (HSDS `service`)."""

    summary = models.CharField(
        _("summary"),
        max_length=300,
        blank=True,
        help_text=_("One or two sentences for listings and search results."),
    )
    alternate_name = models.CharField(_("alternative name"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    provider = optional_link(OrganizationPage, _("provider"), related_name="offers")
    categories = ParentalManyToManyField(
        TaxonomyTerm,
        verbose_name=_("categories"),
        blank=True,
        related_name="category_offers",
        limit_choices_to=category_choices,
    )
    target_groups = ParentalManyToManyField(
        TaxonomyTerm,
        verbose_name=_("target groups"),
        blank=True,
        related_name="target_group_offers",
        limit_choices_to=target_group_choices,
    )
    during_pregnancy = models.BooleanField(
        _("during pregnancy"), default=False, help_text=_("The offer is open to pregnant women.")
    )
    min_age_months = models.PositiveSmallIntegerField(
        _("minimum age (months)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(1200)],
        help_text=_("Age of the child in months; empty: from birth."),
    )
    max_age_months = models.PositiveSmallIntegerField(
        _("maximum age (months)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(1200)],
        help_text=_("Age of the child in months; empty: no upper limit."),
    )
    languages = ParentalManyToManyField(
        Language, verbose_name=_("languages spoken"), blank=True, related_name="offers"
    )
    is_free = models.BooleanField(_("free of charge"), default=True)
    fee_amount = models.DecimalField(
        _("fee (EUR)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    fee_note = models.CharField(
        _("fee note"),
        max_length=255,
        blank=True,
        help_text=_("e.g. 'per course, reductions possible'"),
    )
    eligibility = models.TextField(_("who can use the offer"), blank=True)
    application_process = models.TextField(
        _("how to get the offer"),
        blank=True,
        help_text=_("e.g. 'Please call to arrange an appointment.'"),
    )
    accessibility_notes = models.TextField(_("accessibility"), blank=True)
    wheelchair_accessible = models.BooleanField(_("wheelchair accessible"), default=False)
    opening_hours_note = models.CharField(
        _("notes on opening hours"),
        max_length=255,
        blank=True,
        help_text=_("e.g. 'and by appointment', 'not during school holidays'"),
    )
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    last_reviewed = models.DateField(_("last reviewed"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=OfferStatus.choices,
        default=OfferStatus.ACTIVE,
        db_index=True,
    )

    content_panels = Page.content_panels + [
        FieldPanel("alternate_name"),
        FieldPanel("summary"),
        FieldPanel("description"),
        FieldPanel("provider"),
        translations_panel(),
        MultiFieldPanel(
            [
                FieldPanel("categories", widget=forms.CheckboxSelectMultiple),
                FieldPanel("target_groups", widget=forms.CheckboxSelectMultiple),
                FieldPanel("during_pregnancy"),
                FieldRowPanel([FieldPanel("min_age_months"), FieldPanel("max_age_months")]),
                FieldPanel("languages", widget=forms.CheckboxSelectMultiple),
                FieldPanel("eligibility"),
                FieldPanel("application_process"),
            ],
            heading=_("Who and what"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("is_free"),
                FieldRowPanel([FieldPanel("fee_amount"), FieldPanel("fee_note")]),
            ],
            heading=_("Cost"),
        ),
        InlinePanel(
            "locations",
            heading=_("Locations"),
            label=_("Location"),
            help_text=_(
                "Addresses are geocoded in the background after saving. Drag the pin on the "
                "map to set a location by hand; a pin set by hand is never overwritten."
            ),
        ),
        InlinePanel(
            "service_areas",
            heading=_("Service areas"),
            label=_("Service area"),
            help_text=_(
                "For outreach offers that come to the family's home: a GeoJSON polygon or a "
                "centre with a radius."
            ),
        ),
        MultiFieldPanel(
            [
                InlinePanel("schedules", label=_("Opening hours")),
                FieldPanel("opening_hours_note"),
            ],
            heading=_("Opening hours"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("phone"),
                FieldPanel("email"),
                FieldPanel("website"),
            ],
            heading=_("Contact"),
        ),
        contact_persons_panel(),
        MultiFieldPanel(
            [FieldPanel("accessibility_notes"), FieldPanel("wheelchair_accessible")],
            heading=_("Accessibility"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("status"),
                FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_to")]),
                FieldPanel("last_reviewed"),
            ],
            heading=_("Status and review"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("description"),
        index.SearchField("eligibility"),
        index.RelatedFields("categories", [index.SearchField("name")]),
        index.RelatedFields("provider", [index.SearchField("title")]),
        index.FilterField("status"),
    ]
    parent_page_types = ["offers_directory.OfferIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")

    # --- rules ---

    def clean(self) -> None:
        super().clean()
        errors: dict[str, list[str]] = {}
        if (
            self.min_age_months is not None
            and self.max_age_months is not None
            and self.min_age_months > self.max_age_months
        ):
            errors.setdefault("max_age_months", []).append(
                _("The maximum age must not be below the minimum age.")
            )
        if self.is_free and self.fee_amount:
            errors.setdefault("fee_amount", []).append(
                _("A free offer has no fee. Remove the amount or untick 'free of charge'.")
            )
        if not self.is_free and self.fee_amount is None and not self.fee_note.strip():
            errors.setdefault("fee_amount", []).append(
                _("An offer with a fee needs an amount or a note on the cost.")
            )
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            errors.setdefault("valid_to", []).append(
                _("'Valid until' must not be before 'valid from'.")
            )
        if errors:
            raise ValidationError(errors)

    # --- derived facts ---

    @cached_property
    def region(self) -> Page | None:
        return region_of(self)

    @property
    def is_expired(self) -> bool:
        return bool(self.valid_to and self.valid_to < timezone.localdate())

    @property
    def needs_review(self) -> bool:
        return freshness.is_stale(self)

    @property
    def verified_on(self) -> datetime.date | None:
        """The day the data were last verified (the public "zuletzt geprüft" date)."""
        return freshness.verified_on(self)

    @property
    def is_hidden_for_review(self) -> bool:
        return freshness.is_hidden(self)

    @property
    def is_available(self) -> bool:
        """Active and inside its validity period (what families should see as bookable)."""
        today = timezone.localdate()
        return (
            self.status == OfferStatus.ACTIVE
            and not self.is_expired
            and not (self.valid_from and self.valid_from > today)
        )

    def age_label(self) -> str:
        """German, human-readable age range, e.g. 'Schwangerschaft bis 3 Jahre'."""
        return format_age_range(self.min_age_months, self.max_age_months, self.during_pregnancy)

    def text_in(self, language: str | None) -> OfferText:
        """Title and summary in the visitor's language where an editor translated them."""
        return offer_text(
            self.title, self.summary, translation_map(self.translations.all()), language
        )

    def sorted_schedules(self) -> list[OfferSchedule]:
        return sorted(
            self.schedules.all(),
            key=lambda s: (WEEKDAY_ORDER.get(s.weekday, 9), s.opens_at or datetime.time.min),
        )

    def public_contacts(self, user: Any) -> list[ContactPerson]:
        return visible_contacts(self.contacts, user)

    def public_locations(self, user: Any) -> list[OfferLocation]:
        """The locations as `user` may see them (protected ones reduced for the public)."""
        return visible_locations(self.locations, user)

    def map_data(self, user: Any = None) -> dict[str, Any]:
        """Everything the offer page's map draws, as JSON-ready data (no contact persons)."""
        return {
            "locations": [
                map_marker(loc, loc.name or self.title)
                for loc in self.public_locations(user)
                if loc.has_coordinates
            ],
            "areas": [area.as_geojson() for area in self.service_areas.all() if area.is_valid()],
        }

    def serve(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # Not verified for too long: gone for the public until verified; whoever may edit
        # the offer still sees it (with a notice) to check it.
        if self.is_hidden_for_review and not self.permissions_for_user(request.user).can_edit():
            raise Http404
        return super().serve(request, *args, **kwargs)

    def menu_section_url(self) -> str:
        """The main menu marks "Angebote finden" on an offer, not the network page of the
        region whose tree holds it: families come here from the finder and go back there."""
        return reverse("finder:finder")

    def get_sitemap_urls(self, request: HttpRequest | None = None) -> list[dict[str, Any]]:
        if self.is_hidden_for_review:
            return []
        return super().get_sitemap_urls(request)

    def get_template(self, request: HttpRequest, *args: Any, **kwargs: Any) -> str:
        if request is not None and request.GET.get("print") == "1":
            return "offers_directory/offer_page_print.html"
        return super().get_template(request, *args, **kwargs)

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        context["offer_text"] = self.text_in(get_language())
        context["contacts"] = self.public_contacts(request.user)
        context["schedules"] = self.sorted_schedules()
        context["locations"] = self.public_locations(request.user)
        context["service_areas"] = list(self.service_areas.all())
        context["map_data"] = self.map_data(request.user)
        context.update(tile_context(request))
        context["print_view"] = request.GET.get("print") == "1"
        return context

    def structured_data(self, request: HttpRequest | None = None) -> dict[str, Any]:
        return structured_data.offer_json_ld(self, request)
