"""JSON answers of the search API, encoded once, as they are (the views build plain dicts)."""

from __future__ import annotations

from typing import Any

from django.http import JsonResponse


def json_response(data: Any, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
