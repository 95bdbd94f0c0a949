"""The offer directory's data: offers (Wagtail pages with modelcluster children), providers,
a managed taxonomy, languages, contact persons and the geocoder's cache."""

from __future__ import annotations

import datetime
import json
import re
from decimal import Decimal
from typing import Any

from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.models import Orderable, Page
from wagtail.search import index

from . import geo
from .conf import get_setting
from .languages import language_name, validate_language_code
from .widgets import LocationMapWidget


class GeocodeCacheEntry(models.Model):
    """A geocoder's answer, kept so the same address is never sent to Nominatim or Photon
    twice (their usage policies ask for caching) and re-imports cost no requests. A negative
    answer (nothing found) is cached too, with empty coordinates."""

    provider = models.CharField(_("provider"), max_length=20)
    query_key = models.CharField(
        _("normalised query"), max_length=255, help_text=_("Normalised address or place query.")
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    precision = models.CharField(_("precision"), max_length=20, blank=True)
    label = models.CharField(_("label"), max_length=255, blank=True)
    raw = models.JSONField(_("raw answer"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("geocoding cache entry")
        verbose_name_plural = _("geocoding cache entries")
        constraints = [
            models.UniqueConstraint(fields=["provider", "query_key"], name="unique_geocode_query")
        ]

    def __str__(self) -> str:
        return f"{self.provider}: {self.query_key}"


# --- Offer directory ----------------------------------------------------------------------
# The models follow Open Referral HSDS 3.0 so import, export and the HSDS API map field by
# field: OfferPage ≙ service, OrganizationPage ≙ organization, OfferLocation ≙ location +
# service_at_location, OfferServiceArea ≙ service_area, Taxonomy/TaxonomyTerm ≙ taxonomy/
# taxonomy_term (categories and target groups become `attributes`), Language ≙ language,
# OfferSchedule ≙ schedule, ContactPerson ≙ contact, the fee fields ≙ cost_option.

CODE_VALIDATOR = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9._:-]*$",
    _("Use letters, digits, dots, colons, hyphens and underscores only (no spaces)."),
)
LATITUDE_VALIDATORS = [MinValueValidator(-90.0), MaxValueValidator(90.0)]
LONGITUDE_VALIDATORS = [MinValueValidator(-180.0), MaxValueValidator(180.0)]


def region_page_model() -> type[Page] | None:
    """The page model that marks regions (OFFERS_DIRECTORY["REGION_PAGE_MODEL"]), if installed.
    Looked up by label so the app never imports the project's own apps."""
    label = get_setting("REGION_PAGE_MODEL")
    if not label:
        return None
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def region_of(page: Page) -> Page | None:
    """The nearest ancestor region page of a page (itself included), or None."""
    model = region_page_model()
    if model is None or page.pk is None:
        return None
    return model.objects.ancestor_of(page, inclusive=True).order_by("-depth").first()


def can_see_protected_contacts(user: Any) -> bool:
    """Professionals (the configured group, or anyone granted the permission) and editors with
    admin access see protected contact persons; anonymous visitors never do."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser or user.has_perm("offers_directory.view_protected_contacts"):
        return True
    if user.has_perm("wagtailadmin.access_admin"):
        return True
    group = get_setting("PROFESSIONALS_GROUP")
    return bool(group) and user.groups.filter(name=group).exists()


def visible_contacts(contacts: Any, user: Any) -> list[ContactPerson]:
    """The one gate every surface (pages, print view, APIs, exports) passes contact persons
    through: public ones for everybody, protected ones only for professionals and editors.
    Accepts a queryset, a modelcluster relation manager or a plain iterable."""
    if hasattr(contacts, "all"):
        contacts = contacts.all()
    allowed = can_see_protected_contacts(user)
    return [contact for contact in contacts if allowed or contact.is_public]


# --- Taxonomy ------------------------------------------------------------------------------


class Taxonomy(models.Model):
    """A managed vocabulary (HSDS `taxonomy`), e.g. the offer categories or target groups."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    uri = models.URLField(_("URI"), blank=True)
    version = models.CharField(_("version"), max_length=50, blank=True)
    source_id = models.CharField(
        _("source id"),
        max_length=255,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Identifier in an exchange format (HSDS `id`)."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("uri"),
        FieldPanel("version"),
    ]

    class Meta:
        verbose_name = _("taxonomy")
        verbose_name_plural = _("taxonomies")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        # An empty string would collide with the next empty one on the unique column.
        self.source_id = self.source_id or None
        super().save(*args, **kwargs)


class TaxonomyTerm(index.Indexed, models.Model):
    """A term of a managed taxonomy (HSDS `taxonomy_term`). `code` is stable: imports, exports,
    search facets and URLs refer to terms by code, so renaming a term changes nothing else."""

    taxonomy = models.ForeignKey(
        Taxonomy, verbose_name=_("taxonomy"), on_delete=models.PROTECT, related_name="terms"
    )
    code = models.CharField(
        _("code"),
        max_length=100,
        unique=True,
        validators=[CODE_VALIDATOR],
        help_text=_("Stable identifier, e.g. 'hebamme'. Do not change it once in use."),
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent term"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )
    term_uri = models.URLField(_("term URI"), blank=True)
    sort_order = models.IntegerField(_("sort order"), default=0)
    source_id = models.CharField(_("source id"), max_length=255, unique=True, null=True, blank=True)

    panels = [
        FieldPanel("taxonomy"),
        FieldPanel("code"),
        FieldPanel("name"),
        FieldPanel("description"),
        FieldPanel("parent"),
        FieldPanel("term_uri"),
        FieldPanel("sort_order"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("code"),
        index.FilterField("taxonomy_id"),
    ]

    class Meta:
        verbose_name = _("taxonomy term")
        verbose_name_plural = _("taxonomy terms")
        ordering = ["taxonomy__name", "sort_order", "name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.source_id = self.source_id or None
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        if self.parent_id is None:
            return
        if self.taxonomy_id and self.parent.taxonomy_id != self.taxonomy_id:
            raise ValidationError({"parent": _("The parent term must be in the same taxonomy.")})
        seen = {self.pk} if self.pk else set()
        node = self.parent
        while node is not None:
            if node.pk in seen:
                raise ValidationError({"parent": _("A term cannot be its own ancestor.")})
            seen.add(node.pk)
            node = node.parent


def category_choices() -> Q:
    return Q(taxonomy__slug=get_setting("CATEGORY_TAXONOMY"))


def target_group_choices() -> Q:
    return Q(taxonomy__slug=get_setting("TARGET_GROUP_TAXONOMY"))


class Language(models.Model):
    """A language an offer is available in (ISO 639-1, HSDS `language`)."""

    code = models.CharField(
        _("code"),
        max_length=2,
        unique=True,
        validators=[validate_language_code],
        help_text=_("ISO 639-1 code, e.g. de, en, tr, ar, uk."),
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    sort_order = models.IntegerField(_("sort order"), default=100)

    panels = [FieldPanel("code"), FieldPanel("name"), FieldPanel("sort_order")]

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name or self.code

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.name = self.name or language_name(self.code)
        super().save(*args, **kwargs)

    @classmethod
    def for_codes(cls, codes: list[str]) -> list[Language]:
        """The Language rows for valid codes, created on first use (validates each code)."""
        rows = []
        for code in codes:
            validate_language_code(code)
            row, _created = cls.objects.get_or_create(
                code=code, defaults={"name": language_name(code)}
            )
            rows.append(row)
        return rows


# --- Pages ---------------------------------------------------------------------------------


class OfferStatus(models.TextChoices):
    # The values are HSDS's service status enum, so they travel unchanged.
    ACTIVE = "active", _("active")
    INACTIVE = "inactive", _("inactive")
    TEMPORARILY_CLOSED = "temporarily closed", _("temporarily closed")
    DEFUNCT = "defunct", _("defunct")


class GeocodeStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    EXACT = "exact", _("exact")
    APPROXIMATE = "approximate", _("approximate")
    FAILED = "failed", _("not found")
    MANUAL = "manual", _("set by hand")


class Weekday(models.TextChoices):
    # RFC 5545 BYDAY codes, as HSDS schedules use them.
    MO = "MO", _("Monday")
    TU = "TU", _("Tuesday")
    WE = "WE", _("Wednesday")
    TH = "TH", _("Thursday")
    FR = "FR", _("Friday")
    SA = "SA", _("Saturday")
    SU = "SU", _("Sunday")


WEEKDAY_ORDER = {code: number for number, code in enumerate(Weekday.values)}


class OrganizationIndexPage(Page):
    """Lists the providers (Träger)."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["offers_directory.OrganizationPage"]

    class Meta:
        verbose_name = _("provider index page")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        organizations = OrganizationPage.objects.child_of(self).live().public().order_by("title")
        paginator = Paginator(organizations, 50)
        context["organizations"] = paginator.get_page(request.GET.get("page"))
        return context


class OrganizationPage(Page):
    """A provider (Träger, HSDS `organization`) with the list of its offers."""

    alternate_name = models.CharField(_("alternative name"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    street = models.CharField(_("street and number"), max_length=255, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    source_id = models.CharField(
        _("source id"),
        max_length=255,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Identifier in an exchange format (HSDS `id`); set by imports."),
    )
    source_system = models.CharField(_("source system"), max_length=100, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("alternate_name"),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldPanel("website"),
                FieldPanel("email"),
                FieldPanel("phone"),
                FieldPanel("street"),
                FieldRowPanel([FieldPanel("postal_code"), FieldPanel("city")]),
            ],
            heading=_("Contact details"),
        ),
        InlinePanel(
            "contacts",
            heading=_("Contact persons"),
            label=_("Contact person"),
            help_text=_("Contact persons are shown to professionals only, unless marked public."),
        ),
    ]
    settings_panels = Page.settings_panels + [
        MultiFieldPanel(
            [FieldPanel("source_id"), FieldPanel("source_system")], heading=_("Data exchange")
        )
    ]
    search_fields = Page.search_fields + [
        index.SearchField("alternate_name"),
        index.SearchField("description"),
        index.SearchField("city"),
    ]
    parent_page_types = ["offers_directory.OrganizationIndexPage"]
    subpage_types: list[str] = []
    exclude_fields_in_copy = ["source_id"]

    class Meta:
        verbose_name = _("provider")
        verbose_name_plural = _("providers")

    def prepare_for_save(self) -> None:
        """What every save adjusts (publishing.page_creation calls it for new pages too)."""
        # An empty string would collide with the next empty one on the unique column.
        self.source_id = self.source_id or None

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.prepare_for_save()
        super().save(*args, **kwargs)

    def live_offers(self) -> models.QuerySet[OfferPage]:
        return (
            OfferPage.objects.live()
            .public()
            .filter(provider=self)
            .order_by("title")
            .prefetch_related("locations", "categories")
        )

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        context["offers"] = self.live_offers()
        context["contacts"] = visible_contacts(self.contacts, request.user)
        return context

    def structured_data(self, request: HttpRequest | None = None) -> dict[str, Any]:
        data: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "Organization",
            "name": self.title,
        }
        if request is not None:
            data["url"] = self.get_full_url(request)
        if self.description:
            data["description"] = self.description
        if self.email:
            data["email"] = self.email
        if self.phone:
            data["telephone"] = self.phone
        if self.website:
            data["sameAs"] = self.website
        if self.street or self.city:
            data["address"] = {
                "@type": "PostalAddress",
                "streetAddress": self.street,
                "postalCode": self.postal_code,
                "addressLocality": self.city,
                "addressCountry": "DE",
            }
        return data


class OfferIndexPage(Page):
    """A region's offers (slug "angebote" below a region) or the supra-regional directory."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
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
            .prefetch_related("locations", "categories")
        )
        category = request.GET.get("kategorie", "").strip()
        if category:
            offers = offers.filter(categories__code=category)
        paginator = Paginator(offers, 30)
        context["offers"] = paginator.get_page(request.GET.get("page"))
        context["selected_category"] = category
        context["categories"] = TaxonomyTerm.objects.filter(
            category_choices(), category_offers__in=OfferPage.objects.child_of(self).live()
        ).distinct()
        return context


class OfferPage(Page):
    """A support offer (HSDS `service`)."""

    summary = models.CharField(
        _("summary"),
        max_length=300,
        blank=True,
        help_text=_("One or two sentences for listings and search results."),
    )
    alternate_name = models.CharField(_("alternative name"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    provider = models.ForeignKey(
        OrganizationPage,
        verbose_name=_("provider"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="offers",
    )
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
    source_id = models.CharField(
        _("source id"),
        max_length=255,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Identifier in an exchange format (HSDS `id`); set by imports."),
    )
    source_system = models.CharField(_("source system"), max_length=100, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("alternate_name"),
        FieldPanel("summary"),
        FieldPanel("description"),
        FieldPanel("provider"),
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
        InlinePanel(
            "contacts",
            heading=_("Contact persons"),
            label=_("Contact person"),
            help_text=_("Contact persons are shown to professionals only, unless marked public."),
        ),
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
    settings_panels = Page.settings_panels + [
        MultiFieldPanel(
            [FieldPanel("source_id"), FieldPanel("source_system")], heading=_("Data exchange")
        )
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
    exclude_fields_in_copy = ["source_id"]

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

    def prepare_for_save(self) -> None:
        """What every save adjusts (publishing.page_creation calls it for new pages too)."""
        # An empty string would collide with the next empty one on the unique column.
        self.source_id = self.source_id or None

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.prepare_for_save()
        super().save(*args, **kwargs)

    # --- derived facts ---

    @cached_property
    def region(self) -> Page | None:
        return region_of(self)

    @property
    def is_expired(self) -> bool:
        return bool(self.valid_to and self.valid_to < timezone.localdate())

    @property
    def needs_review(self) -> bool:
        limit = timezone.localdate() - datetime.timedelta(days=get_setting("REVIEW_INTERVAL_DAYS"))
        return self.last_reviewed is None or self.last_reviewed < limit

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

    def sorted_schedules(self) -> list[OfferSchedule]:
        return sorted(
            self.schedules.all(),
            key=lambda s: (WEEKDAY_ORDER.get(s.weekday, 9), s.opens_at or datetime.time.min),
        )

    def public_contacts(self, user: Any) -> list[ContactPerson]:
        return visible_contacts(self.contacts, user)

    def mapped_locations(self) -> list[OfferLocation]:
        return [loc for loc in self.locations.all() if loc.has_coordinates]

    def map_data(self) -> dict[str, Any]:
        """Everything the offer page's map draws, as JSON-ready data (no contact persons)."""
        return {
            "locations": [
                {
                    "name": loc.name or self.title,
                    "address": loc.address_line,
                    "lat": loc.latitude,
                    "lon": loc.longitude,
                }
                for loc in self.mapped_locations()
            ],
            "areas": [area.as_geojson() for area in self.service_areas.all() if area.is_valid()],
        }

    def get_template(self, request: HttpRequest, *args: Any, **kwargs: Any) -> str:
        if request is not None and request.GET.get("print") == "1":
            return "offers_directory/offer_page_print.html"
        return super().get_template(request, *args, **kwargs)

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        context["contacts"] = self.public_contacts(request.user)
        context["schedules"] = self.sorted_schedules()
        context["locations"] = list(self.locations.all())
        context["service_areas"] = list(self.service_areas.all())
        context["map_data"] = self.map_data()
        context["structured_data"] = json.dumps(
            self.structured_data(request), ensure_ascii=False
        ).replace("</", "<\\/")
        context["tile_url"] = get_setting("TILE_URL")
        context["tile_attribution"] = get_setting("TILE_ATTRIBUTION")
        context["tiles_are_foreign"] = tiles_are_foreign(context["tile_url"], request)
        context["print_view"] = request.GET.get("print") == "1"
        return context

    def structured_data(self, request: HttpRequest | None = None) -> dict[str, Any]:
        """schema.org JSON-LD: a Service offered by its provider at its locations. Contact
        persons are deliberately absent (JSON-LD is public even for professionals' views)."""
        data: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "Service",
            "name": self.title,
        }
        if request is not None:
            data["url"] = self.get_full_url(request)
        if self.summary or self.description:
            data["description"] = self.summary or self.description
        if self.categories.all():
            data["serviceType"] = [term.name for term in self.categories.all()]
        if self.provider_id:
            provider = self.provider
            data["provider"] = {"@type": "Organization", "name": provider.title}
            if request is not None and provider.live:
                data["provider"]["url"] = provider.get_full_url(request)
        if self.phone:
            data["telephone"] = self.phone
        if self.email:
            data["email"] = self.email
        if self.website:
            data["sameAs"] = self.website
        if self.languages.all():
            data["availableLanguage"] = [
                {"@type": "Language", "name": lang.name, "alternateName": lang.code}
                for lang in self.languages.all()
            ]
        places = []
        for loc in self.locations.all():
            place: dict[str, Any] = {
                "@type": "Place",
                "name": loc.name or self.title,
                "address": {
                    "@type": "PostalAddress",
                    "streetAddress": loc.street,
                    "postalCode": loc.postal_code,
                    "addressLocality": loc.city,
                    "addressCountry": loc.country or "DE",
                },
            }
            if loc.has_coordinates:
                place["geo"] = {
                    "@type": "GeoCoordinates",
                    "latitude": loc.latitude,
                    "longitude": loc.longitude,
                }
            places.append(place)
        if places:
            data["availableChannel"] = [
                {"@type": "ServiceChannel", "serviceLocation": place} for place in places
            ]
        areas = [area.name for area in self.service_areas.all() if area.name]
        if areas:
            data["areaServed"] = [{"@type": "AdministrativeArea", "name": n} for n in areas]
        offer: dict[str, Any] = {"@type": "Offer", "priceCurrency": "EUR"}
        if self.is_free:
            offer["price"] = "0"
        elif self.fee_amount is not None:
            offer["price"] = str(self.fee_amount)
        if self.fee_note:
            offer["description"] = self.fee_note
        if "price" in offer or "description" in offer:
            data["offers"] = offer
        hours = [
            {
                "@type": "OpeningHoursSpecification",
                "dayOfWeek": f"https://schema.org/{s.get_weekday_display_en()}",
                "opens": s.opens_at.strftime("%H:%M") if s.opens_at else None,
                "closes": s.closes_at.strftime("%H:%M") if s.closes_at else None,
            }
            for s in self.sorted_schedules()
        ]
        if hours:
            data["hoursAvailable"] = hours
        audience = [term.name for term in self.target_groups.all()]
        if audience:
            data["audience"] = [{"@type": "Audience", "audienceType": a} for a in audience]
        return data


def tiles_are_foreign(tile_url: str, request: HttpRequest | None) -> bool:
    """True when map tiles would come from another host than the page's own."""
    if not tile_url:
        return False
    if tile_url.startswith("/") and not tile_url.startswith("//"):
        return False
    from urllib.parse import urlsplit

    host = urlsplit(tile_url if "//" in tile_url else f"//{tile_url}").hostname or ""
    own = request.get_host().split(":")[0] if request is not None else ""
    return host.lower() != own.lower()


def format_age_range(min_months: int | None, max_months: int | None, during_pregnancy: bool) -> str:
    def months(value: int) -> str:
        if value and value % 12 == 0:
            years = value // 12
            return f"{years} Jahr" if years == 1 else f"{years} Jahren"
        return f"{value} Monat" if value == 1 else f"{value} Monaten"

    def months_nominative(value: int) -> str:
        if value and value % 12 == 0:
            years = value // 12
            return f"{years} Jahr" if years == 1 else f"{years} Jahre"
        return f"{value} Monat" if value == 1 else f"{value} Monate"

    start = "Schwangerschaft" if during_pregnancy else None
    if min_months:
        start = f"{start} und ab {months(min_months)}" if start else f"ab {months(min_months)}"
    elif start is None and max_months is not None:
        start = "ab Geburt"
    if max_months is not None:
        end = f"bis {months_nominative(max_months)}"
        return f"{start} {end}" if start else end
    if start:
        return start if during_pregnancy and not min_months else f"{start}"
    return "alle Altersgruppen"


# --- Page children -------------------------------------------------------------------------


class OfferLocation(Orderable):
    """Where an offer takes place (HSDS `location` linked by a `service_at_location`)."""

    page = ParentalKey(OfferPage, on_delete=models.CASCADE, related_name="locations")
    name = models.CharField(
        _("name"), max_length=255, blank=True, help_text=_("e.g. 'Familienzentrum Mitte'")
    )
    street = models.CharField(_("street and number"), max_length=255, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    state_province = models.CharField(_("federal state"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=2, default="DE")
    latitude = models.FloatField(
        _("latitude"), null=True, blank=True, validators=LATITUDE_VALIDATORS
    )
    longitude = models.FloatField(
        _("longitude"), null=True, blank=True, validators=LONGITUDE_VALIDATORS
    )
    manual_pin = models.BooleanField(
        _("pin set by hand"),
        default=False,
        help_text=_("The coordinates were set by hand; the geocoder leaves them alone."),
    )
    geocode_status = models.CharField(
        _("geocoding status"),
        max_length=20,
        choices=GeocodeStatus.choices,
        default=GeocodeStatus.PENDING,
        db_index=True,
    )
    geocode_message = models.CharField(_("geocoding message"), max_length=255, blank=True)
    geocoded_at = models.DateTimeField(_("geocoded at"), null=True, blank=True)
    geocoded_address = models.CharField(
        _("geocoded address"),
        max_length=255,
        blank=True,
        editable=False,
        help_text=_("The normalised address the coordinates belong to."),
    )
    geocode_attempts = models.PositiveSmallIntegerField(
        _("geocoding attempts"), default=0, editable=False
    )
    accessibility_notes = models.CharField(_("accessibility"), max_length=255, blank=True)
    source_id = models.CharField(
        _("source id"),
        max_length=255,
        blank=True,
        db_index=True,
        help_text=_("HSDS service_at_location id."),
    )
    location_source_id = models.CharField(
        _("location source id"),
        max_length=255,
        blank=True,
        db_index=True,
        help_text=_("HSDS location id."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("street"),
        FieldRowPanel([FieldPanel("postal_code"), FieldPanel("city")]),
        FieldPanel("accessibility_notes"),
        HelpPanel(template="offers_directory/admin/geocode_status_panel.html"),
        FieldRowPanel(
            [
                FieldPanel("latitude", widget=LocationMapWidget),
                FieldPanel("longitude"),
            ]
        ),
        FieldPanel("manual_pin"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("location")
        verbose_name_plural = _("locations")

    def __str__(self) -> str:
        return self.name or self.address_line

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def address_line(self) -> str:
        place = " ".join(part for part in (self.postal_code, self.city) if part)
        return ", ".join(part for part in (self.street, place) if part)

    @property
    def address_key(self) -> str:
        """The normalised address; geocoding is due when it differs from `geocoded_address`."""
        parts = (self.street, self.postal_code, self.city, self.country or "DE")
        return "|".join(" ".join((part or "").lower().split()) for part in parts)[:255]

    @property
    def has_address(self) -> bool:
        return bool(self.postal_code.strip() or self.city.strip())

    def needs_geocoding(self, *, retry_failed: bool = False, force: bool = False) -> bool:
        if self.manual_pin or not self.has_address:
            return False
        if force:
            return True
        if self.address_key != self.geocoded_address:
            return True
        if self.geocode_status == GeocodeStatus.PENDING:
            return True
        if self.geocode_status == GeocodeStatus.FAILED:
            return retry_failed
        return not self.has_coordinates

    def sync_geocode_state(self) -> None:
        """Keep the status consistent with what the editor did: a hand-set pin is 'manual',
        a changed address makes the old coordinates due for geocoding again."""
        if self.manual_pin and self.has_coordinates:
            self.geocode_status = GeocodeStatus.MANUAL
            self.geocoded_address = self.address_key
        elif self.manual_pin:
            # A pin flag without coordinates is meaningless; let the geocoder do its job.
            self.manual_pin = False
            self.geocode_status = GeocodeStatus.PENDING
        elif self.geocode_status == GeocodeStatus.MANUAL or (
            self.geocoded_address and self.address_key != self.geocoded_address
        ):
            self.geocode_status = GeocodeStatus.PENDING
            self.geocode_attempts = 0
        elif not self.geocoded_address and not self.has_coordinates:
            self.geocode_status = GeocodeStatus.PENDING

    def clean(self) -> None:
        super().clean()
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(_("Enter both latitude and longitude, or neither."))
        if not self.has_address and not self.has_coordinates:
            raise ValidationError(_("Enter a postal code or a city (or set the pin by hand)."))
        self.sync_geocode_state()

    def prepare_for_save(self) -> None:
        """What every save adjusts (publishing.page_creation calls it for new pages' locations
        too)."""
        self.sync_geocode_state()

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.prepare_for_save()
        super().save(*args, **kwargs)


class OfferServiceArea(Orderable):
    """The area an outreach offer covers (HSDS `service_area`): a GeoJSON polygon or a radius."""

    page = ParentalKey(OfferPage, on_delete=models.CASCADE, related_name="service_areas")
    name = models.CharField(
        _("name"), max_length=255, help_text=_("e.g. 'ganzer Landkreis Harburg'")
    )
    description = models.CharField(_("description"), max_length=255, blank=True)
    extent = models.JSONField(
        _("area (GeoJSON)"),
        null=True,
        blank=True,
        help_text=_(
            "A GeoJSON Polygon or MultiPolygon ([longitude, latitude] positions). "
            "Leave empty to use a centre and radius instead."
        ),
    )
    center_latitude = models.FloatField(
        _("centre latitude"), null=True, blank=True, validators=LATITUDE_VALIDATORS
    )
    center_longitude = models.FloatField(
        _("centre longitude"), null=True, blank=True, validators=LONGITUDE_VALIDATORS
    )
    radius_km = models.FloatField(
        _("radius (km)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0.1), MaxValueValidator(500)],
    )
    source_id = models.CharField(_("source id"), max_length=255, blank=True, db_index=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("description"),
        FieldPanel("extent"),
        FieldRowPanel(
            [
                FieldPanel("center_latitude"),
                FieldPanel("center_longitude"),
                FieldPanel("radius_km"),
            ]
        ),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("service area")
        verbose_name_plural = _("service areas")

    def __str__(self) -> str:
        return self.name

    @property
    def has_circle(self) -> bool:
        return None not in (self.center_latitude, self.center_longitude, self.radius_km)

    def clean(self) -> None:
        super().clean()
        if self.extent in ("", {}, []):
            self.extent = None
        circle_parts = (self.center_latitude, self.center_longitude, self.radius_km)
        if self.extent is not None:
            try:
                self.extent = geo.normalize_geometry(self.extent)
            except ValidationError as error:
                raise ValidationError({"extent": error.messages}) from error
            if any(part is not None for part in circle_parts):
                raise ValidationError(
                    _("Give either a GeoJSON area or a centre with a radius, not both.")
                )
        elif any(part is None for part in circle_parts):
            raise ValidationError(
                _("Give a GeoJSON area, or a centre (latitude and longitude) and a radius.")
            )

    def is_valid(self) -> bool:
        try:
            self.geometry()
        except ValidationError:
            return False
        return self.extent is not None or self.has_circle

    def geometry(self) -> dict[str, Any] | None:
        if self.extent is None:
            return None
        return geo.normalize_geometry(self.extent)

    def covers(self, latitude: float, longitude: float) -> bool:
        """Whether a point lies in the area (polygon or radius)."""
        geometry = self.geometry()
        if geometry is not None:
            return geo.geometry_contains(geometry, latitude, longitude)
        if self.has_circle:
            distance = geo.haversine_km(
                self.center_latitude, self.center_longitude, latitude, longitude
            )
            return distance <= self.radius_km
        return False

    def as_geojson(self) -> dict[str, Any]:
        """The area as a GeoJSON Polygon/MultiPolygon (a radius becomes a polygon)."""
        geometry = self.geometry()
        if geometry is None and self.has_circle:
            geometry = geo.circle_polygon(
                self.center_latitude, self.center_longitude, self.radius_km
            )
        return {"name": self.name, "geometry": geometry}


POSTCODE_PREFIXES_VALIDATOR = RegexValidator(
    r"^\s*(\d{1,5}([\s,;]+\d{1,5})*)?[\s,;]*$",
    _("Enter postcodes or their first digits (1 to 5 digits), separated by spaces or commas."),
)


class RegionAreaManager(models.Manager["RegionArea"]):
    def set_for(
        self,
        region: Page,
        *,
        postcode_prefixes: list[str] | None = None,
        extent: dict[str, Any] | None = None,
    ) -> RegionArea:
        """Store (validated) what routes imported offers to `region`; None keeps a value."""
        area = self.filter(region=region).first() or self.model(region=region)
        if postcode_prefixes is not None:
            area.postcode_prefixes = " ".join(postcode_prefixes)
        if extent is not None:
            area.extent = extent
        area.full_clean()
        area.save()
        return area


class RegionArea(models.Model):
    """Where a region is: its outline (e.g. the county's) and the postcodes that belong to it.
    An import without --region places each offer in the region whose outline contains the
    offer's coordinates, else in the region with the longest postcode prefix matching its
    address (importers/writer.py). Editors maintain both in the admin; postcodes do not follow
    county borders exactly, so the prefixes are chosen per region (5 digits for a single
    postcode)."""

    region = models.OneToOneField(
        Page,
        verbose_name=_("region"),
        on_delete=models.CASCADE,
        related_name="offer_region_area",
    )
    extent = models.JSONField(
        _("area (GeoJSON)"),
        null=True,
        blank=True,
        help_text=_("A GeoJSON Polygon or MultiPolygon ([longitude, latitude] positions)."),
    )
    postcode_prefixes = models.CharField(
        _("postcode prefixes"),
        max_length=2000,
        blank=True,
        validators=[POSTCODE_PREFIXES_VALIDATOR],
        help_text=_(
            "Postcodes of the region or their first digits, separated by spaces, e.g. "
            "“212 2137 21629”. The longest matching prefix wins."
        ),
    )

    objects = RegionAreaManager()

    panels = [
        PageChooserPanel("region", page_type=get_setting("REGION_PAGE_MODEL") or None),
        FieldPanel("postcode_prefixes"),
        FieldPanel("extent"),
    ]

    class Meta:
        verbose_name = _("region area")
        verbose_name_plural = _("region areas")

    def __str__(self) -> str:
        return str(self.region) if self.region_id else ""

    @property
    def prefix_list(self) -> list[str]:
        return [p for p in re.split(r"[\s,;]+", self.postcode_prefixes or "") if p]

    def clean(self) -> None:
        super().clean()
        errors: dict[str, list[str]] = {}
        if self.extent not in (None, "", {}):
            try:
                self.extent = geo.normalize_geometry(self.extent)
            except ValidationError as error:
                errors["extent"] = error.messages
        else:
            self.extent = None
            if not self.prefix_list:
                errors["postcode_prefixes"] = [_("Give postcode prefixes, an area, or both.")]
        self.postcode_prefixes = " ".join(self.prefix_list)
        model = region_page_model()
        if (
            model is not None
            and self.region_id
            and not model.objects.filter(pk=self.region_id).exists()
        ):
            errors["region"] = [_("Choose a region page.")]
        if errors:
            raise ValidationError(errors)

    def contains(self, latitude: float, longitude: float) -> bool:
        if not self.extent:
            return False
        try:
            geometry = geo.normalize_geometry(self.extent)
        except ValidationError:
            return False
        return geo.geometry_contains(geometry, latitude, longitude)


class OfferSchedule(Orderable):
    """Regular opening hours per weekday (HSDS `schedule`, freq WEEKLY, byday)."""

    page = ParentalKey(OfferPage, on_delete=models.CASCADE, related_name="schedules")
    weekday = models.CharField(_("weekday"), max_length=2, choices=Weekday.choices)
    opens_at = models.TimeField(_("opens"), null=True, blank=True)
    closes_at = models.TimeField(_("closes"), null=True, blank=True)
    note = models.CharField(
        _("note"), max_length=255, blank=True, help_text=_("e.g. 'only in even weeks'")
    )

    panels = [
        FieldRowPanel(
            [
                FieldPanel("weekday"),
                FieldPanel("opens_at"),
                FieldPanel("closes_at"),
            ]
        ),
        FieldPanel("note"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens_at or ''}–{self.closes_at or ''}"

    def clean(self) -> None:
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The closing time must be after opening.")})

    def get_weekday_display_en(self) -> str:
        return {
            "MO": "Monday",
            "TU": "Tuesday",
            "WE": "Wednesday",
            "TH": "Thursday",
            "FR": "Friday",
            "SA": "Saturday",
            "SU": "Sunday",
        }[self.weekday]


class ContactPerson(Orderable):
    """A named contact person on an offer or a provider (HSDS `contact`). Protected by
    default: only professionals and editors see them unless `is_public` is set. Every
    surface goes through `visible_contacts()`."""

    offer = ParentalKey(
        OfferPage,
        on_delete=models.CASCADE,
        related_name="contacts",
        null=True,
        blank=True,
    )
    organization = ParentalKey(
        OrganizationPage,
        on_delete=models.CASCADE,
        related_name="contacts",
        null=True,
        blank=True,
    )
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
    source_id = models.CharField(_("source id"), max_length=255, blank=True, db_index=True)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("role")]),
        FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
        FieldPanel("is_public"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        permissions = [
            ("view_protected_contacts", _("Can see protected contact persons")),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.role})" if self.role else self.name


# --- Attention queries (admin listing filters, dashboard, reports) --------------------------


def review_overdue_q(today: datetime.date | None = None) -> Q:
    today = today or timezone.localdate()
    limit = today - datetime.timedelta(days=get_setting("REVIEW_INTERVAL_DAYS"))
    return Q(last_reviewed__isnull=True) | Q(last_reviewed__lt=limit)


def expired_q(today: datetime.date | None = None) -> Q:
    return Q(valid_to__lt=today or timezone.localdate())


def geocode_failed_q() -> Q:
    return Q(locations__geocode_status=GeocodeStatus.FAILED)


def geocode_summary(page: OfferPage) -> str:
    """'2 exact, 1 not found' for listings (uses prefetched locations when available)."""
    counts: dict[str, int] = {}
    for location in page.locations.all():
        label = str(location.get_geocode_status_display())
        counts[label] = counts.get(label, 0) + 1
    return ", ".join(f"{count} {label}" for label, count in counts.items())
