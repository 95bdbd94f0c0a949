"""Stable HSDS identifiers. HSDS 3.0 and later require every `id` to be a UUID.

- An imported object keeps its HSDS `id` as our `source_id`; when that is a UUID, it is the
  object's HSDS id.
- A source id that is no UUID (a CSV row's "HH-001", an id from an older HSDS or a pre-release
  document, the demo's "demo:…") appears as a UUID derived from it (`derived_id`): the same
  source id always gives the same UUID, on every site. `SourceIds` finds the source id again,
  so the API answers under both ids and re-importing our own export updates, never duplicates.
- An object created in the CMS gets a UUID derived from its primary key (`generated_id`), so it
  always has the same id and the API finds it again without storing anything."""

from __future__ import annotations

import re
import uuid

from django.apps import apps

# One fixed UUID prefix per object type; the last 12 hex digits are the primary key.
KINDS = {
    "service": "6e66682d-0001-4000-8000-",
    "organization": "6e66682d-0002-4000-8000-",
    "service_at_location": "6e66682d-0003-4000-8000-",
    "location": "6e66682d-0004-4000-8000-",
    "taxonomy": "6e66682d-0005-4000-8000-",
    "taxonomy_term": "6e66682d-0006-4000-8000-",
    "contact": "6e66682d-0007-4000-8000-",
    "phone": "6e66682d-0008-4000-8000-",
    "schedule": "6e66682d-0009-4000-8000-",
    "service_area": "6e66682d-000a-4000-8000-",
    "language": "6e66682d-000b-4000-8000-",
    "address": "6e66682d-000c-4000-8000-",
    "cost_option": "6e66682d-000d-4000-8000-",
    "attribute": "6e66682d-000e-4000-8000-",
}
_PATTERN = re.compile(r"^(6e66682d-[0-9a-f]{4}-4000-8000-)([0-9a-f]{12})$")
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.IGNORECASE)
# The namespace of the UUIDs derived from source ids; a kind prefix keeps kinds apart.
_SOURCE_NAMESPACE = uuid.UUID("6e66682d-00ff-4000-8000-000000000000")

# Where each kind keeps its source id: (model, field).
SOURCE_FIELDS = {
    "service": ("offers_directory.OfferPage", "source_id"),
    "organization": ("offers_directory.OrganizationPage", "source_id"),
    "service_at_location": ("offers_directory.OfferLocation", "source_id"),
    "location": ("offers_directory.OfferLocation", "location_source_id"),
    "contact": ("offers_directory.ContactPerson", "source_id"),
    "service_area": ("offers_directory.OfferServiceArea", "source_id"),
    "taxonomy": ("offers_directory.Taxonomy", "source_id"),
    "taxonomy_term": ("offers_directory.TaxonomyTerm", "source_id"),
}


def is_uuid(value: str | None) -> bool:
    """The form HSDS (JSON schema `"format": "uuid"`) accepts: 8-4-4-4-12 hex digits."""
    return bool(value) and _UUID.match(value) is not None  # type: ignore[arg-type]


def generated_id(kind: str, pk: int | None, suffix: str = "") -> str:
    """The derived id of an object without a source id; `suffix` tells apart several HSDS
    objects made from one row (e.g. the phone of an offer)."""
    if suffix:
        return str(uuid.uuid5(uuid.UUID(f"{KINDS[kind]}{(pk or 0):012x}"), suffix))
    return f"{KINDS[kind]}{(pk or 0):012x}"


def derived_id(kind: str, source_id: str) -> str:
    """The UUID under which an object whose source id is no UUID appears in HSDS."""
    return str(uuid.uuid5(_SOURCE_NAMESPACE, f"{kind}:{source_id}"))


def hsds_id(kind: str, obj: object, field: str = "source_id") -> str:
    source_id = getattr(obj, field, "") or ""
    if not source_id:
        return generated_id(kind, obj.pk)  # type: ignore[attr-defined]
    return source_id if is_uuid(source_id) else derived_id(kind, source_id)


def pk_from_generated(kind: str, value: str) -> int | None:
    """The primary key inside a derived id of that kind, or None."""
    match = _PATTERN.match((value or "").strip().lower())
    if match is None or match.group(1) != KINDS[kind]:
        return None
    return int(match.group(2), 16)


class SourceIds:
    """The reverse of `derived_id`: the stored source ids an HSDS id may stand for. Use one
    instance per request or import run; it reads a kind's source ids once, when first asked
    about a UUID of that kind (a derived id cannot be looked up in the database directly)."""

    def __init__(self) -> None:
        self._originals: dict[str, dict[str, str]] = {}

    def candidates(self, kind: str, value: str) -> list[str]:
        """`value` itself, and the non-UUID source id it was derived from, if any."""
        value = (value or "").strip()
        original = self.original(kind, value)
        return [value, original] if original else [value]

    def original(self, kind: str, value: str) -> str | None:
        """The stored non-UUID source id whose derived id is `value`, or None."""
        if not is_uuid(value) or pk_from_generated(kind, value) is not None:
            return None
        if kind not in self._originals:
            self._originals[kind] = self._load(kind)
        return self._originals[kind].get(value.lower())

    def stored(self, kind: str, value: str) -> str:
        """The source id to look `value` up by: its original when it is a derived id."""
        return self.original(kind, value) or value

    @staticmethod
    def _load(kind: str) -> dict[str, str]:
        label, field = SOURCE_FIELDS[kind]
        model = apps.get_model(label)
        values = (
            model._default_manager.exclude(**{f"{field}__isnull": True})
            .exclude(**{field: ""})
            .order_by()
            .values_list(field, flat=True)
            .distinct()
        )
        return {derived_id(kind, value): value for value in values if not is_uuid(value)}
