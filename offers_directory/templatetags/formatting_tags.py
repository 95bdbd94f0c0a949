"""Formatting filters shared by every app's templates."""

from __future__ import annotations

from django import template

from offers_directory.formatting import format_distance

register = template.Library()


@register.filter
def distance(km: float | None) -> str:
    """`{{ offer.distance_km|distance }}`: see formatting.format_distance ("" without one)."""
    return "" if km is None else format_distance(km)
