"""Validation against the vendored HSDS 3.0 JSON schemas (draft 2020-12, offline)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry, Resource

SCHEMA_DIR = Path(__file__).resolve().parent / "schema"
SCHEMA_NAMES = (
    "service",
    "organization",
    "service_at_location",
    "location",
    "address",
    "taxonomy",
    "taxonomy_term",
    "page",
)


@cache
def _registry() -> Registry:
    resources = []
    for path in sorted(SCHEMA_DIR.glob("*.json")):
        contents = json.loads(path.read_text(encoding="utf-8"))
        resources.append((contents["$id"], Resource.from_contents(contents)))
    return Registry().with_resources(resources)


@cache
def validator(name: str) -> Draft202012Validator:
    """A validator for one HSDS object type, e.g. "service" (= service_full)."""
    schema = json.loads((SCHEMA_DIR / f"{name}.json").read_text(encoding="utf-8"))
    return Draft202012Validator(
        schema, registry=_registry(), format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def errors(document: Any, name: str) -> list[str]:
    """Readable validation errors ("path: message"); empty when the document is valid."""
    found = []
    for error in sorted(validator(name).iter_errors(document), key=lambda e: list(e.path)):
        where = "/".join(str(part) for part in error.absolute_path) or "(root)"
        found.append(f"{where}: {error.message}")
    return found


def is_valid(document: Any, name: str) -> bool:
    return not errors(document, name)


def page_errors(document: Any, item_name: str) -> list[str]:
    """Errors of a paged list response: the envelope and every item of `contents`."""
    found = errors(document, "page")
    for number, item in enumerate(document.get("contents") or []):
        found.extend(f"contents/{number}/{e}" for e in errors(item, item_name))
    return found
