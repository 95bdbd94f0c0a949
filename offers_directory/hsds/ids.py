"""Stable HSDS identifiers. An imported object keeps its HSDS `id` (our `source_id`); an object
created in the CMS gets a UUID derived from its primary key, so the same object always has the
same id and the API can find it again without storing anything."""

from __future__ import annotations

import re
import uuid

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


def generated_id(kind: str, pk: int | None, suffix: str = "") -> str:
    """The derived id of an object without a source id; `suffix` tells apart several HSDS
    objects made from one row (e.g. the phone of an offer)."""
    if suffix:
        return str(uuid.uuid5(uuid.UUID(f"{KINDS[kind]}{(pk or 0):012x}"), suffix))
    return f"{KINDS[kind]}{(pk or 0):012x}"


def hsds_id(kind: str, obj: object, field: str = "source_id") -> str:
    return getattr(obj, field, "") or generated_id(kind, obj.pk)  # type: ignore[attr-defined]


def pk_from_generated(kind: str, value: str) -> int | None:
    """The primary key inside a derived id of that kind, or None."""
    match = _PATTERN.match((value or "").strip().lower())
    if match is None or match.group(1) != KINDS[kind]:
        return None
    return int(match.group(2), 16)
