"""`python manage.py search_index`: build, check, repair and feed the offer index.

--rebuild        build a new versioned index and swap the alias to it (no downtime). An
                 offer whose database search entry is current (written by this release,
                 agreeing with the offer's own row) is sent as the entry stores it; the
                 others are built and their entries rewritten. Without ELASTICSEARCH_URL
                 it rewrites the database search's entries, the only thing it does then
  --from-pages   with --rebuild: build every document anew (to rule out a stored one)
--check          compare database and index: missing, stale, orphaned (exit 1 if any)
--fix            like --check, then repair what it found, and rewrite the database search's
                 entries that are missing, older than their offer or built by another
                 release (run it daily: it also removes offers whose validity ended)
--process-queue  apply the queued updates of every index (the outbox: offers and partners);
                 an index that is missing (Elasticsearch restarted without its data) is
                 rebuilt first, Wagtail's page index (the site search) too; exit 1 if
                 updates are left for a retry. With --loop, keep doing so (every 5 s) and
                 never exit
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from elasticsearch import ApiError, TransportError

from search import outbox
from search.engine import elasticsearch_configured
from search.index import ProgressBar
from search.offers import maintenance
from search.offers.entries import rebuild_documents, refresh_entries
from search.offers.index import offer_index
from search.site_search.wagtail_backend import missing_page_indices, rebuild_page_index


class Command(BaseCommand):
    help = "Build (--rebuild), check (--check), repair (--fix) the offer search index, or "
    help += "apply queued updates (--process-queue)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--rebuild", action="store_true", help="build and swap a new index")
        parser.add_argument(
            "--from-pages",
            action="store_true",
            help="with --rebuild: build every document, none sent as the database stores it",
        )
        parser.add_argument("--check", action="store_true", help="compare database and index")
        parser.add_argument("--fix", action="store_true", help="repair what --check finds")
        parser.add_argument(
            "--process-queue", action="store_true", help="apply the queued index updates"
        )
        parser.add_argument(
            "--loop", action="store_true", help="with --process-queue: keep running"
        )
        parser.add_argument(
            "--all", action="store_true", help="with --process-queue: ignore the back-off"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not any(options[k] for k in ("rebuild", "check", "fix", "process_queue")):
            raise CommandError("Choose --rebuild, --check, --fix or --process-queue.")
        if not elasticsearch_configured():
            if options["rebuild"]:
                written = refresh_entries()
                self.stdout.write(f"Database search entries rebuilt: {written} offers.")
                return
            if options["fix"]:
                self.fix_entries()
                return
            raise CommandError(
                "No Elasticsearch is configured (ELASTICSEARCH_URL); only --rebuild/--fix "
                "(the database search's entries) apply."
            )
        try:
            if options["rebuild"]:
                self.rebuild(from_pages=options["from_pages"])
            if options["check"] or options["fix"]:
                self.reconcile(fix=options["fix"])
            if options["fix"]:
                self.fix_entries()
            if options["process_queue"]:
                self.process_queue(loop=options["loop"], include_not_due=options["all"])
        except (TransportError, ApiError) as error:
            raise CommandError(f"Elasticsearch did not answer: {error}") from error

    def rebuild(self, *, from_pages: bool = False) -> None:
        total = offer_index.count()
        version = outbox.current_version()
        self.stdout.write(f"Indexing {total} offers (version {version}) …")
        began = time.monotonic()
        # A current entry's document is sent as stored; the others are built once, for
        # Elasticsearch and the database engine's entry.
        written: list[int] = []
        reused: list[int] = []
        try:
            name, done, errors = offer_index.rebuild(
                rebuild_documents(written, reuse=not from_pages, reused=reused),
                total,
                version,
                progress=ProgressBar(self.stderr),
            )
        except (TransportError, ApiError):
            if not written:
                # The database engine answers while Elasticsearch does not: its entries
                # must not wait for it.
                refresh_entries()
            raise
        self.stdout.write(
            f"Database search entries current: {sum(written)} offers ("
            f"{sum(written) - len(reused)} documents built, {len(reused)} sent as stored)."
        )
        for error in errors[:20]:
            self.stderr.write(error)
        self.stdout.write(
            self.style.SUCCESS(
                f"Indexed {done - len(errors)} offers into {name} in "
                f"{time.monotonic() - began:.1f} s; alias {offer_index.alias()} "
                "now points there."
            )
        )
        if errors:
            raise CommandError(f"{len(errors)} documents failed.")

    def reconcile(self, *, fix: bool) -> None:
        report = maintenance.compare()
        for label, ids in (
            ("missing", report.missing),
            ("stale", report.stale),
            ("orphaned", report.orphaned),
        ):
            shown = ", ".join(str(i) for i in sorted(ids)[:20])
            more = " …" if len(ids) > 20 else ""
            self.stdout.write(f"{label}: {len(ids)}" + (f" ({shown}{more})" if ids else ""))
        if not report.problems:
            self.stdout.write(self.style.SUCCESS(f"Index and database agree ({report.indexed})."))
            return
        if not fix:
            raise CommandError(f"{report.problems} differences; run with --fix to repair them.")
        result = maintenance.fix(report)
        if result.failed:
            raise CommandError(f"Repair failed for {result.failed} offers: {result.errors[:3]}")
        self.stdout.write(
            self.style.SUCCESS(f"Repaired: {result.indexed} written, {result.deleted} removed.")
        )

    def process_queue(self, *, loop: bool, include_not_due: bool) -> None:
        while True:
            result = outbox.process(include_not_due=include_not_due, rebuild_missing=True)
            for name in result.rebuilt:
                self.stdout.write(f"The {name} index was missing; rebuilt from the database.")
            self.rebuild_missing_page_indices(result.errors)
            if result.indexed or result.deleted or result.failed:
                self.stdout.write(
                    f"queue: {result.indexed} written, {result.deleted} removed, "
                    f"{result.failed} failed (kept for a retry)"
                )
            for error in result.errors[:5]:
                self.stderr.write(error[:500])
            if not loop:
                if result.failed or result.errors:
                    raise CommandError(
                        "Not everything was applied; the updates stay queued for a retry."
                    )
                return
            time.sleep(5)

    def rebuild_missing_page_indices(self, errors: list[str]) -> None:
        """Wagtail's page index (the site search), when Elasticsearch lost it."""
        if not elasticsearch_configured():
            return
        try:
            missing = missing_page_indices()
            if missing:
                rebuild_page_index()
        except (TransportError, ApiError) as error:
            errors.append(f"pages: {error!r}")
            return
        for name in missing:
            self.stdout.write(f"The page index {name} was missing; rebuilt from the database.")

    def fix_entries(self) -> None:
        written = maintenance.fix_entries()
        self.stdout.write(f"Database search entries repaired: {written} offers.")
