"""Session-wide services for the test suite: real PostgreSQL and real Elasticsearch.

Database: TEST_DATABASE=postgres|sqlite. Without it, CI (CI=true) uses PostgreSQL, and a
developer machine uses PostgreSQL when its server binaries are installed, SQLite otherwise.
PostgreSQL is a throwaway cluster started for the session (tests/services/postgres.py).

Elasticsearch: ELASTICSEARCH_TEST_URL points the tests at a running server; otherwise one is
downloaded and started for the session the first time a test needs it. Tests marked
`elasticsearch` get settings.SEARCH pointed at it, with an index prefix of their own.

A service that cannot start fails the run in CI or with REQUIRE_SERVICES=1, and skips the
tests that need it otherwise."""

import contextlib
import os
import time
import uuid
from collections.abc import Iterator

import pytest

# Real Chromium for every browser test in the tree: defined once here so the whole session
# shares one Playwright instance (two sync Playwright instances cannot run in one thread).
from tests.browser.fixtures import axe_source, browser, page  # noqa: F401
from tests.services.postgres import PostgresServer, PostgresServiceError, find_pg_bin

_TRUE = {"1", "true", "yes", "on"}
_ENGINES = {"postgres", "sqlite"}
# Filled by pytest_configure and the service fixtures; read by the report hooks.
_session: dict = {"database": None, "database_note": None, "timings": {}}


def _env_true(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in _TRUE


def services_required() -> bool:
    return _env_true("CI") or _env_true("REQUIRE_SERVICES")


def _require_or_skip(message: str) -> None:
    if services_required():
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


# --- database ---------------------------------------------------------------------------


def _choose_database() -> tuple[str, str | None]:
    """(engine, note for the header)."""
    requested = os.environ.get("TEST_DATABASE", "").strip().lower()
    if requested and requested not in _ENGINES:
        pytest.exit(f"TEST_DATABASE must be one of {sorted(_ENGINES)}, not {requested!r}", 4)
    if requested == "sqlite":
        return "sqlite", None
    if requested == "postgres" or _env_true("CI"):
        if find_pg_bin() is None:
            pytest.exit(
                "PostgreSQL is required for this test run (TEST_DATABASE=postgres or CI) but "
                "its server binaries were not found in PG_BIN or /usr/lib/postgresql/*/bin. "
                "Install them (apt-get install postgresql) or run with TEST_DATABASE=sqlite.",
                4,
            )
        return "postgres", None
    if find_pg_bin() is not None:
        return "postgres", None
    return "sqlite", (
        "WARNING: PostgreSQL server binaries not found, testing on SQLite instead "
        "(apt-get install postgresql, or set TEST_DATABASE=sqlite to silence this)"
    )


def pytest_configure(config: pytest.Config) -> None:
    engine, note = _choose_database()
    from django.conf import settings

    # config/settings/test.py makes the same choice at start-up (apps pick database-specific
    # code when they load); the two must agree.
    settings_engine = getattr(settings, "TEST_DATABASE_ENGINE", engine)
    if settings_engine != engine:
        pytest.exit(
            f"tests chose {engine} but config.settings.test chose {settings_engine}: "
            "set TEST_DATABASE explicitly",
            4,
        )
    _session["database"], _session["database_note"] = engine, note
    if note:
        config.issue_config_time_warning(UserWarning(note), stacklevel=2)


def pytest_report_header(config: pytest.Config) -> list[str]:
    lines = [f"test database: {_session['database']}"]
    if _session["database_note"]:
        lines.append(_session["database_note"])
    return lines


def pytest_terminal_summary(terminalreporter) -> None:
    timings = _session["timings"]
    if timings:
        started = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in timings.items())
        terminalreporter.write_line(f"services started: {started}")


@pytest.fixture(scope="session")
def database_engine() -> str:
    """'postgres' or 'sqlite': the engine this session tests on."""
    return _session["database"]


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
    if _session["database"] == "sqlite":
        # ":memory:" keeps the developer's db.sqlite3 out of reach; the test database is an
        # in-memory one anyway.
        _use_database({"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}, None)
        yield
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
            "test_nfh",
        )
        _set_postgres_search_weights()
        yield
    finally:
        server.stop()


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
    if external:
        yield external.rstrip("/")
        return

    from tests.services.elasticsearch import ElasticsearchServer, fetch_distribution

    server = None
    began = time.monotonic()
    try:
        server = ElasticsearchServer(home=fetch_distribution()).start()
    except Exception as exc:  # any reason it cannot run is reported the same way
        _require_or_skip(f"Elasticsearch could not be started: {exc}")
    _session["timings"]["Elasticsearch"] = time.monotonic() - began
    try:
        yield server.url
    finally:
        server.stop()


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


@pytest.fixture(autouse=True)
def _fresh_search_labels() -> None:
    """Facet labels are cached per process (search/labels.py); each test's database has its
    own vocabularies."""
    from search.labels import reset_all

    reset_all()
