"""A postal address with coordinates found by the geocoder: the one abstract model behind
offer locations, event venues (events.EventPage) and referral partners
(professionals.ReferralPartner).

The lookup itself never runs here (nor in `save()`): saving only keeps the status in line with
what the editor did, and the background geocoding (offers_directory/tasks.py) asks the
geocoder for addresses that `needs_geocoding()`."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, Panel

from ..widgets import LocationMapWidget

LATITUDE_VALIDATORS = [MinValueValidator(-90.0), MaxValueValidator(90.0)]
LONGITUDE_VALIDATORS = [MinValueValidator(-180.0), MaxValueValidator(180.0)]


class GeocodeStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    EXACT = "exact", _("exact")
    APPROXIMATE = "approximate", _("approximate")
    FAILED = "failed", _("not found")
    MANUAL = "manual", _("set by hand")


GEOCODED = (GeocodeStatus.EXACT, GeocodeStatus.APPROXIMATE)


def normalised_address(street: str, postal_code: str, city: str, country: str) -> str:
    """The key an address is geocoded under: lower case, single spaces, "DE" by default."""
    parts = (street, postal_code, city, country or "DE")
    return "|".join(" ".join((part or "").lower().split()) for part in parts)[:255]


class GeocodedAddress(models.Model):
    """Address fields, coordinates and the geocoder's bookkeeping. `geocoded_address` is the
    normalised address the coordinates belong to: geocoding is due when it differs from the
    current `address_key`. A pin set by hand (`manual_pin`) is never overwritten."""

    street = models.CharField(_("street and number"), max_length=255, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
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

    ADDRESS_FIELDS = ("street", "postal_code", "city", "country")
    # What a copy of a place takes over when its address and pin stay the same.
    GEOCODING_FIELDS = (
        "latitude",
        "longitude",
        "manual_pin",
        "geocode_status",
        "geocode_message",
        "geocoded_at",
        "geocoded_address",
    )

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> Any:
        self.prepare_for_save()
        return super().save(*args, **kwargs)

    def prepare_for_save(self) -> None:
        """What every save adjusts (publishing.page_creation calls it for new pages and their
        locations too)."""
        self.sync_geocode_state()

    def clean(self) -> None:
        super().clean()
        self.sync_geocode_state()
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(
                {"longitude": _("Enter both latitude and longitude, or neither.")}
            )

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def has_address(self) -> bool:
        return bool(self.postal_code.strip() or self.city.strip())

    @property
    def address_line(self) -> str:
        place = " ".join(part for part in (self.postal_code, self.city) if part)
        return ", ".join(part for part in (self.street, place) if part)

    @property
    def address_key(self) -> str:
        """The normalised address; geocoding is due when it differs from `geocoded_address`."""
        return normalised_address(self.street, self.postal_code, self.city, self.country)

    def address_values(self) -> dict[str, str]:
        """The fields the address consists of, to find a row whose address is unchanged."""
        return {name: getattr(self, name) for name in self.ADDRESS_FIELDS}

    def copy_geocoding(self, source: GeocodedAddress) -> None:
        for name in self.GEOCODING_FIELDS:
            setattr(self, name, getattr(source, name))

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
        # Revisions saved before a model had a status hold an empty one.
        self.geocode_status = self.geocode_status or GeocodeStatus.PENDING
        if self.manual_pin and self.has_coordinates:
            self.geocode_status = GeocodeStatus.MANUAL
            self.geocoded_address = self.address_key
        elif self.manual_pin:
            # A pin flag without coordinates is meaningless; let the geocoder do its job.
            self.manual_pin = False
            self.geocode_status = GeocodeStatus.PENDING
        elif not self.has_address:
            return  # nothing to look up
        elif self.has_coordinates and not self.geocoded_address:
            # Coordinates no geocoder produced (typed in, or created with them): they win.
            self.manual_pin = True
            self.geocode_status = GeocodeStatus.MANUAL
            self.geocoded_address = self.address_key
        elif self.geocode_status == GeocodeStatus.MANUAL or (
            self.geocoded_address and self.address_key != self.geocoded_address
        ):
            self.geocode_status = GeocodeStatus.PENDING
            self.geocode_attempts = 0
        elif not self.geocoded_address:
            self.geocode_status = GeocodeStatus.PENDING


def address_panels() -> list[Panel]:
    return [
        FieldPanel("street"),
        FieldRowPanel([FieldPanel("postal_code"), FieldPanel("city")]),
    ]


def coordinate_panels() -> list[Panel]:
    """The geocoder's status, the coordinates with a map to drag the pin on, and the hand-set
    flag, for any edit form."""
    return [
        HelpPanel(template="offers_directory/admin/geocode_status_panel.html"),
        FieldRowPanel([FieldPanel("latitude", widget=LocationMapWidget), FieldPanel("longitude")]),
        FieldPanel("manual_pin"),
    ]
