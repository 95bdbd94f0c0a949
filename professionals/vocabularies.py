"""The fields of work every installation starts with (PartnerField rows, installed by the
app's migration together with the professionals' group). Product setup, not demo data."""

from __future__ import annotations

from importlib import import_module

from .models import PartnerField


def ensure_fields() -> dict[str, PartnerField]:
    """The migration's fields of work, installed again where they are missing (a database a
    test flushed); returns every field by code."""
    initial = import_module("professionals.migrations.0001_squashed_0003_partner_geocoding")
    for order, (code, name) in enumerate(initial.FIELDS):
        PartnerField.objects.get_or_create(code=code, defaults={"name": name, "sort_order": order})
    return {f.code: f for f in PartnerField.objects.all()}
