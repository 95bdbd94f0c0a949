"""Validation against our adaptation of the official HSDS JSON schemas (draft 2020-12, offline;
schema/README.md says where they come from). One set per version: what we produce is checked
against HSDS_VERSION, an imported document against the version it was written in.

The schemas use seven keywords (`type`, `format`, `enum`, `items`, `$ref`, `properties`,
`required`). `iter_errors` evaluates them with checks compiled once per schema, which yield
the errors jsonschema's Draft202012Validator yields — same message, path, schema path,
keyword, instance, in the same order — several times faster: an import checks every
service. A schema using any other keyword (or a boolean subschema, a non-text enum) is
validated by jsonschema itself."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jsonschema import Draft202012Validator, ValidationError
from jsonschema.exceptions import FormatError, UndefinedTypeCheck
from referencing import Registry, Resource
from referencing.exceptions import Unresolvable
from referencing.jsonschema import DRAFT202012

from . import HSDS_VERSION

if TYPE_CHECKING:
    from referencing._core import Resolver

SCHEMA_DIR = Path(__file__).resolve().parent / "schema"
VERSIONS = ("3.0", "3.1")
# The JSON types whose draft 2020-12 check is an isinstance test (jsonschema's _types.py);
# the others ("number" excludes booleans, …) go through the validator's type checker.
PLAIN_TYPES = {"string": str, "array": list, "object": dict}

# The errors a schema finds in an instance, with paths relative to it; None when there are none.
Check = Callable[[Any], list[ValidationError] | None]


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
        _check(name, version)(document) or (),
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


@cache
def _check(name: str, version: str) -> Check:
    """The compiled checks of one object type's schema, or jsonschema's when it cannot be."""
    reference = validator(name, version)
    root = _registry(version).resolver_with_root(DRAFT202012.create_resource(reference.schema))
    try:
        return _Compiler(reference).compile(reference.schema, root)
    except (_Unsupported, Unresolvable, UndefinedTypeCheck):
        return lambda document: list(reference.iter_errors(document))


class _Unsupported(Exception):
    """The schema uses something the compiled checks do not evaluate."""


class _Compiler:
    def __init__(self, reference: Draft202012Validator) -> None:
        if reference.TYPE_CHECKER is not Draft202012Validator.TYPE_CHECKER:
            raise _Unsupported("own type checker")  # PLAIN_TYPES holds for the default one
        self.is_type = reference.TYPE_CHECKER.is_type
        self.type_checker = reference.TYPE_CHECKER
        self.format_checker = reference.format_checker
        self.keywords = reference.VALIDATORS
        # Per schema object (by identity, so a $ref cycle compiles once): its check.
        self.compiled: dict[int, Check] = {}

    def compile(self, schema: Any, resolver: Resolver[Any]) -> Check:
        if not isinstance(schema, dict):
            raise _Unsupported("boolean schema")
        known = self.compiled.get(id(schema))
        if known is not None:
            return known
        # A $ref back to a schema still being compiled calls it once it is done.
        later: list[Check] = []
        self.compiled[id(schema)] = lambda instance: later[0](instance)
        checks = [
            self._keyword(keyword, value, schema, resolver)
            for keyword, value in schema.items()
            if keyword in self.keywords
        ]

        if len(checks) == 1:
            check = checks[0]
        else:

            def check(instance: Any) -> list[ValidationError] | None:
                found = None
                for keyword_check in checks:
                    errors = keyword_check(instance)
                    if errors:
                        found = errors if found is None else found + errors
                return found

        later.append(check)
        self.compiled[id(schema)] = check
        return check

    def _error(
        self, message: str, keyword: str, value: Any, instance: Any, schema: Any, cause: Any = None
    ) -> ValidationError:
        return ValidationError(
            message,
            validator=keyword,
            validator_value=value,
            instance=instance,
            schema=schema,
            schema_path=(keyword,),
            cause=cause,
            type_checker=self.type_checker,
        )

    def _keyword(self, keyword: str, value: Any, schema: Any, resolver: Resolver[Any]) -> Check:
        if keyword == "type":
            return self._type(value, schema)
        if keyword == "format":
            return self._format(value, schema)
        if keyword == "enum":
            return self._enum(value, schema)
        if keyword == "required":
            return self._required(value, schema)
        if keyword == "properties":
            return self._properties(value, resolver)
        if keyword == "items" and "prefixItems" not in schema:
            return self._items(value, resolver)
        if keyword == "$ref":
            resolved = resolver.lookup(value)
            return self.compile(resolved.contents, resolved.resolver)
        raise _Unsupported(keyword)

    def _type(self, value: Any, schema: Any) -> Check:
        types = [value] if isinstance(value, str) else list(value)
        for name in types:
            self.is_type(None, name)  # an unknown type raises here, not per instance
        is_type, reprs = self.is_type, ", ".join(repr(name) for name in types)
        if len(types) == 1 and types[0] in PLAIN_TYPES:
            plain = PLAIN_TYPES[types[0]]

            def check(instance: Any) -> list[ValidationError] | None:
                if isinstance(instance, plain):
                    return None
                return [
                    self._error(
                        f"{instance!r} is not of type {reprs}", "type", value, instance, schema
                    )
                ]

            return check

        def check(instance: Any) -> list[ValidationError] | None:
            if any(is_type(instance, name) for name in types):
                return None
            return [
                self._error(f"{instance!r} is not of type {reprs}", "type", value, instance, schema)
            ]

        return check

    def _format(self, value: Any, schema: Any) -> Check:
        checker = self.format_checker
        if checker is None:
            return lambda instance: None

        def check(instance: Any) -> list[ValidationError] | None:
            try:
                checker.check(instance, value)
            except FormatError as error:
                return [self._error(error.message, "format", value, instance, schema, error.cause)]
            return None

        return check

    def _enum(self, value: Any, schema: Any) -> Check:
        # jsonschema compares a text to a text with ==; other values need its own equality.
        if not all(type(option) is str for option in value):
            raise _Unsupported("enum of non-texts")
        options = frozenset(value)

        def check(instance: Any) -> list[ValidationError] | None:
            if isinstance(instance, str) and instance in options:
                return None
            return [
                self._error(
                    f"{instance!r} is not one of {value!r}", "enum", value, instance, schema
                )
            ]

        return check

    def _required(self, value: Any, schema: Any) -> Check:
        def check(instance: Any) -> list[ValidationError] | None:
            if not isinstance(instance, dict):
                return None
            missing = [name for name in value if name not in instance]
            if not missing:
                return None
            return [
                self._error(f"{name!r} is a required property", "required", value, instance, schema)
                for name in missing
            ]

        return check

    def _properties(self, value: Any, resolver: Resolver[Any]) -> Check:
        # (position in the schema, check) per property: errors come in the schema's order.
        children = {
            name: (
                position,
                self.compile(sub, resolver.in_subresource(DRAFT202012.create_resource(sub))),
            )
            for position, (name, sub) in enumerate(value.items())
        }

        def check(instance: Any) -> list[ValidationError] | None:
            if not isinstance(instance, dict):
                return None
            found: list[tuple[int, list[ValidationError]]] = []
            for name, child in instance.items():
                known = children.get(name)
                if known is None:
                    continue
                errors = known[1](child)
                if errors:
                    for error in errors:
                        error.path.appendleft(name)
                        error.schema_path.appendleft(name)
                        error.schema_path.appendleft("properties")
                    found.append((known[0], errors))
            if not found:
                return None
            found.sort(key=lambda item: item[0])
            return [error for _position, errors in found for error in errors]

        return check

    def _items(self, value: Any, resolver: Resolver[Any]) -> Check:
        child = self.compile(value, resolver.in_subresource(DRAFT202012.create_resource(value)))

        def check(instance: Any) -> list[ValidationError] | None:
            if not isinstance(instance, list):
                return None
            found = None
            for index, item in enumerate(instance):
                errors = child(item)
                if errors:
                    for error in errors:
                        error.path.appendleft(index)
                        error.schema_path.appendleft("items")
                    found = errors if found is None else found + errors
            return found

        return check
