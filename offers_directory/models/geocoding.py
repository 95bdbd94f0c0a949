"""The geocoder's cache."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


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
