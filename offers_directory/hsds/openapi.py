"""/api/hsds/openapi.json: this API as it is (OpenAPI 3.1), written from the parameter
declarations the views read with (api.LIST_PARAMS), so the document cannot drift from the
code. The root's `openapi_url` still names the HSDS release's own document, the interface
this API implements."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from params import TEXT_PATTERN, openapi_parameters

from . import HSDS_VERSION
from .api import LIST_PARAMS, MAX_ID_CHARS

SCHEMA_DIR = Path(__file__).resolve().parent / "schema" / HSDS_VERSION
# The list endpoints, their detail endpoints' path parameter, and what a list holds.
ENDPOINTS = {
    "services": ("service_id", "service"),
    "organizations": ("organization_id", "organization"),
    "service_at_locations": ("sal_id", "service_at_location"),
    "taxonomies": ("taxonomy_id", "taxonomy"),
    "taxonomy_terms": ("term_id", "taxonomy_term"),
}
JSON = "application/json"


def _page_schema() -> dict[str, Any]:
    page = json.loads((SCHEMA_DIR / "page.json").read_text("utf-8"))
    return {key: page[key] for key in ("type", "properties", "required")}


ERROR_SCHEMA = {
    "type": "object",
    "required": ["code", "message", "field"],
    "properties": {
        "code": {"type": "string"},
        "message": {"type": "string", "description": "auf Deutsch"},
        "field": {"type": "string", "description": "der Parameter, den der Fehler betrifft"},
        "errors": {
            "type": "array",
            "description": "derselbe Fehler als Liste, wie die Such-API (/api/v1/) antwortet",
            "items": {
                "type": "object",
                "required": ["code", "message", "field"],
                "properties": {
                    "code": {"type": "string"},
                    "message": {"type": "string"},
                    "field": {"type": "string"},
                },
            },
        },
        "detail": {"type": "string"},
        "status": {"type": "integer"},
    },
}
NOT_FOUND_SCHEMA = {
    "type": "object",
    "properties": {"detail": {"type": "string"}, "status": {"type": "integer"}},
}


def _answer(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, "content": {JSON: {"schema": schema}}}


@cache
def document() -> dict[str, Any]:
    bad_request = _answer("Ungültiger Parameter", {"$ref": "#/components/schemas/Error"})
    not_found = _answer("Nicht gefunden", {"$ref": "#/components/schemas/NotFound"})
    paths: dict[str, Any] = {
        "/": {
            "get": {
                "operationId": "root",
                "summary": "Version und Profil der HSDS-Schnittstelle",
                "responses": {
                    "200": _answer(
                        "API-Metadaten",
                        {
                            "type": "object",
                            "required": ["version", "profile", "openapi_url"],
                            "properties": {
                                "version": {"type": "string"},
                                "profile": {"type": "string"},
                                "openapi_url": {"type": "string"},
                            },
                        },
                    )
                },
            }
        }
    }
    for endpoint, (path_param, kind) in ENDPOINTS.items():
        paths[f"/{endpoint}"] = {
            "get": {
                "operationId": endpoint,
                "parameters": openapi_parameters(LIST_PARAMS[endpoint]),
                "responses": {
                    "200": _answer(f"Eine Seite {kind}", {"$ref": "#/components/schemas/Page"}),
                    "400": bad_request,
                },
            }
        }
        paths[f"/{endpoint}/{{{path_param}}}"] = {
            "get": {
                "operationId": kind,
                "parameters": [
                    {
                        "name": path_param,
                        "in": "path",
                        "required": True,
                        "schema": {
                            "type": "string",
                            "minLength": 1,
                            "maxLength": MAX_ID_CHARS,
                            "pattern": TEXT_PATTERN,
                        },
                    }
                ],
                "responses": {
                    "200": _answer(kind, {"type": "object", "required": ["id"]}),
                    "404": not_found,
                },
            }
        }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Netzwerk Frühe Hilfen – HSDS-Schnittstelle",
            "version": HSDS_VERSION,
            "description": "Lesender Zugriff auf das Angebotsverzeichnis im Format Open "
            f"Referral HSDS {HSDS_VERSION}.",
        },
        "servers": [{"url": "/api/hsds"}],
        "paths": paths,
        "components": {
            "schemas": {"Page": _page_schema(), "Error": ERROR_SCHEMA, "NotFound": NOT_FOUND_SCHEMA}
        },
    }


@require_GET
def openapi(request: HttpRequest) -> JsonResponse:
    response = JsonResponse(document(), json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response
