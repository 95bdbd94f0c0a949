"""The compiled HSDS schema checks (offers_directory/hsds/validation.py) against jsonschema's
Draft202012Validator on the same schemas: every error the same (message, keyword, value,
instance, path, schema path, order) and the import's warnings and the readable error lists
byte-identical, for the benchmark's generated services corrupted on purpose, the HSDS
fixtures, and both versions."""

from __future__ import annotations

import copy
import json
import random
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry

from benchmarks import adapter, generate
from offers_directory.hsds import validation
from offers_directory.importers.hsds import load_document, schema_warning

from .exchange import HSDS_DATA

SEED = 20261201
GENERATED = 120
# Values that fail (or pass) the schemas' type, format and enum checks in many ways.
JUNK: tuple[Any, ...] = (
    0, 7, -3, 1.5, 2.0, True, False, None, "", "x", "active", "temporarily closed", "bogus",
    [], [1, "a", None], {}, {"id": 5, "name": ["x"]}, {"unknown": True},
    "3fa85f64-5717-4562-b3fc-2c963f66afa6", "3FA85F64-5717-4562-B3FC-2C963F66AFA6",
    "{3fa85f64-5717-4562-b3fc-2c963f66afa6}", "urn:uuid:3fa85f64-5717-4562-b3fc-2c963f66afa6",
    "3fa85f64-5717-4562-b3fc-2c96-3f66afa6", "3fa85f645717-4562-b3fc-2c963f66afa6",
    "https://example.org/a?b=c#d", "http://exa mple.de", "www.example.de", "mailto:a@b.de",
    "no-at-sign", "a@b", "@", "2026-12-01T06:00:00Z", "2026-12-01T06:00:00+01:00",
    "2026-12-01t06:00:00z", "2026-13-01T06:00:00Z", "2026-12-01", "06:00", "x" * 60,
    "Ümlaut äöü ß – “quotes”",
)  # fmt: skip
NAMES = ("service", "organization", "location", "service_at_location", "contact", "page")


def property_names(version: str) -> list[str]:
    """Every property name the version's schemas know, to corrupt documents where it matters."""
    names: set[str] = set()

    def walk(schema: Any) -> None:
        if isinstance(schema, dict):
            names.update(schema.get("properties", {}))
            for value in schema.values():
                walk(value)
        elif isinstance(schema, list):
            for value in schema:
                walk(value)

    for path in (validation.SCHEMA_DIR / version).glob("*.json"):
        walk(json.loads(path.read_text(encoding="utf-8")))
    return sorted(names)


def containers(value: Any) -> Iterator[Any]:
    if isinstance(value, dict | list):
        yield value
        for child in value.values() if isinstance(value, dict) else value:
            yield from containers(child)


def junk(rng: random.Random, names: list[str], depth: int = 0) -> Any:
    """A junk value; sometimes an object or a list of objects with schema fields, so errors
    also come from deep inside locations, schedules, contacts, …"""
    draw = rng.random()
    if depth < 2 and draw < 0.15:
        return {rng.choice(names): junk(rng, names, depth + 1) for _ in range(rng.randint(0, 4))}
    if depth < 2 and draw < 0.25:
        return [junk(rng, names, depth + 1) for _ in range(rng.randint(1, 3))]
    return copy.deepcopy(rng.choice(JUNK))


def corrupt(service: dict[str, Any], rng: random.Random, names: list[str]) -> dict[str, Any]:
    """The service with 1–6 random changes: a value replaced (wrong type, bad format, bad
    enum), a field removed (required ones too), a field added (known or unknown)."""
    service = copy.deepcopy(service)
    for _ in range(rng.randint(1, 6)):
        target = rng.choice(list(containers(service)))
        action = rng.random()
        if isinstance(target, list):
            if target and action < 0.7:
                target[rng.randrange(len(target))] = junk(rng, names)
            else:
                target.append(junk(rng, names))
        elif target and action < 0.45:
            target[rng.choice(list(target))] = junk(rng, names)
        elif target and action < 0.65:
            del target[rng.choice(list(target))]
        else:
            target[rng.choice(names) if action < 0.9 else "x_extra"] = junk(rng, names)
    return service


def with_name_ids(service: dict[str, Any]) -> dict[str, Any]:
    """The service with names for ids, as many exports write them (no UUIDs: a format error
    in every object, deep inside too)."""
    service = copy.deepcopy(service)
    for number, item in enumerate(c for c in containers(service) if isinstance(c, dict)):
        if isinstance(item.get("id"), str):
            item["id"] = f"object-{number}"
    return service


@pytest.fixture(scope="module")
def documents() -> list[Any]:
    """Generated services, clean and corrupted, the HSDS fixtures' services and some
    documents that are no service at all."""
    rng = random.Random(SEED)
    generated = generate.Generator(generate.load_places(adapter.GAZETTEER)).services(GENERATED)
    names = sorted(set(property_names("3.0")) | set(property_names("3.1")))
    found: list[Any] = list(generated[:10])
    found += [corrupt(with_name_ids(service), rng, names) for service in generated]
    for path in sorted(HSDS_DATA.glob("*.json")):
        found += load_document(path.read_bytes()).services
    found += [None, 1, "service", [], [{"id": 1}], {}]
    return found


def jsonschema_check(name: str, version: str) -> Any:
    reference = validation.validator(name, version)
    return lambda document: list(reference.iter_errors(document))


def details(error: Any) -> tuple[Any, ...]:
    return (
        error.message,
        error.validator,
        error.validator_value,
        list(error.path),
        list(error.schema_path),
        json.dumps(error.instance, default=str),
        type(error.cause).__name__,
        str(error.cause),
    )


@pytest.mark.parametrize("version", validation.VERSIONS)
def test_compiled_checks_find_the_errors_jsonschema_finds(documents, version):
    differing = []
    seen_keywords: set[str] = set()
    for name in NAMES:
        compiled, reference = validation._check(name, version), jsonschema_check(name, version)
        for number, document in enumerate(documents):
            expected = reference(document)
            found = compiled(document) or []
            seen_keywords.update(error.validator for error in expected)
            if [details(e) for e in found] != [details(e) for e in expected]:
                differing.append((name, number))
            # The same objects, not copies: the import's messages show them with repr.
            assert all(a.instance is b.instance for a, b in zip(found, expected, strict=False))
    assert differing == []
    # The corpus exercises every keyword that can fail.
    assert seen_keywords == {"type", "format", "enum", "required"}


@pytest.mark.parametrize("version", validation.VERSIONS)
def test_warnings_and_error_lists_are_unchanged(documents, version, monkeypatch):
    def outputs() -> dict[str, list[Any]]:
        pages = [{"total_items": "3", "contents": documents[i : i + 4]} for i in range(0, 40, 4)]
        return {
            "warnings": [schema_warning(document, version) for document in documents],
            "errors": [validation.errors(document, "service", version) for document in documents],
            "valid": [validation.is_valid(document, "service", version) for document in documents],
            "pages": [validation.page_errors(page, "service", version) for page in pages],
        }

    compiled = outputs()
    monkeypatch.setattr(validation, "_check", jsonschema_check)
    expected = outputs()
    assert compiled == expected
    # Most corrupted services deviate in more ways than the warning shows; some are valid.
    assert sum("weitere" in (warning or "") for warning in compiled["warnings"]) > GENERATED // 2
    assert any(compiled["valid"])


def test_a_schema_with_other_keywords_is_left_to_jsonschema():
    schema = {"type": "object", "properties": {"a": {"type": "string", "minLength": 2}}}
    with pytest.raises(validation._Unsupported):
        validation._Compiler(Draft202012Validator(schema)).compile(schema, Registry().resolver())


def test_plain_types_are_the_type_checkers():
    checker = Draft202012Validator.TYPE_CHECKER
    values = [*JUNK, Decimal("1.25"), ("tuple",), b"bytes", float("nan"), 10**30]
    for name, plain in validation.PLAIN_TYPES.items():
        for value in values:
            assert isinstance(value, plain) == checker.is_type(value, name), (name, value)
