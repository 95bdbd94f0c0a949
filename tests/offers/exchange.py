"""Fixtures and helpers for the data-exchange tests (import, export, HSDS API)."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from django.core.management import call_command

from wagtail.models import Page, Site

import pytest

from home.models import HomePage, RegionIndexPage, RegionPage

DATA = Path(__file__).resolve().parent / "data"
HSDS_DATA = DATA / "hsds"


@pytest.fixture(name="tree")
def _tree(db) -> dict[str, Page]:
    """Home, the region index and two regions; no offer index yet (the import creates it)."""
    root = Page.get_first_root_node()
    for child in root.get_children():
        child.delete()
    home = root.add_child(instance=HomePage(title="Netzwerk Frühe Hilfen", slug="home"))
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    regions = home.add_child(instance=RegionIndexPage(title="Netzwerk", slug="netzwerk"))
    harburg = regions.add_child(
        instance=RegionPage(title="Landkreis Harburg", slug="landkreis-harburg")
    )
    wittenberg = regions.add_child(
        instance=RegionPage(title="Wittenberg/Dessau-Roßlau", slug="wittenberg-dessau-rosslau")
    )
    return {"home": home, "harburg": harburg, "wittenberg": wittenberg}


def run_import(path: Path | str, *args: str) -> str:
    out = io.StringIO()
    call_command("import_offers", str(path), *args, stdout=out)
    return out.getvalue()


def run_export(*args: str) -> str:
    out = io.StringIO()
    call_command("export_offers", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


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


def sample_services() -> list[dict[str, Any]]:
    return json.loads((HSDS_DATA / "sample_services.json").read_text(encoding="utf-8"))


def official_service() -> dict[str, Any]:
    return json.loads((HSDS_DATA / "service_full.json").read_text(encoding="utf-8"))
