"""Every place where the benchmark touches the project, in one module.

The rest of the harness speaks only public interfaces: environment variables and settings
modules named in the README, URLs, the WSGI application, management commands. What cannot
be reached that way is here: where the service classes live, the importer's writer (the
bulk loader feeds it and collects the pages it creates), the number of live offers. When
the project moves one of these, this module is the one to change."""

from __future__ import annotations

import io
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = "benchmarks.settings"
WSGI_APP = "config.wsgi:application"
GAZETTEER = ROOT / "offers_directory" / "data" / "gazetteer.json.gz"

SEARCH_URL = "/api/v1/offers/"
MAP_URL = "/api/v1/offers/map"
FINDER_URL = "/angebote/"
FLOOR_URL = "/floor/"
# The JSON field of an API answer that names the engine that answered.
ENGINE_FIELD = "engine"


# --- services -------------------------------------------------------------------------------


def postgres_server() -> Any:
    from tests.services.postgres import PostgresServer

    return PostgresServer()


def elasticsearch_server(heap: str) -> Any:
    from tests.services.elasticsearch import ElasticsearchServer, fetch_distribution

    return ElasticsearchServer(home=fetch_distribution(), heap=heap)


def site_environment(
    database_url: str, elasticsearch_url: str, index_prefix: str, static_root: Path
) -> dict[str, str]:
    """The environment variables (README, "Configuration" and "Production") of a
    production-like site on 127.0.0.1 with plain HTTP."""
    return {
        "DJANGO_SETTINGS_MODULE": SETTINGS,
        "DATABASE_URL": database_url,
        # Persistent connections, as a production site under load would configure them.
        "DATABASE_CONN_MAX_AGE": "600",
        "ELASTICSEARCH_URL": elasticsearch_url,
        "ELASTICSEARCH_INDEX_PREFIX": index_prefix,
        "SECRET_KEY": secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "WAGTAILADMIN_BASE_URL": "http://127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        # Production requires a mail server; the benchmark sends no mail, so none listens.
        "EMAIL_URL": "smtp://127.0.0.1:25",
        "DEFAULT_FROM_EMAIL": "benchmark@localhost",
        "TASKS_BACKEND": "immediate",
        "GEOCODER": "offline",
        "LOG_LEVEL": "WARNING",
        "STATIC_ROOT": str(static_root),
        "MEDIA_ROOT": str(static_root.parent / "media"),
    }


# --- the site and its data --------------------------------------------------------------------


def _quiet(*args: str) -> str:
    from django.core.management import call_command

    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def prepare_site() -> None:
    """Tables, the page tree of the demo networks, and an empty offer index behind its
    alias, as on a live site before an import."""
    _quiet("migrate", "--no-input")
    _quiet("load_demo_content")
    _quiet("search_index", "--rebuild")


def import_file(path: Path, progress: Callable[[str], None] | None = None) -> str:
    """`manage.py import_offers PATH`, as a coordinator runs it; returns its report. Its
    progress bar's lines go to `progress`."""
    from django.core.management import call_command

    out = _Lines(progress)
    call_command("import_offers", str(path), stdout=out, stderr=io.StringIO())
    return out.getvalue()


class _Lines(io.StringIO):
    """Collects a command's output and passes its progress-bar lines ("[###…] 40 % …") on."""

    def __init__(self, progress: Callable[[str], None] | None) -> None:
        super().__init__()
        self.progress = progress

    def write(self, text: str) -> int:
        if self.progress is not None:
            for line in text.splitlines():
                if line.startswith("["):
                    self.progress(line.strip())
        return super().write(text)


def rebuild_search() -> str:
    """`manage.py search_index --rebuild`: both stores (Elasticsearch and the database
    engine's entries) from the database."""
    return _quiet("search_index", "--rebuild")


def live_offers() -> int:
    from offers_directory.models import OfferPage

    return OfferPage.objects.live().count()


def bulk_load(
    services: list[dict[str, Any]],
    *,
    extension: str,
    batch: int = 500,
    progress: Callable[[int], None] | None = None,
) -> None:
    """HSDS services through the importer's own parser and writer, except that the one page
    save per new page (`writer.create_page`) is collected and done in bulk per batch
    (benchmarks.pages). `service[extension]` adds what HSDS cannot say: the summary and
    service areas given as circles."""
    from django.db import transaction

    from offers_directory.importers import hsds, writer
    from offers_directory.importers.records import ImportReport
    from offers_directory.models import OfferPage, OfferServiceArea

    from .pages import BulkPageCreator

    report = ImportReport(io.StringIO(), verbosity=0)
    offer_writer = writer.OfferWriter(report, source_system="hsds")
    creator = BulkPageCreator(publish=True)
    extras: dict[str, dict[str, Any]] = {}

    def create_page(parent: Any, page: Any, *, publish: bool) -> None:
        if not publish:
            raise ValueError("The bulk loader creates published pages only.")
        if isinstance(page, OfferPage):
            extra = extras.get(page.source_id) or {}
            page.summary = extra.get("summary", page.summary)
            circles = [
                OfferServiceArea(
                    name=circle["name"],
                    center_latitude=circle["latitude"],
                    center_longitude=circle["longitude"],
                    radius_km=circle["radius_km"],
                )
                for circle in extra.get("circles", ())
            ]
            if circles:
                page.service_areas = [*page.service_areas.all(), *circles]
        creator.add(parent, page)

    original = writer.create_page
    writer.create_page = create_page
    try:
        if progress:
            progress(0)
        for start in range(0, len(services), batch):
            chunk = services[start : start + batch]
            extras.update((s["id"], s.get(extension) or {}) for s in chunk)
            with transaction.atomic():
                for _label, offer in hsds.iter_offers(chunk, report, "3.0"):
                    if offer is not None:
                        offer_writer.write(offer)
                creator.flush()
            extras.clear()
            if progress:
                progress(start + len(chunk))
    finally:
        writer.create_page = original
    rejected = [str(m) for m in report.messages if m.level == "rejected"]
    if rejected:
        raise RuntimeError(f"{len(rejected)} generated offers rejected: {rejected[:3]}")
