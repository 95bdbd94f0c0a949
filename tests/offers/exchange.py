"""Running the data-exchange commands (import, export) and reading their output and the
sample HSDS data."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from tests.commands import command_output

DATA = Path(__file__).resolve().parent / "data"
HSDS_DATA = DATA / "hsds"


def run_import(path: Path | str, *args: str) -> str:
    return command_output("import_offers", path, *args)


def run_export(*args: str) -> str:
    return command_output("export_offers", *args, stderr=io.StringIO())


def summary(output: str) -> dict[str, int]:
    line = [line for line in output.splitlines() if "Summary:" in line][-1]
    counts = {}
    for part in line.split("Summary:")[1].split(","):
        name, value = part.split(":")
        counts[name.strip()] = int(value)
    return counts


def write_json(tmp_path: Path, data: Any, name: str = "services.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def load(name: str) -> Any:
    return json.loads((HSDS_DATA / name).read_text(encoding="utf-8"))


def sample_services() -> list[dict[str, Any]]:
    return load("sample_services.json")
