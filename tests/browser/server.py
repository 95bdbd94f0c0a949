"""A live server for browser tests that run inside the test's transaction.

Django's live server needs a committed database: LiveServerTestCase flushes it after every
test, and our pages then need the whole site rebuilt per test. Here the server's request
threads use the test's own database connection instead (what Django itself does for an
in-memory SQLite database, via `connections_override`), so pages see what the test created,
and everything is rolled back with the test.

Sharing one connection between two threads is safe only if they never use it at the same
time, so: requests are served one at a time under a lock, and while a test shares its
connection, each of the test's own queries takes the same lock (a request in progress
finishes first). A request's `transaction.on_commit` callbacks run when it ends, where a
real server's commit would run them."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.handlers.wsgi import WSGIHandler
from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import DEFAULT_DB_ALIAS, connections
from django.test import TestCase
from django.test.testcases import QuietWSGIRequestHandler, _MediaFilesHandler

from tests.services.threaded import ServingThread


class _Server(ThreadedWSGIServer):
    def _close_connections(self) -> None:
        # Django closes the thread's connections after each request; the shared one is the
        # test's and stays open.
        pass


class SharedConnectionServer:
    """One server for the session; `share(connection)` per test."""

    host = "localhost"

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.connection: Any = None
        self.handler = StaticFilesHandler(_MediaFilesHandler(WSGIHandler()))
        self.httpd = _Server((self.host, 0), QuietWSGIRequestHandler, allow_reuse_address=False)
        self.httpd.set_app(self.app)
        self.port = self.httpd.server_address[1]
        self.url = f"http://{self.host}:{self.port}"
        self.serving = ServingThread(self.httpd)

    def stop(self) -> None:
        self.serving.stop()

    @contextmanager
    def share(self, connection: Any) -> Iterator[None]:
        """Serve requests with the test's connection (and serialise the test's queries)."""
        connection.inc_thread_sharing()
        # Django closes a connection "left" outside autocommit at the start and end of each
        # request; inside the test's transaction that is every connection.
        connection.close_if_unusable_or_obsolete = lambda: None
        with self.lock:
            self.connection = connection
        try:
            with connection.execute_wrapper(self._one_at_a_time):
                yield
        finally:
            with self.lock:
                self.connection = None
            del connection.close_if_unusable_or_obsolete
            connection.dec_thread_sharing()

    def _one_at_a_time(self, execute: Callable, sql: str, params: Any, many: bool, context: Any):
        with self.lock:
            return execute(sql, params, many, context)

    def app(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        with self.lock:
            if self.connection is None:
                # Between tests (a closing browser's last requests): no data to serve.
                start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
                return [b"No test is using the live server now."]
            connections[DEFAULT_DB_ALIAS] = self.connection
            try:
                with TestCase.captureOnCommitCallbacks(using=DEFAULT_DB_ALIAS, execute=True):
                    return self._respond(environ, start_response)
            finally:
                # A kept-alive connection's thread must not hold on to the test's connection.
                del connections[DEFAULT_DB_ALIAS]

    def _respond(self, environ: dict, start_response: Callable) -> list[bytes]:
        # The whole body is produced under the lock: a streamed response may still query.
        response = self.handler(environ, start_response)
        try:
            return [b"".join(response)]
        finally:
            if hasattr(response, "close"):
                response.close()
