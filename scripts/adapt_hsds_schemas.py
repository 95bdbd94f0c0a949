"""Write our adaptation of the official HSDS JSON schemas (offers_directory/hsds/schema/README.md).

    python scripts/adapt_hsds_schemas.py SPEC_SCHEMA_DIR VERSION [--page-required FIELD ...]

SPEC_SCHEMA_DIR is the `schema/` folder of a checkout of the Open Referral specification at the
release to adapt; VERSION names the target folder (offers_directory/hsds/schema/VERSION/). Only
the keywords that take part in JSON validation are kept, so a document is valid against the
adaptation exactly when it is valid against the original; the annotations (descriptions,
examples, the tabular serialisation's metadata) are what makes the originals large. `page.json`
is written from the OpenAPI description's `Page` component."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

TARGET = Path(__file__).resolve().parent.parent / "offers_directory" / "hsds" / "schema"
DIALECT = "https://json-schema.org/draft/2020-12/schema"
ID_BASE = "https://hsds.local/schema"
# Keywords of a property schema that JSON validation uses (HSDS uses no others).
VALIDATION_KEYWORDS = ("type", "format", "enum", "items", "$ref", "properties", "required")
# Not object schemas, or not referenced from the JSON objects the API and the export produce.
SKIPPED = {"openapi.json", "meta_table_description.json"}


def validation_part(schema: dict[str, Any]) -> dict[str, Any]:
    kept: dict[str, Any] = {}
    for keyword in VALIDATION_KEYWORDS:
        if keyword not in schema:
            continue
        value = schema[keyword]
        if keyword == "items":
            value = validation_part(value)
        elif keyword == "properties":
            value = {name: validation_part(field) for name, field in value.items()}
        kept[keyword] = value
    return kept


def adapted(schema: dict[str, Any], version: str, file_name: str) -> dict[str, Any]:
    head = {"$schema": DIALECT, "$id": f"{ID_BASE}/{version}/{file_name}"}
    if "name" in schema:
        head["name"] = schema["name"]
    return head | validation_part(schema)


def page_schema(openapi: dict[str, Any], version: str, required: list[str]) -> dict[str, Any]:
    page = validation_part(openapi["components"]["schemas"]["Page"])
    page["properties"]["contents"] = {"type": "array"}
    if required:
        page["required"] = required
    return {"$schema": DIALECT, "$id": f"{ID_BASE}/{version}/page.json", "name": "page"} | page


def write(path: Path, data: dict[str, Any]) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="the specification's schema/ folder")
    parser.add_argument("version", help="target folder name, e.g. 3.1")
    parser.add_argument(
        "--page-required",
        nargs="*",
        default=[],
        help="required fields of the Page envelope, when the source's openapi.json predates "
        "a later patch release that made them required",
    )
    args = parser.parse_args()
    target = TARGET / args.version
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted(args.source.glob("*.json")):
        if path.name in SKIPPED:
            continue
        write(
            target / path.name,
            adapted(json.loads(path.read_text("utf-8")), args.version, path.name),
        )
    openapi = json.loads((args.source / "openapi.json").read_text("utf-8"))
    write(target / "page.json", page_schema(openapi, args.version, args.page_required))


if __name__ == "__main__":
    main()
