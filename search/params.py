"""Query parameters, typed once for every search: the API (django-ninja validates its Query
schemas with these types), the finder page and the partner directory (they validate a
QueryDict with the same schemas through `validate_query`).

Every problem is a `ParamError` with a machine-readable code and a German message (the API's
audience is the German site and its apps): the types raise `PydanticCustomError(code,
message)`, and `InvalidSearchParams` collects them into the 400 answer (`code`, `message`,
`field`, `errors`, `suggestions`, for an ambiguous place `candidates`). Numbers are parsed
from ASCII digits only and bounded, so no input ("page=²", a hundred digits, "nan") gets
past validation or raises anything else."""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, TypeVar, get_args, get_origin

from pydantic import BaseModel, BeforeValidator, Field, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from params import CONTROL_CHARACTERS, REQUEST_ERROR_CODES, TEXT_PATTERN, parse_integer

# The codes of every parameter error, as the API documents them.
ERROR_CODES = (
    "invalid_coordinates",
    "unknown_place",
    "ambiguous_place",
    "invalid_radius",
    "radius_too_large",
    "invalid_bbox",
    "too_many_values",
    "invalid_age_group",
    "invalid_boolean",
    "invalid_age",
    "invalid_sort",
    "invalid_page",
    "invalid_page_size",
    "page_size_too_large",
    "page_out_of_range",
    "invalid_zoom",
    "invalid_lang",
    "invalid_parameters",
    *REQUEST_ERROR_CODES,
)
INVALID_PARAMETERS = "Die Anfrage enthält ungültige Parameter."

DEFAULT_RADIUS_KM = 25.0
MAX_RADIUS_KM = 200.0
MAX_Q_CHARS = 300
MAX_PLACE_CHARS = 200
MAX_VALUES = 50
MAX_VALUE_CHARS = 100
COORDINATES_MESSAGE = (
    "Bitte geben Sie gültige Koordinaten an: lat zwischen -90 und 90, lon zwischen -180 und "
    "180 (beide zusammen)."
)
_TRUE = {"true", "1", "yes", "ja", "on"}
_FALSE = {"false", "0", "no", "nein", "off"}
VALUE_PATTERN = f"^[^,{CONTROL_CHARACTERS}]*$"
# Digits an integer may have: beyond every bound, below the cost of converting long digit strings.
MAX_DIGITS = 40
_DECIMAL = re.compile(
    r"[+-]?(?:[0-9]{1,20}(?:\.[0-9]{0,20})?|\.[0-9]{1,20})(?:[eE][+-]?[0-9]{1,3})?"
)


@dataclass(frozen=True)
class Place:
    latitude: float
    longitude: float
    label: str


@dataclass
class ParamError:
    code: str
    field: str
    message: str
    suggestions: list[dict[str, Any]] = field(default_factory=list)
    # ambiguous_place: every place the name may mean, to choose from
    candidates: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"code": self.code, "field": self.field, "message": self.message}
        if self.suggestions:
            data["suggestions"] = self.suggestions
        if self.candidates:
            data["candidates"] = self.candidates
        return data


class InvalidSearchParams(Exception):
    """One or more parameter errors; the first one names the answer's code and message."""

    def __init__(self, errors: list[ParamError]) -> None:
        super().__init__("; ".join(f"{e.field}: {e.code}" for e in errors))
        self.errors = errors

    def as_dict(self) -> dict[str, Any]:
        return {**self.errors[0].as_dict(), "errors": [e.as_dict() for e in self.errors]}

    @classmethod
    def from_pydantic(cls, errors: Iterable[Mapping[str, Any]]) -> InvalidSearchParams:
        """Pydantic's (or django-ninja's) error dicts: ours keep their code and message, any
        other (a type the schema declares natively) becomes `invalid_parameters`."""
        found = []
        for error in errors:
            context = error.get("ctx") or {}
            name = context.get("field") or _field_of(error.get("loc") or ())
            if error.get("type") in ERROR_CODES:
                found.append(ParamError(error["type"], name, error["msg"]))
            else:
                found.append(ParamError("invalid_parameters", name, INVALID_PARAMETERS))
        return cls(found or [ParamError("invalid_parameters", "", INVALID_PARAMETERS)])


def _field_of(loc: Iterable[Any]) -> str:
    # django-ninja prefixes the source ("query"); pydantic's own loc starts at the field.
    names = [str(part) for part in loc if part not in ("query", "body", "path")]
    return names[0] if names else ""


def invalid(code: str, message: str, field_name: str | None = None) -> PydanticCustomError:
    """The error a validator raises; `field_name` for errors of a whole model (pydantic gives
    those no location)."""
    return PydanticCustomError(code, message, {"field": field_name} if field_name else None)


# --- parsing plain text ----------------------------------------------------------------------


def text(value: Any) -> str:
    """A query value as stripped text ("" for nothing)."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        value = value[-1] if value else ""
    return str(value).strip()


def parse_float(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    else:
        raw = text(value)
        if not _DECIMAL.fullmatch(raw):
            return None
        number = float(raw)
    return number if math.isfinite(number) else None


def parse_bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    lowered = text(value).lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    return None


def split_values(value: Any) -> list[str]:
    """Repeated and comma-separated values alike ("a,b" and "a&b" are the same), without blanks."""
    items = value if isinstance(value, list | tuple) else ([] if value is None else [value])
    values: list[str] = []
    for item in items:
        values.extend(part.strip() for part in str(item).split(",") if part.strip())
    return values


def _blank_to_none(value: Any) -> Any:
    return None if text(value) == "" else value


# --- reusable field types --------------------------------------------------------------------


# Field comes before the validator in each Annotated below: its constraints then land on the
# inner type, and the OpenAPI document shows them as minimum/maximum.


def bounded_int(
    *,
    ge: int,
    le: int,
    code: str,
    message: str,
    too_large: tuple[str, str] | None = None,
    description: str = "",
) -> Any:
    """An integer from ASCII digits within [ge, le]; below or unparseable: `code`, above:
    `too_large` (default `code`)."""

    def check(value: Any) -> int:
        number = parse_integer(text(value), max_digits=MAX_DIGITS)
        if number is None or number < ge:
            raise invalid(code, message)
        if number > le:
            raise invalid(*(too_large or (code, message)))
        return number

    return Annotated[int, Field(ge=ge, le=le, description=description), BeforeValidator(check)]


def bounded_float(
    *,
    ge: float | None = None,
    gt: float | None = None,
    le: float,
    code: str,
    message: str,
    too_large: tuple[str, str] | None = None,
    description: str = "",
) -> Any:
    """A finite decimal number within its bounds (`gt` for an open lower bound)."""

    def check(value: Any) -> float:
        number = parse_float(value)
        if number is None or (ge is not None and number < ge) or (gt is not None and number <= gt):
            raise invalid(code, message)
        if number > le:
            raise invalid(*(too_large or (code, message)))
        return number

    return Annotated[
        float, Field(ge=ge, gt=gt, le=le, description=description), BeforeValidator(check)
    ]


def optional(kind: Any) -> Any:
    """The type, or None for an absent or blank parameter."""
    return Annotated[kind | None, BeforeValidator(_blank_to_none)]


def clipped_text(max_chars: int, description: str = "") -> Any:
    """Text cut at max_chars: a pasted paragraph should still find something, not fail."""
    return Annotated[
        str,
        # The pattern documents what the site refuses before any view (params.middleware).
        Field(max_length=max_chars, pattern=TEXT_PATTERN, description=description),
        BeforeValidator(lambda value: text(value)[:max_chars]),
    ]


def value_list(
    name: str,
    *,
    allowed: Iterable[str] | None = None,
    invalid_value: tuple[str, str] | None = None,
    max_values: int = MAX_VALUES,
    max_chars: int = MAX_VALUE_CHARS,
    description: str = "",
) -> Any:
    """Repeated or comma-separated values, each once, at most `max_values` of at most
    `max_chars` characters (too_many_values); with `allowed`, any other value is
    `invalid_value`."""
    permitted = None if allowed is None else tuple(allowed)

    def check(value: Any) -> list[str]:
        values = split_values(value)
        if len(values) > max_values or any(len(v) > max_chars for v in values):
            raise invalid(
                "too_many_values",
                f"Zu viele oder zu lange Werte für „{name}“ (höchstens {max_values}).",
            )
        if permitted is not None and invalid_value and any(v not in permitted for v in values):
            raise invalid(*invalid_value)
        return list(dict.fromkeys(values))

    # A comma separates values, so no value has one.
    item: Any = (
        Literal[permitted]  # type: ignore[valid-type]
        if permitted
        else Annotated[str, Field(max_length=max_chars, pattern=VALUE_PATTERN)]
    )
    return Annotated[
        list[item],
        Field(max_length=max_values, description=description),
        BeforeValidator(check),
    ]


def boolean_list(name: str, description: str = "") -> Any:
    """Repeated or comma-separated booleans as the facet values "true"/"false"."""

    def check(value: Any) -> list[str]:
        values = split_values(value)
        parsed = [parse_bool(v) for v in values[: MAX_VALUES + 1]]
        if len(values) > MAX_VALUES or any(p is None for p in parsed):
            raise invalid("invalid_boolean", f"„{name}“ muss „true“ oder „false“ sein.")
        return list(dict.fromkeys("true" if p else "false" for p in parsed))

    return Annotated[
        list[Literal["true", "false"]],
        Field(max_length=2, description=description),
        BeforeValidator(check),
    ]


def boolean(name: str, description: str = "") -> Any:
    def check(value: Any) -> bool:
        parsed = parse_bool(value)
        if parsed is None:
            raise invalid("invalid_boolean", f"„{name}“ muss „true“ oder „false“ sein.")
        return parsed

    return Annotated[bool, Field(description=description), BeforeValidator(check)]


def choice(
    choices: tuple[str, ...], code: str, message: str, description: str = "", blank: str = ""
) -> Any:
    """One of `choices`; a blank value is `blank` when given."""

    def check(value: Any) -> str:
        chosen = text(value) or blank
        if chosen not in choices:
            raise invalid(code, message)
        return chosen

    return Annotated[
        Literal[choices],  # type: ignore[valid-type]
        Field(description=description),
        BeforeValidator(check),
    ]


Latitude = bounded_float(
    ge=-90, le=90, code="invalid_coordinates", message=COORDINATES_MESSAGE,
    description="Breite (WGS84), nur zusammen mit lon",
)  # fmt: skip
Longitude = bounded_float(
    ge=-180, le=180, code="invalid_coordinates", message=COORDINATES_MESSAGE,
    description="Länge (WGS84), nur zusammen mit lat",
)  # fmt: skip
RadiusKm = bounded_float(
    gt=0,
    le=MAX_RADIUS_KM,
    code="invalid_radius",
    message="Der Umkreis muss eine positive Zahl (Kilometer) sein.",
    too_large=(
        "radius_too_large",
        f"Der Umkreis darf höchstens {MAX_RADIUS_KM:.0f} km betragen.",
    ),
    description="Umkreis in Kilometern um den Ort (near oder lat/lon)",
)
Text = clipped_text(MAX_Q_CHARS, "Suchwörter (längere Eingaben werden gekürzt)")
PlaceText = optional(
    clipped_text(MAX_PLACE_CHARS, "Ort: Postleitzahl, Ortsname oder „Breite,Länge“")
)


class NearQuery(BaseModel):
    """A place: `near` (postcode, place name, "lat,lon") or `lat` and `lon` together."""

    near: PlaceText = None
    lat: optional(Latitude) = None
    lon: optional(Longitude) = None

    @model_validator(mode="after")
    def _coordinates_together(self) -> NearQuery:
        if (self.lat is None) != (self.lon is None):
            raise invalid(
                "invalid_coordinates", COORDINATES_MESSAGE, "lat" if self.lat is None else "lon"
            )
        return self


class LocatedQuery(NearQuery):
    """What every search with a place takes: the place and a radius."""

    radius_km: optional(RadiusKm) = None

    def radius(self) -> float:
        return DEFAULT_RADIUS_KM if self.radius_km is None else self.radius_km


# --- places ----------------------------------------------------------------------------------


def place_suggestions(text_: str, limit: int = 5) -> list[dict[str, Any]]:
    from offers_directory.geocoding import suggest_places

    words = text_.split()
    found = suggest_places(text_, limit) or (suggest_places(words[0], limit) if words else [])
    return [
        {
            "label": place.label,
            "latitude": place.latitude,
            "longitude": place.longitude,
            "postal_code": place.postal_code,
            "city": place.city,
        }
        for place in found
    ]


def preferred_place(query: NearQuery) -> Place | None:
    """The place suggestions should prefer, or None: an unknown or ambiguous place only
    loses the preference (suggestions help while typing, they never answer 400 for it)."""
    try:
        return resolve_place(query)
    except InvalidSearchParams:
        return None


def resolve_place(query: NearQuery) -> Place | None:
    """The place a validated query names (coordinates win over `near`); an unknown place
    raises InvalidSearchParams (unknown_place, with suggestions), a name of several places
    none of which is clearly meant ("Neustadt") raises ambiguous_place with the candidates:
    a search never runs silently around one of them."""
    if query.lat is not None and query.lon is not None:
        return Place(query.lat, query.lon, f"{query.lat:.5f}, {query.lon:.5f}")
    if not query.near:
        return None
    return _resolve_near(query.near)


@functools.lru_cache(maxsize=2048)
def _resolve_near(near: str) -> Place:
    # The gazetteer is read-only data: the same text always names the same place, and the
    # finder's requests repeat a few postcodes endlessly.
    from offers_directory.geocoding import GeocodingError, ambiguous_place
    from offers_directory.geocoding import resolve_place as gazetteer_place

    try:
        candidates = ambiguous_place(near)
        found = None if candidates else gazetteer_place(near)
    except GeocodingError:
        raise InvalidSearchParams(
            [
                ParamError(
                    "invalid_coordinates",
                    "near",
                    "Die Koordinaten liegen außerhalb des gültigen Bereichs (Breite -90 bis "
                    "90, Länge -180 bis 180).",
                )
            ]
        ) from None
    if candidates:
        raise InvalidSearchParams(
            [
                ParamError(
                    "ambiguous_place",
                    "near",
                    f"Es gibt mehrere Orte namens „{near.strip()}“. Bitte wählen Sie einen aus "
                    "oder geben Sie die Postleitzahl ein.",
                    candidates=[
                        {
                            "name": candidate.name,
                            "county": candidate.county or None,
                            "postal_code": candidate.postal_code,
                            "near": candidate.near,
                            "latitude": candidate.latitude,
                            "longitude": candidate.longitude,
                        }
                        for candidate in candidates
                    ],
                )
            ]
        )
    if found is None:
        raise InvalidSearchParams(
            [
                ParamError(
                    "unknown_place",
                    "near",
                    f"Den Ort „{near}“ kennen wir nicht. Bitte geben Sie eine Postleitzahl "
                    "oder einen Ortsnamen ein.",
                    suggestions=place_suggestions(near),
                )
            ]
        )
    return Place(found.latitude, found.longitude, found.label)


# --- validating a QueryDict with a schema ----------------------------------------------------

M = TypeVar("M", bound=BaseModel)


@functools.cache
def _list_fields(schema: type[BaseModel]) -> frozenset[str]:
    names = set()
    for name, info in schema.model_fields.items():
        annotation = info.annotation
        kinds = [annotation, *get_args(annotation)]
        if any(get_origin(kind) is list or kind is list for kind in kinds):
            names.add(info.alias or name)
    return frozenset(names)


def query_input(schema: type[BaseModel], data: Any) -> dict[str, Any]:
    """What django-ninja hands a Query schema for this QueryDict (or dict): list fields get
    every value, the others the last one; unknown names are left out."""
    fields = _list_fields(schema)
    result: dict[str, Any] = {}
    names = {info.alias or name for name, info in schema.model_fields.items()}
    for key in data:
        if key not in names:
            continue
        if key in fields:
            result[key] = data.getlist(key) if hasattr(data, "getlist") else data[key]
        else:
            value = data[key]
            result[key] = value[-1] if isinstance(value, list | tuple) and value else value
    return result


def validate_query(schema: type[M], data: Any) -> M:
    """The schema's instance for a QueryDict, or InvalidSearchParams."""
    try:
        return schema.model_validate(query_input(schema, data))
    except ValidationError as error:
        raise InvalidSearchParams.from_pydantic(error.errors(include_url=False)) from None


__all__ = [
    "ERROR_CODES",
    "InvalidSearchParams",
    "LocatedQuery",
    "ParamError",
    "NearQuery",
    "Place",
    "preferred_place",
    "bounded_float",
    "bounded_int",
    "resolve_place",
    "validate_query",
    "value_list",
]
