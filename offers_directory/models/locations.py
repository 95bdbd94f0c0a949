"""Where an offer takes place and which area it serves, and the areas regions cover."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, PageChooserPanel
from wagtail.models import Orderable, Page

from .. import geo
from ..conf import get_setting
from ..regions import region_page_model
from .addresses import (
    LATITUDE_VALIDATORS,
    LONGITUDE_VALIDATORS,
    GeocodedAddress,
    address_panels,
    coordinate_panels,
)


class LocationVisibility(models.TextChoices):
    """Who sees where a location is. A protected place (a shelter, a counselling office that
    must not be found by the wrong person) shows the public only its municipality: the pin
    moves to the municipality's centre and the street is withheld (offers_directory.privacy)."""

    PUBLIC = "public", _("public")
    PROFESSIONALS = "professionals", _("professionals only")
    HIDDEN = "hidden", _("hidden (e.g. a shelter)")


class OfferLocation(GeocodedAddress, Orderable):
    """Where an offer takes place (HSDS `location` linked by a `service_at_location`)."""

    # A copy made by privacy.visible_locations() for the public says so; stored rows never are.
    address_withheld = False

    page = ParentalKey(
        "offers_directory.OfferPage", on_delete=models.CASCADE, related_name="locations"
    )
    name = models.CharField(
        _("name"), max_length=255, blank=True, help_text=_("e.g. 'Familienzentrum Mitte'")
    )
    state_province = models.CharField(_("federal state"), max_length=100, blank=True)
    accessibility_notes = models.CharField(_("accessibility"), max_length=255, blank=True)
    visibility = models.CharField(
        _("visibility"),
        max_length=20,
        choices=LocationVisibility.choices,
        default=LocationVisibility.PUBLIC,
        help_text=_(
            "Professionals only and hidden: visitors see only the town (the map shows its "
            "centre); the exact address only logged-in professionals. Hidden also leaves out "
            "the location's name and notes."
        ),
    )
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
        *address_panels(),
        FieldPanel("accessibility_notes"),
        FieldPanel("visibility"),
        *coordinate_panels(),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("location")
        verbose_name_plural = _("locations")

    def __str__(self) -> str:
        return self.name or self.address_line

    @property
    def is_protected(self) -> bool:
        return self.visibility != LocationVisibility.PUBLIC

    def clean(self) -> None:
        super().clean()
        if not self.has_address and not self.has_coordinates:
            raise ValidationError(_("Enter a postal code or a city (or set the pin by hand)."))


class OfferServiceArea(Orderable):
    """The area an outreach offer covers (HSDS `service_area`): a GeoJSON polygon or a radius."""

    page = ParentalKey(
        "offers_directory.OfferPage", on_delete=models.CASCADE, related_name="service_areas"
    )
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
