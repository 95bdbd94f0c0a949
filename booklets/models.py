"""The Angebotskatalog (a working group's saved selection of offers) and the stored PDF
editions of the booklets.

A catalogue stores its filters, not a list of offers: the offers are looked up whenever it is
shown or printed, so a new offer that fits appears and an unpublished or expired one
disappears without anyone touching the catalogue. Hand-picked offers are added to what the
filters find (only while they are public)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.models import Orderable

from home.fields import optional_link
from offers_directory.models import OfferPage, TaxonomyTerm
from offers_directory.models.taxonomy import category_choices, target_group_choices
from professionals.models import NamedWithSlug

from .phases import age_filter


class OfferCatalogue(NamedWithSlug, ClusterableModel):
    """A working group's Angebotskatalog: offers chosen by category, age, region and target
    group, plus hand-picked ones; public at /angebotskatalog/<slug>/ and as PDF."""

    slug_source = "title"

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"), max_length=80, unique=True, help_text=_("The catalogue's web address.")
    )
    working_group = optional_link(
        "professionals.WorkingGroup",
        _("working group"),
        related_name="catalogues",
    )
    intro = models.TextField(_("introduction"), blank=True)
    region = optional_link(
        "home.RegionPage",
        _("region"),
        help_text=_("Only offers of this region; empty: all regions."),
    )
    categories = ParentalManyToManyField(
        TaxonomyTerm,
        verbose_name=_("categories"),
        blank=True,
        related_name="+",
        limit_choices_to=category_choices,
        help_text=_("A main category includes its subcategories."),
    )
    target_groups = ParentalManyToManyField(
        TaxonomyTerm,
        verbose_name=_("target groups"),
        blank=True,
        related_name="+",
        limit_choices_to=target_group_choices,
    )
    during_pregnancy = models.BooleanField(_("offers during pregnancy"), default=False)
    min_age_months = models.PositiveSmallIntegerField(
        _("from age (months)"), null=True, blank=True, validators=[MaxValueValidator(1200)]
    )
    max_age_months = models.PositiveSmallIntegerField(
        _("to age (months)"), null=True, blank=True, validators=[MaxValueValidator(1200)]
    )
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("working_group"),
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("region"),
                FieldPanel("categories", widget=forms.CheckboxSelectMultiple),
                FieldPanel("target_groups", widget=forms.CheckboxSelectMultiple),
                FieldPanel("during_pregnancy"),
                FieldRowPanel([FieldPanel("min_age_months"), FieldPanel("max_age_months")]),
            ],
            heading=_("Selection"),
            help_text=_(
                "The catalogue lists every public offer that matches all filters set here; "
                "it follows changes to the offers by itself. Without any filter it lists only "
                "the offers picked below."
            ),
        ),
        InlinePanel("picks", heading=_("Offers picked by hand"), label=_("Offer")),
    ]

    class Meta:
        ordering = ["title"]
        verbose_name = _("offer catalogue")
        verbose_name_plural = _("offer catalogues")

    def clean(self) -> None:
        super().clean()
        if (
            self.min_age_months is not None
            and self.max_age_months is not None
            and self.min_age_months > self.max_age_months
        ):
            raise ValidationError(
                {"max_age_months": _("The maximum age must not be below the minimum age.")}
            )

    def get_absolute_url(self) -> str:
        return reverse("booklets:catalogue", args=[self.slug])

    def selection_filter(self) -> Q | None:
        """The filters as one condition on offers, or None when no filter is set."""
        clauses: list[Q] = []
        if self.region_id:
            region = self.region
            clauses.append(Q(path__startswith=region.path, depth__gt=region.depth))
        categories = list(self.categories.all())
        if categories:
            term_ids = {term.pk for term in categories}
            term_ids |= set(
                TaxonomyTerm.objects.filter(parent__in=categories).values_list("pk", flat=True)
            )
            clauses.append(Q(categories__in=term_ids))
        target_groups = list(self.target_groups.all())
        if target_groups:
            clauses.append(Q(target_groups__in=target_groups))
        ages = age_filter(self.min_age_months, self.max_age_months, self.during_pregnancy)
        if ages is not None:
            clauses.append(ages)
        if not clauses:
            return None
        condition = clauses[0]
        for clause in clauses[1:]:
            condition &= clause
        return condition

    def offers(self, public: QuerySet[OfferPage]) -> QuerySet[OfferPage]:
        """The catalogue's offers among `public` (the public offers, see
        search.offers.indexing.public_offers), ordered by title."""
        picked = Q(pk__in=[pick.offer_id for pick in self.picks.all()])
        condition = self.selection_filter()
        matching = public.filter(picked | condition if condition is not None else picked)
        # The joins over categories and target groups repeat an offer once per matching term.
        return public.filter(pk__in=matching.values("pk")).order_by("title")


class CataloguePick(Orderable):
    catalogue = ParentalKey(OfferCatalogue, on_delete=models.CASCADE, related_name="picks")
    offer = models.ForeignKey(
        OfferPage, verbose_name=_("offer"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [PageChooserPanel("offer", "offers_directory.OfferPage")]

    class Meta(Orderable.Meta):
        verbose_name = _("offer picked by hand")
        verbose_name_plural = _("offers picked by hand")


class PrintEdition(models.Model):
    """A stored PDF of a booklet or catalogue in one language, as an editor last generated
    it: the public PDF link serves it, with its "Stand" date, until the next regeneration
    (the HTML print view is always live). `key` is the booklet's path without language, e.g.
    "familienbegleitbuch/landkreis-harburg"."""

    key = models.CharField(_("booklet"), max_length=255)
    language = models.CharField(_("language"), max_length=5)
    pdf = models.BinaryField(_("PDF"))
    offer_count = models.PositiveIntegerField(_("offers"), default=0)
    generated_at = models.DateTimeField(_("generated at"))
    generated_by = optional_link(settings.AUTH_USER_MODEL, _("generated by"))

    class Meta:
        verbose_name = _("printed edition")
        verbose_name_plural = _("printed editions")
        constraints = [
            models.UniqueConstraint(fields=["key", "language"], name="unique_print_edition")
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.language})"
