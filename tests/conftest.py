"""Session-wide services and data for the test suite: real PostgreSQL, real Elasticsearch,
and the demo site built once.

Database: config/settings/test.py chooses it (TEST_DATABASE=postgres|sqlite, see there);
PostgreSQL is a throwaway cluster started here for the session (tests/services/postgres.py).

Data: every database test runs inside a transaction that is rolled back after it. Data many
tests share is built once in an outer transaction (tests/shared_data.py), like Django's
setUpTestData: per module (e.g. the search tests' offers), or per session for the demo site
(`demo_site`, `demo_offers`), whose tests run last (pytest_collection_modifyitems), so the
tests before them see a database with only what the migrations created.

Elasticsearch: ELASTICSEARCH_TEST_URL points the tests at a running server, and
ELASTICSEARCH_TEST_URL_FILE at a file such a server's URL will be written to (scripts/test.sh
shares one server between its parallel runs); otherwise one is downloaded and started for the
session the first time a test needs it. Tests marked
`elasticsearch` get settings.SEARCH pointed at it, with an index prefix of their own.

A service that cannot start fails the run in CI or with REQUIRE_SERVICES=1, and skips the
tests that need it otherwise."""

import contextlib
import dataclasses
import io
import os
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import factory.random
import pytest

# Real Chromium for every browser test in the tree: defined once here so the whole session
# shares one Playwright instance (two sync Playwright instances cannot run in one thread).
from tests.browser.fixtures import (  # noqa: F401
    axe_source,
    browser,
    live_site,
    page,
    site_server,
    traced_page,
)
from tests.services.postgres import (
    PostgresServer,
    PostgresServiceError,
    SharedMigrations,
    find_pg_bin,
)
from tests.services.required import require_or_skip
from tests.shared_data import outer_transaction

# --shard K/N and --store-durations (scripts/test.sh runs the PostgreSQL tests in two parts).
pytest_plugins = ["pytester", "tests.sharding"]

# Filled by the service fixtures; read by the report hooks.
_session: dict = {"timings": {}}


# --- database ---------------------------------------------------------------------------


def pytest_configure(config: pytest.Config) -> None:
    from django.conf import settings

    if settings.TEST_DATABASE_ENGINE == "postgres" and find_pg_bin() is None:
        pytest.exit(
            "PostgreSQL is required for this test run (TEST_DATABASE=postgres or CI) but "
            "its server binaries were not found in PG_BIN or /usr/lib/postgresql/*/bin. "
            "Install them (apt-get install postgresql) or run with TEST_DATABASE=sqlite.",
            4,
        )
    if settings.TEST_DATABASE_NOTE:
        config.issue_config_time_warning(UserWarning(settings.TEST_DATABASE_NOTE), stacklevel=2)


def pytest_report_header(config: pytest.Config) -> list[str]:
    from django.conf import settings

    return [
        line
        for line in (f"test database: {settings.TEST_DATABASE_ENGINE}", settings.TEST_DATABASE_NOTE)
        if line
    ]


def pytest_terminal_summary(terminalreporter) -> None:
    timings = _session["timings"]
    if timings:
        started = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in timings.items())
        terminalreporter.write_line(f"services started: {started}")


@pytest.fixture(scope="session")
def database_engine() -> str:
    """'postgres' or 'sqlite': the engine this session tests on."""
    from django.conf import settings

    return settings.TEST_DATABASE_ENGINE


TEST_DATABASE_NAME = "test_nfh"


def _use_database(config: dict, test_name: str | None) -> None:
    from django.conf import settings
    from django.db import connections

    # The connection handler holds the same dicts as settings.DATABASES (with defaults
    # filled in), so they are updated in place rather than replaced.
    targets = {id(d): d for d in (settings.DATABASES["default"], connections.databases["default"])}
    for target in targets.values():
        target.update(config)
        target["TEST"] = {**(target.get("TEST") or {}), "NAME": test_name}
    # A connection object created before this point would still speak the old backend.
    connections.close_all()
    with contextlib.suppress(AttributeError):
        del connections["default"]


@pytest.fixture(scope="session")
def django_db_modify_db_settings() -> Iterator[None]:
    """Overrides pytest-django's fixture of the same name, which runs right before the test
    database is created, and only in sessions that have database tests.

    Deliberately independent of pytest-django's xdist suffix fixture: with xdist, every
    worker gets a PostgreSQL cluster of its own, so the test database name never collides."""
    from django.conf import settings

    if settings.TEST_DATABASE_ENGINE == "sqlite":
        yield  # in memory, as the settings say
        return

    server = PostgresServer()
    try:
        server.start()
    except PostgresServiceError as exc:
        pytest.exit(f"PostgreSQL could not be started: {exc}", 3)
    _session["timings"]["PostgreSQL"] = server.startup_seconds
    try:
        _use_database(
            {
                "ENGINE": "django.db.backends.postgresql",
                "NAME": "postgres",
                "USER": "postgres",
                "PASSWORD": "",
                "HOST": server.host,
                "PORT": str(server.port),
                "OPTIONS": {},
            },
            TEST_DATABASE_NAME,
        )
        _set_postgres_search_weights()
        _session["postgres"] = server
        dump = os.environ.get("TEST_POSTGRES_DUMP", "").strip()
        if dump:
            shared = _session["shared_migrations"] = SharedMigrations(Path(dump))
            _session["restored"] = shared.restore_into(server, TEST_DATABASE_NAME)
        yield
    finally:
        server.stop()


@pytest.fixture(scope="session")
def django_db_keepdb(request, django_db_modify_db_settings) -> bool:
    """Overrides pytest-django's: a database restored from the shared migrations' dump is
    kept, so Django finds its migrations applied instead of creating it anew."""
    return bool(_session.get("restored")) or request.config.getvalue("reuse_db")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup) -> None:
    """pytest-django's, then: the session that migrated for the others (TEST_POSTGRES_DUMP)
    leaves them its database before any test writes to it."""
    shared = _session.get("shared_migrations")
    if shared is not None and not _session["restored"]:
        shared.save(_session["postgres"], TEST_DATABASE_NAME)


def _set_postgres_search_weights() -> None:
    """modelsearch computes PostgreSQL's tsvector weights in AppConfig.ready() only when the
    connection is PostgreSQL then; the session switches from SQLite afterwards, so do it now
    (without it, indexing a model with boosted fields fails with UnboundLocalError)."""
    from modelsearch.backends.database.postgres import weights

    if not weights.BOOSTS_WEIGHTS:
        weights.set_weights()


# --- Elasticsearch ----------------------------------------------------------------------


@pytest.fixture(scope="session")
def elasticsearch_server() -> Iterator[str]:
    """The base URL of a real Elasticsearch, started on first use."""
    external = os.environ.get("ELASTICSEARCH_TEST_URL", "").strip()
    url_file = os.environ.get("ELASTICSEARCH_TEST_URL_FILE", "").strip()
    if url_file and not external:
        external = _wait_for_shared_server(url_file)
    if external:
        yield external.rstrip("/")
        return

    from tests.services.elasticsearch import ElasticsearchServer, fetch_distribution

    server = None
    began = time.monotonic()
    try:
        server = ElasticsearchServer(home=fetch_distribution()).start()
    except Exception as exc:  # any reason it cannot run is reported the same way
        require_or_skip(f"Elasticsearch could not be started: {exc}")
    _session["timings"]["Elasticsearch"] = time.monotonic() - began
    try:
        yield server.url
    finally:
        server.stop()


def _wait_for_shared_server(url_file: str) -> str:
    """The URL the test command's shared server (`python -m tests.services.elasticsearch
    serve --url-file`) writes once it answers; it starts while this run migrates."""
    from tests.services.elasticsearch import DEFAULT_START_TIMEOUT

    path = Path(url_file)
    began = time.monotonic()
    while not path.exists():
        if time.monotonic() - began > DEFAULT_START_TIMEOUT + 30:
            require_or_skip(f"The shared Elasticsearch wrote no URL to {url_file}.")
        time.sleep(0.2)
    content = path.read_text().strip()
    if content.startswith("error:"):
        require_or_skip(f"The shared Elasticsearch could not be started: {content[6:].strip()}")
    _session["timings"]["Elasticsearch (shared, waited)"] = time.monotonic() - began
    return content


@pytest.fixture
def es_settings(elasticsearch_server: str, settings) -> Iterator[str]:
    """Points settings.SEARCH at the test server with an index prefix of this test's own,
    and deletes the test's indices afterwards. Yields the prefix."""
    from search import client as search_client

    prefix = f"test_{uuid.uuid4().hex[:8]}_"
    # A new dict, not item assignment: pytest-django's `settings` restores only attributes
    # it saw being set, and the shared SEARCH dict must not keep this test's values.
    settings.SEARCH = {
        **settings.SEARCH,
        "ELASTICSEARCH_URLS": [elasticsearch_server],
        "INDEX_PREFIX": prefix,
    }
    search_client.reset_client()
    try:
        yield prefix
    finally:
        es = search_client.get_client()
        # Explicit names: the server refuses wildcard deletes (action.destructive_requires_name).
        names = list(es.indices.get(index=f"{prefix}*", expand_wildcards="all"))
        if names:
            es.indices.delete(index=",".join(names))
        search_client.reset_client()


@pytest.fixture(autouse=True)
def _elasticsearch_marker(request: pytest.FixtureRequest) -> None:
    if request.node.get_closest_marker("elasticsearch"):
        request.getfixturevalue("es_settings")


# --- per test --------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _deterministic_factories(request: pytest.FixtureRequest) -> None:
    """The factories' random values (Faker included) depend on the test, not on the order
    tests run in."""
    factory.random.reseed_random(request.node.nodeid)


@pytest.fixture(autouse=True)
def _fresh_search_labels() -> None:
    """Facet labels are cached per process (search/labels.py); each test's database has its
    own vocabularies."""
    from home.process_copy import reset_all

    reset_all()


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """The cache outlives a rolled-back test (Wagtail keeps the sites' root paths there)."""
    yield
    from django.core.cache import caches

    for cache in caches.all(initialized_only=True):
        cache.clear()


@pytest.fixture(autouse=True)
def _site_language_after_each_test() -> Iterator[None]:
    """The test client runs views in the test's own thread, where LocaleMiddleware leaves the
    last request's language active: a test that took a page's URL after another test's
    Arabic request got /ar/... (it failed only when those tests shared a process)."""
    yield
    from django.utils import translation

    translation.deactivate()


# --- data shared by many tests, built once per session ----------------------------------

# Session data layers, in the order their tests run: a test runs after every test that
# uses none of the later layers. Each layer builds on the previous one.
LAYERS = ("demo_site", "demo_offers")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # After pytest-django's own ordering (transactional tests last), which the stable sort
    # keeps within each layer.
    def layer(item: pytest.Item) -> int:
        names = getattr(item, "fixturenames", ())
        return max((LAYERS.index(name) + 1 for name in LAYERS if name in names), default=0)

    items.sort(key=layer)


@pytest.fixture
def german() -> Iterator[None]:
    """German active around the test: pages' URLs carry the active language's prefix and the
    assertions' texts are German, whatever language a test or request before left active in
    this thread (`pytestmark = pytest.mark.usefixtures("german")`)."""
    from django.utils import translation

    with translation.override("de"):
        yield


@pytest.fixture(scope="session")
def demo_site(django_db_setup, django_db_blocker) -> Iterator[int]:
    """The quick start's demo site (demo.site: five regions with news, events, groups,
    postcodes and outlines, legal and accessibility pages), built once. Yields the home page's
    id; tests take the `demo` fixture."""
    from demo.site import load_demo_content

    with outer_transaction(django_db_blocker, "session"):
        with django_db_blocker.unblock():
            home = load_demo_content()
        yield home.pk


@dataclasses.dataclass
class DemoOffers:
    output: str  # what the loader printed
    geocoded: list[dict]  # the geocoder calls it made


@pytest.fixture(scope="session")
def demo_offers(demo_site, django_db_blocker) -> Iterator[DemoOffers]:
    """The demo site plus the quick start's demo offers (demo.offers), built
    once, with the geocoder calls the loader made (none should: it brings coordinates)."""
    from django.core.management import call_command

    output = io.StringIO()
    geocoded: list[dict] = []

    def record(**query: object) -> None:
        geocoded.append(query)

    with (
        outer_transaction(django_db_blocker, "session"),
        pytest.MonkeyPatch.context() as patch,
    ):
        patch.setattr("offers_directory.tasks.default_geocoder", lambda: record)
        with django_db_blocker.unblock():
            call_command("load_demo_offers", stdout=output)
        patch.undo()
        yield DemoOffers(output.getvalue(), geocoded)


@pytest.fixture
def demo(db, demo_site):
    """The demo site's home page (the test's changes are rolled back after it)."""
    from home.models import HomePage

    return HomePage.objects.get(pk=demo_site)
