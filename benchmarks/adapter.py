"""Every place where the benchmark touches the project, in one module.

The rest of the harness speaks only public interfaces: environment variables and settings
modules named in the README, URLs, the WSGI application, management commands. What cannot
be reached that way is here: where the service classes live, the importer's writer (the
bulk loader feeds it in process and adds the fields HSDS cannot carry to the pages it
creates), the number of live offers. When
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
        "SITE_URL": "http://127.0.0.1",
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
    """Tables, Wagtail's page index (on a live site, the queue worker builds it when it is
    missing: without it each save skips its write there, and an import would be measured
    without that cost), the page tree of the demo networks, and an empty offer index behind
    its alias, as on a live site before an import."""
    _quiet("migrate", "--no-input")
    _quiet("update_index")
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


def rebuild_search(*, from_pages: bool = False) -> str:
    """`manage.py search_index --rebuild` (`--from-pages`): both stores (Elasticsearch and
    the database engine's entries) from the database; its output."""
    return _quiet("search_index", "--rebuild", *(["--from-pages"] if from_pages else []))


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
    """HSDS services through the importer's own parser and `OfferWriter`, batch by batch as
    `import_offers` runs them (a batch's stored offers looked up together, its new pages
    created per listing by publishing.page_creation.create_pages, the project's one fast
    path), but in process, without the file. `service[extension]` adds what HSDS cannot say:
    the summary and service areas given as circles, set on the new pages just before the
    writer creates them."""
    from django.db import transaction

    from offers_directory.importers import hsds, writer
    from offers_directory.importers.records import ImportReport
    from offers_directory.models import OfferPage, OfferServiceArea

    report = ImportReport(io.StringIO(), verbosity=0)
    offer_writer = writer.OfferWriter(report, source_system="hsds")
    extras: dict[str, dict[str, Any]] = {}

    def with_extras(page: Any) -> Any:
        extra = extras.get(page.source_id) if isinstance(page, OfferPage) else None
        if not extra:
            return page
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
        return page

    create_pages = writer.create_pages

    def create_with_extras(parent: Any, pages: Any, **options: Any) -> Any:
        return create_pages(parent, [with_extras(page) for page in pages], **options)

    writer.create_pages = create_with_extras
    try:
        if progress:
            progress(0)
        for start in range(0, len(services), batch):
            chunk = services[start : start + batch]
            extras.update((s["id"], s.get(extension) or {}) for s in chunk)
            with transaction.atomic():
                offers = [o for _label, o in hsds.iter_offers(chunk, report, "3.0") if o]
                offer_writer.look_up(offers)
                for offer in offers:
                    offer_writer.write(offer)
                offer_writer.flush()
            extras.clear()
            if progress:
                progress(start + len(chunk))
    finally:
        writer.create_pages = create_pages
    rejected = [str(m) for m in report.messages if m.level == "rejected"]
    if rejected:
        raise RuntimeError(f"{len(rejected)} generated offers rejected: {rejected[:3]}")
