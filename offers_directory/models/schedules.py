"""Regular weekly opening hours of an offer."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable


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


class OfferSchedule(Orderable):
    """Regular opening hours per weekday (HSDS `schedule`, freq WEEKLY, byday)."""

    page = ParentalKey(
        "offers_directory.OfferPage", on_delete=models.CASCADE, related_name="schedules"
    )
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
