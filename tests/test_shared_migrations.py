"""The PostgreSQL parts of the test command migrate once (TEST_POSTGRES_DUMP): the first
session leaves a dump of its migrated database, the others restore it into their own cluster."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from tests.services.postgres import SUPERUSER, PostgresServer, SharedMigrations, find_pg_bin

pytestmark = pytest.mark.skipif(find_pg_bin() is None, reason="no PostgreSQL binaries")


def _connect(server: PostgresServer, database: str) -> psycopg.Connection:
    return psycopg.connect(
        host=server.host, port=server.port, user=SUPERUSER, dbname=database, autocommit=True
    )


def test_the_second_session_restores_what_the_first_migrated(tmp_path: Path):
    dump = tmp_path / "migrated.sql"
    with PostgresServer() as first, PostgresServer() as second:
        migrating = SharedMigrations(dump)
        assert migrating.restore_into(first, "test_a") is False, "no dump yet: migrate"
        # What a migration leaves: a table with data, and a sequence that has moved on.
        with _connect(first, "postgres") as connection:
            connection.execute("CREATE DATABASE test_a")
        with _connect(first, "test_a") as connection:
            connection.execute("CREATE TABLE page (id serial PRIMARY KEY, title text)")
            connection.execute("INSERT INTO page (title) VALUES ('Root'), ('Startseite')")
        migrating.save(first, "test_a")

        assert SharedMigrations(dump).restore_into(second, "test_b") is True
        with _connect(second, "test_b") as connection:
            titles = connection.execute("SELECT title FROM page ORDER BY id").fetchall()
            new_id = connection.execute(
                "INSERT INTO page (title) VALUES ('Neu') RETURNING id"
            ).fetchone()
    assert titles == [("Root",), ("Startseite",)]
    assert new_id == (3,)


def test_a_session_that_died_migrating_leaves_the_migration_to_the_next(tmp_path: Path):
    dump = tmp_path / "migrated.sql"
    with PostgresServer() as server:
        died = SharedMigrations(dump)
        assert died.restore_into(server, "test_a") is False
        died.release()  # what the end of its process does to the lock
        next_session = SharedMigrations(dump)
        assert next_session.restore_into(server, "test_b") is False
        next_session.release()
    assert not dump.exists()
