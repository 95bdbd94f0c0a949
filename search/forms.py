"""Validation of the offer search's query parameters, once for the API and the HTML pages.

Every problem becomes a ParamError with a machine-readable code and a German message (the
API's audience is the German site and its apps); the API answers them with HTTP 400."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .documents import AGE_GROUP_LABELS
from .queries import (
    DEFAULT_RADIUS_KM,
    MAX_PAGE_SIZE,
    MAX_RADIUS_KM,
    MAX_RESULT_WINDOW,
    Place,
    SearchParams,
)

MAX_Q_CHARS = 300
MAX_VALUES = 50
MAX_VALUE_CHARS = 100
DEFAULT_PAGE_SIZE = 20
_TRUE = {"true", "1", "yes", "ja", "on"}
_FALSE = {"false", "0", "no", "nein", "off"}


@dataclass
class ParamError:
    code: str
    field: str
    message: str
    suggestions: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"code": self.code, "field": self.field, "message": self.message}
        if self.suggestions:
            data["suggestions"] = self.suggestions
        return data


class InvalidSearchParams(Exception):
    def __init__(self, errors: list[ParamError]) -> None:
        super().__init__("; ".join(f"{e.field}: {e.code}" for e in errors))
        self.errors = errors

    def as_dict(self) -> dict[str, Any]:
        first = self.errors[0]
        data: dict[str, Any] = {
            "code": first.code,
            "message": first.message,
            "field": first.field,
            "errors": [e.as_dict() for e in self.errors],
        }
        if first.suggestions:
            data["suggestions"] = first.suggestions
        return data


def _get_list(data: Any, name: str) -> list[str]:
    if hasattr(data, "getlist"):
        raw = data.getlist(name)
    else:
        value = data.get(name) if isinstance(data, Mapping) else None
        raw = value if isinstance(value, list | tuple) else ([] if value is None else [value])
    values: list[str] = []
    for item in raw:
        values.extend(part.strip() for part in str(item).split(",") if part.strip())
    return values


def _get(data: Any, name: str) -> str | None:
    values = _get_list(data, name) if name not in ("q", "near", "bbox") else None
    if values is not None:
        return values[-1] if values else None
    value = data.get(name) if hasattr(data, "get") else None
    if value is None:
        return None
    value = str(value).strip()
    return value or None


def _float(value: str) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _int(value: str) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _bool(value: str) -> bool | None:
    lowered = value.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    return None


def place_suggestions(text: str, limit: int = 5) -> list[dict[str, Any]]:
    from offers_directory.geocoding import suggest_places

    words = text.split()
    found = suggest_places(text, limit) or (suggest_places(words[0], limit) if words else [])
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


def parse_search_params(data: Any, *, for_map: bool = False) -> SearchParams:
    """QueryDict (or a dict of lists) → SearchParams, or InvalidSearchParams."""
    errors: list[ParamError] = []
    params = SearchParams()

    q = _get(data, "q") or ""
    # Long input is cut, not refused: a pasted paragraph should still find something.
    params.q = q[:MAX_Q_CHARS]

    lat_raw, lon_raw = _get(data, "lat"), _get(data, "lon")
    near = _get(data, "near")
    if lat_raw is not None or lon_raw is not None:
        lat = _float(lat_raw) if lat_raw is not None else None
        lon = _float(lon_raw) if lon_raw is not None else None
        if lat is None or lon is None or not -90 <= lat <= 90 or not -180 <= lon <= 180:
            errors.append(
                ParamError(
                    "invalid_coordinates",
                    "lat" if lat is None or not -90 <= (lat or 0) <= 90 else "lon",
                    "Bitte geben Sie gültige Koordinaten an: lat zwischen -90 und 90, lon "
                    "zwischen -180 und 180 (beide zusammen).",
                )
            )
        else:
            params.place = Place(lat, lon, f"{lat:.5f}, {lon:.5f}")
    elif near:
        near = near[:200]
        from offers_directory.geocoding import GeocodingError, resolve_place

        try:
            found = resolve_place(near)
        except GeocodingError:
            errors.append(
                ParamError(
                    "invalid_coordinates",
                    "near",
                    "Die Koordinaten liegen außerhalb des gültigen Bereichs (Breite -90 bis "
                    "90, Länge -180 bis 180).",
                )
            )
        else:
            if found is None:
                errors.append(
                    ParamError(
                        "unknown_place",
                        "near",
                        f"Den Ort „{near}“ kennen wir nicht. Bitte geben Sie eine "
                        "Postleitzahl oder einen Ortsnamen ein.",
                        suggestions=place_suggestions(near),
                    )
                )
            else:
                params.place = Place(found.latitude, found.longitude, found.label)

    radius_raw = _get(data, "radius_km")
    if radius_raw is not None:
        radius = _float(radius_raw)
        if radius is None or radius <= 0:
            errors.append(
                ParamError(
                    "invalid_radius",
                    "radius_km",
                    "Der Umkreis muss eine positive Zahl (Kilometer) sein.",
                )
            )
        elif radius > MAX_RADIUS_KM:
            errors.append(
                ParamError(
                    "radius_too_large",
                    "radius_km",
                    f"Der Umkreis darf höchstens {MAX_RADIUS_KM:.0f} km betragen.",
                )
            )
        else:
            params.radius_km = radius
    else:
        params.radius_km = DEFAULT_RADIUS_KM

    bbox_raw = _get(data, "bbox")
    if bbox_raw is not None:
        parts = [_float(p) for p in bbox_raw.split(",")]
        valid = len(parts) == 4 and all(p is not None for p in parts)
        if valid:
            west, south, east, north = parts  # type: ignore[misc]
            valid = (
                -180 <= west < east <= 180 and -90 <= south < north <= 90  # type: ignore[operator]
            )
        if not valid:
            errors.append(
                ParamError(
                    "invalid_bbox",
                    "bbox",
                    "Der Kartenausschnitt (bbox) muss aus vier Zahlen bestehen: West, Süd, "
                    "Ost, Nord (Länge -180 bis 180, Breite -90 bis 90, West < Ost, Süd < Nord).",
                )
            )
        else:
            params.bbox = tuple(parts)  # type: ignore[assignment]

    for name in ("category", "language", "region", "provider"):
        values = _get_list(data, name)
        if len(values) > MAX_VALUES or any(len(v) > MAX_VALUE_CHARS for v in values):
            errors.append(
                ParamError(
                    "too_many_values",
                    name,
                    f"Zu viele oder zu lange Werte für „{name}“ (höchstens {MAX_VALUES}).",
                )
            )
            continue
        setattr(params, name, list(dict.fromkeys(values)))

    age_groups = _get_list(data, "age_group")
    unknown = [v for v in age_groups if v not in AGE_GROUP_LABELS]
    if unknown:
        errors.append(
            ParamError(
                "invalid_age_group",
                "age_group",
                "Unbekannte Altersgruppe. Erlaubt sind: " + ", ".join(AGE_GROUP_LABELS) + ".",
            )
        )
    else:
        params.age_group = list(dict.fromkeys(age_groups))

    for name in ("free", "accessible"):
        values = _get_list(data, name)
        parsed = [_bool(v) for v in values]
        if any(p is None for p in parsed):
            errors.append(
                ParamError("invalid_boolean", name, f"„{name}“ muss „true“ oder „false“ sein.")
            )
        else:
            setattr(params, name, list(dict.fromkeys("true" if p else "false" for p in parsed)))

    pregnant = _get(data, "pregnant")
    if pregnant is not None:
        value = _bool(pregnant)
        if value is None:
            errors.append(
                ParamError(
                    "invalid_boolean", "pregnant", "„pregnant“ muss „true“ oder „false“ sein."
                )
            )
        else:
            params.pregnant = value if value else None

    age = _get(data, "age_months")
    if age is not None:
        months = _int(age)
        if months is None or not 0 <= months <= 1200:
            errors.append(
                ParamError(
                    "invalid_age",
                    "age_months",
                    "Das Alter des Kindes muss eine ganze Zahl von Monaten zwischen 0 und "
                    "1200 sein.",
                )
            )
        else:
            params.age_months = months

    sort = _get(data, "sort") or "relevance"
    if sort not in ("relevance", "distance"):
        errors.append(
            ParamError("invalid_sort", "sort", "Sortierung muss „relevance“ oder „distance“ sein.")
        )
    else:
        params.sort = sort

    page_raw, size_raw = _get(data, "page"), _get(data, "page_size")
    page = _int(page_raw) if page_raw is not None else 1
    size = _int(size_raw) if size_raw is not None else DEFAULT_PAGE_SIZE
    if page is None or page < 1:
        errors.append(
            ParamError("invalid_page", "page", "Die Seite muss eine ganze Zahl ab 1 sein.")
        )
    if size is None or size < 1:
        errors.append(
            ParamError(
                "invalid_page_size",
                "page_size",
                "Die Seitengröße muss eine ganze Zahl ab 1 sein.",
            )
        )
    elif size > MAX_PAGE_SIZE:
        errors.append(
            ParamError(
                "page_size_too_large",
                "page_size",
                f"Es können höchstens {MAX_PAGE_SIZE} Ergebnisse pro Seite abgerufen werden.",
            )
        )
    if page is not None and page >= 1 and size is not None and 1 <= size <= MAX_PAGE_SIZE:
        if page * size > MAX_RESULT_WINDOW:
            errors.append(
                ParamError(
                    "page_out_of_range",
                    "page",
                    f"Es können nur die ersten {MAX_RESULT_WINDOW:,} Ergebnisse abgerufen "
                    "werden. Bitte grenzen Sie die Suche weiter ein.".replace(",", "."),
                )
            )
        params.page, params.page_size = page, size

    zoom_raw = _get(data, "zoom")
    if zoom_raw is not None:
        zoom = _int(zoom_raw)
        if zoom is None or not 0 <= zoom <= 29:
            errors.append(
                ParamError("invalid_zoom", "zoom", "Die Zoomstufe muss zwischen 0 und 29 liegen.")
            )
        else:
            params.zoom = zoom

    if errors:
        raise InvalidSearchParams(errors)
    return params
