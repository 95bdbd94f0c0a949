"""Validation against our adaptation of the official HSDS JSON schemas (draft 2020-12, offline;
schema/README.md says where they come from). One set per version: what we produce is checked
against HSDS_VERSION, an imported document against the version it was written in."""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, ValidationError
from referencing import Registry, Resource

from . import HSDS_VERSION

SCHEMA_DIR = Path(__file__).resolve().parent / "schema"
VERSIONS = ("3.0", "3.1")


@cache
def _registry(version: str) -> Registry:
    resources = []
    for path in sorted((SCHEMA_DIR / version).glob("*.json")):
        contents = json.loads(path.read_text(encoding="utf-8"))
        resources.append((contents["$id"], Resource.from_contents(contents)))
    return Registry().with_resources(resources)


@cache
def validator(name: str, version: str = HSDS_VERSION) -> Draft202012Validator:
    """A validator for one HSDS object type, e.g. "service" (= service_full)."""
    if version not in VERSIONS:
        raise ValueError(f"No HSDS schemas for version {version!r} (have {', '.join(VERSIONS)}).")
    schema = json.loads((SCHEMA_DIR / version / f"{name}.json").read_text(encoding="utf-8"))
    return Draft202012Validator(
        schema, registry=_registry(version), format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def iter_errors(document: Any, name: str, version: str = HSDS_VERSION) -> Iterator[ValidationError]:
    """The validation errors, the object's own fields first, then nested ones by path."""
    yield from sorted(
        validator(name, version).iter_errors(document),
        key=lambda e: (len(e.path), [str(p) for p in e.path]),
    )


def error_path(error: ValidationError) -> str:
    return "/".join(str(part) for part in error.absolute_path) or "(root)"


def errors(document: Any, name: str, version: str = HSDS_VERSION) -> list[str]:
    """Readable validation errors ("path: message"); empty when the document is valid."""
    return [f"{error_path(e)}: {e.message}" for e in iter_errors(document, name, version)]


def is_valid(document: Any, name: str, version: str = HSDS_VERSION) -> bool:
    return not errors(document, name, version)


def page_errors(document: Any, item_name: str, version: str = HSDS_VERSION) -> list[str]:
    """Errors of a paged list response: the envelope and every item of `contents`."""
    found = errors(document, "page", version)
    for number, item in enumerate(document.get("contents") or []):
        found.extend(f"contents/{number}/{e}" for e in errors(item, item_name, version))
    return found
