"""Typed query parameters for the site's own views: the HSDS API, the Merkliste, the page
numbers of listings. (The offer and partner search under /api/v1/ declare theirs as pydantic
schemas in search/params.py, on this module's `parse_integer` and `TEXT_PATTERN`; params/
knows nothing of search/.)

A view declares its parameters once (`Integer`, `Boolean`, `DateTime`, `Text`, `IdList`) and
reads them with `read()`; the HSDS API's OpenAPI document is written from the same
declarations. Anything a declaration does not accept raises `InvalidParameter`, a
`django.core.exceptions.BadRequest`: `params.middleware.InvalidInputMiddleware` answers it
with HTTP 400, a German message and a machine-readable `code` (JSON under /api/, a page
otherwise), so no input reaches the database or Python's conversions unchecked.

Numbers are ASCII digits only: `str.isdigit()` and `int()` accept "²" or "٣", and `int()` of
a long digit string costs time before it fails."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from django.core.exceptions import BadRequest
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.translation import gettext

# Characters no legitimate parameter has and PostgreSQL cannot compare or store (NUL), or that
# only make sense in binary data.
CONTROL_CHARACTERS = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f"
_CONTROL = re.compile(f"[{CONTROL_CHARACTERS}]")
# The same as a JSON schema pattern, for the OpenAPI documents.
TEXT_PATTERN = f"^[^{CONTROL_CHARACTERS}]*$"
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
MAX_TEXT_CHARS = 200
# Digits of a database id: below the bigint limit (and SQLite's, which raises OverflowError).
ID_DIGITS = 18
# The codes of what is refused before any view reads its parameters (middleware.py,
# views.bad_request): every API documents them beside its own.
REQUEST_ERROR_CODES = ("invalid_characters", "bad_request")


class InvalidParameter(BadRequest):
    """A query parameter the view cannot use; answered with HTTP 400."""

    def __init__(self, code: str, field: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.field = field
        self.message = message

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "field": self.field, "message": self.message}


class QueryValues(Protocol):
    def getlist(self, key: str) -> list[str]: ...


def has_control_characters(value: str) -> bool:
    return bool(_CONTROL.search(value))


def _last(query: QueryValues, name: str) -> str | None:
    """The parameter's value (the last one when it is repeated), stripped; None when absent
    or blank."""
    values = query.getlist(name)
    value = values[-1].strip() if values else ""
    return value or None


def parse_integer(raw: str, *, max_digits: int = ID_DIGITS) -> int | None:
    """ASCII digits with an optional sign, surrounding blanks ignored → int; None for anything
    else ("²", "1e3", "True", more than `max_digits` digits). The one integer parser of the
    site's query parameters: search/ reads its numbers with it too."""
    raw = raw.strip()
    if not re.fullmatch(rf"[+-]?[0-9]{{1,{max_digits}}}", raw):
        return None
    return int(raw)


@dataclass(frozen=True)
class Integer:
    name: str
    default: int
    minimum: int
    maximum: int

    def read(self, query: QueryValues) -> int:
        raw = _last(query, self.name)
        if raw is None:
            return self.default
        value = parse_integer(raw, max_digits=len(str(self.maximum)) + 1)
        if value is None or not self.minimum <= value <= self.maximum:
            raise InvalidParameter(
                "invalid_integer",
                self.name,
                gettext("“%(name)s” must be a whole number between %(minimum)s and %(maximum)s.")
                % {"name": self.name, "minimum": self.minimum, "maximum": self.maximum},
            )
        return value

    def schema(self) -> dict[str, Any]:
        return {
            "type": "integer",
            "minimum": self.minimum,
            "maximum": self.maximum,
            "default": self.default,
        }


@dataclass(frozen=True)
class Boolean:
    name: str
    TRUE = frozenset({"true", "1", "yes"})
    FALSE = frozenset({"false", "0", "no"})

    def read(self, query: QueryValues) -> bool:
        raw = (_last(query, self.name) or "false").lower()
        if raw in self.TRUE:
            return True
        if raw in self.FALSE:
            return False
        raise InvalidParameter(
            "invalid_boolean",
            self.name,
            gettext("“%(name)s” must be true or false.") % {"name": self.name},
        )

    def schema(self) -> dict[str, Any]:
        return {"type": "boolean", "default": False}


@dataclass(frozen=True)
class DateTime:
    """An ISO 8601 date or date-time; a time without a zone is UTC. Impossible dates
    (2024-02-30) and times (25:00) are refused, not passed on."""

    name: str

    def read(self, query: QueryValues) -> datetime.datetime | None:
        raw = _last(query, self.name)
        if raw is None:
            return None
        # A "+" in an unencoded query string arrives as a space.
        value = _parse_datetime(raw.replace(" ", "+")) if len(raw) <= 40 else None
        if value is None:
            raise InvalidParameter(
                "invalid_datetime",
                self.name,
                gettext(
                    "“%(name)s” must be a date (YYYY-MM-DD) or a date and time "
                    "(YYYY-MM-DDThh:mm:ss, optionally with a time zone)."
                )
                % {"name": self.name},
            )
        return value

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "format": "date-time"}


def _parse_datetime(raw: str) -> datetime.datetime | None:
    if not raw.isascii() or not _DATE.match(raw):
        return None
    try:
        if len(raw) == 10:
            value = datetime.datetime.combine(datetime.date.fromisoformat(raw), datetime.time())
        else:
            value = datetime.datetime.fromisoformat(raw.replace("z", "Z"))
    except ValueError:
        return None
    if timezone.is_naive(value):
        return timezone.make_aware(value, datetime.UTC)
    try:
        # PostgreSQL takes offsets up to ±15:59 only; Python up to ±23:59.
        return value.astimezone(datetime.UTC)
    except OverflowError:  # e.g. 0001-01-01T00:00-01:00, before the first representable time
        return None


@dataclass(frozen=True)
class Text:
    """Free text (a search word, an identifier): at most `max_length` characters."""

    name: str
    max_length: int = MAX_TEXT_CHARS

    def read(self, query: QueryValues) -> str:
        raw = _last(query, self.name) or ""
        if len(raw) > self.max_length:
            raise InvalidParameter(
                "text_too_long",
                self.name,
                gettext("“%(name)s” may have at most %(count)s characters.")
                % {"name": self.name, "count": self.max_length},
            )
        return raw

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "maxLength": self.max_length, "pattern": TEXT_PATTERN}


@dataclass(frozen=True)
class IdList:
    """Database ids, comma-separated or repeated ("1,2" or "ids=1&ids=2"), in their order,
    each once; blanks are skipped."""

    name: str
    max_count: int
    max_digits: int = ID_DIGITS

    def read(self, query: QueryValues) -> list[int]:
        parts = [
            part.strip()
            for value in query.getlist(self.name)
            for part in value.replace(" ", ",").split(",")
        ]
        ids: list[int] = []
        for part in filter(None, parts):
            value = parse_integer(part, max_digits=self.max_digits)
            if value is None or value < 1:
                raise InvalidParameter(
                    "invalid_id",
                    self.name,
                    gettext("“%(name)s” must be a list of numbers separated by commas.")
                    % {"name": self.name},
                )
            if value not in ids:
                ids.append(value)
        if len(ids) > self.max_count:
            raise InvalidParameter(
                "too_many_ids",
                self.name,
                gettext("“%(name)s” may list at most %(count)s entries.")
                % {"name": self.name, "count": self.max_count},
            )
        return ids

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": r"^[0-9, ]*$"}


class Param(Protocol):
    name: str

    def read(self, query: QueryValues) -> Any: ...

    def schema(self) -> dict[str, Any]: ...


def read(query: QueryValues, declared: Iterable[Param]) -> dict[str, Any]:
    """Every declared parameter's value, by name; the first bad one raises InvalidParameter."""
    return {param.name: param.read(query) for param in declared}


def openapi_parameters(declared: Iterable[Param]) -> list[dict[str, Any]]:
    """The declarations as OpenAPI 3 query parameters."""
    return [
        {"name": param.name, "in": "query", "required": False, "schema": param.schema()}
        for param in declared
    ]


class IdConverter:
    """A database id in a URL path (`<id:page_id>`): a longer number matches no URL (404)
    instead of reaching the database."""

    regex = f"[0-9]{{1,{ID_DIGITS}}}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


# The page number of a listing.
PAGE = Integer("page", default=1, minimum=1, maximum=100_000)


def paginate(query: QueryValues, items: Any, per_page: int) -> PaginatorPage:
    """The listing's page the query asks for. A listing ignores a filter value that does not
    apply, and so a page number that is none: it shows the first page (past the end: the
    last), where an API answers 400."""
    try:
        number = PAGE.read(query)
    except InvalidParameter:
        number = 1
    return Paginator(items, per_page).get_page(number)
