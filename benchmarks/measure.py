"""Measuring tools that know nothing of the project: recording what a process sends to
Elasticsearch (at the transport's node level, so the bytes are exactly what went over the
wire), counting SQL statements, timing HTTP requests, web servers under gunicorn, requests
per second, and the memory of a process tree."""

from __future__ import annotations

import base64
import contextlib
import json
import math
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import urllib3

# --- statistics ---------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    """Linear interpolation between the closest ranks (numpy's default)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    position = share * (len(ordered) - 1)
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


# --- what goes to Elasticsearch -------------------------------------------------------------


@dataclass
class EsRequest:
    method: str
    target: str
    body: bytes
    headers: dict[str, str]
    started: float
    finished: float
    status: int
    response: bytes


def write_requests(path: Path, named: dict[str, list[EsRequest]]) -> None:
    """Record, per name, the requests the floor replays (read_requests reads them)."""
    path.write_text(
        json.dumps(
            {
                name: [
                    {
                        "method": r.method,
                        "target": r.target,
                        "headers": r.headers,
                        "body": base64.b64encode(r.body).decode(),
                    }
                    for r in requests
                ]
                for name, requests in named.items()
            }
        )
    )


def read_requests(path: Path) -> dict[str, list[dict[str, Any]]]:
    named = json.loads(path.read_text())
    for items in named.values():
        for item in items:
            item["body"] = base64.b64decode(item["body"])
    return named


@contextlib.contextmanager
def record_elasticsearch() -> Iterator[list[EsRequest]]:
    """Every request this process sends to Elasticsearch through elastic-transport (the
    official Python clients' transport), with its body as sent and the answer."""
    import elastic_transport

    recorded: list[EsRequest] = []
    nodes = [elastic_transport.Urllib3HttpNode, elastic_transport.RequestsHttpNode]
    originals = {node: node.perform_request for node in nodes}

    def wrap(original: Callable[..., Any]) -> Callable[..., Any]:
        def perform_request(self, method, target, body=None, headers=None, **kwargs):  # noqa: ANN001
            started = time.perf_counter()
            response = original(self, method, target, body=body, headers=headers, **kwargs)
            recorded.append(
                EsRequest(
                    method=method,
                    target=f"{self.path_prefix}{target}",
                    body=body or b"",
                    headers=dict(headers or {}),
                    started=started,
                    finished=time.perf_counter(),
                    status=response.meta.status,
                    response=response.body,
                )
            )
            return response

        return perform_request

    for node, original in originals.items():
        node.perform_request = wrap(original)
    try:
        yield recorded
    finally:
        for node, original in originals.items():
            node.perform_request = original


# --- SQL ------------------------------------------------------------------------------------


@dataclass
class SqlCount:
    times: list[float] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.times)

    def between(self, start: float, end: float) -> int:
        return sum(1 for moment in self.times if start <= moment <= end)


@contextlib.contextmanager
def count_sql() -> Iterator[SqlCount]:
    """Every SQL statement Django runs meanwhile, on every connection (also ones opened in
    other threads), with the moment it started (time.perf_counter)."""
    from django.db import connections
    from django.db.backends.signals import connection_created

    counter = SqlCount()
    lock = threading.Lock()

    def wrapper(execute, sql, params, many, context):  # noqa: ANN001
        with lock:
            counter.times.append(time.perf_counter())
        return execute(sql, params, many, context)

    wrapped: list[Any] = []

    def install(connection: Any) -> None:
        connection.execute_wrappers.append(wrapper)
        wrapped.append(connection)

    def on_created(sender: Any, connection: Any, **kwargs: Any) -> None:
        install(connection)

    for connection in connections.all(initialized_only=True):
        install(connection)
    connection_created.connect(on_created)
    try:
        yield counter
    finally:
        connection_created.disconnect(on_created)
        for connection in wrapped:
            with contextlib.suppress(ValueError):
                connection.execute_wrappers.remove(wrapper)


# --- HTTP -----------------------------------------------------------------------------------


class Http:
    """Keep-alive HTTP with timing; one instance per thread."""

    def __init__(self, timeout: float = 120.0) -> None:
        self.pool = urllib3.PoolManager(maxsize=2, retries=False, timeout=timeout)

    def request(
        self,
        method: str,
        url: str,
        body: bytes | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> tuple[float, urllib3.BaseHTTPResponse]:
        """(milliseconds, response); the body is read completely within the time."""
        started = time.perf_counter()
        response = self.pool.request(
            method, url, body=body, headers=dict(headers or {}), preload_content=True
        )
        return (time.perf_counter() - started) * 1000, response

    def get(self, url: str) -> tuple[float, urllib3.BaseHTTPResponse]:
        return self.request("GET", url)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class WebServer:
    """A WSGI application under gunicorn (sync workers) on 127.0.0.1, in its own session."""

    def __init__(
        self,
        name: str,
        app: str,
        env: Mapping[str, str],
        *,
        workers: int,
        workdir: Path,
        cwd: Path,
    ) -> None:
        self.name = name
        self.app = app
        self.env = dict(env)
        self.workers = workers
        self.log = workdir / f"gunicorn-{name}.log"
        self.cwd = cwd
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, ready_path: str, timeout: float = 180.0) -> WebServer:
        return self.launch().wait_ready(ready_path, timeout)

    def launch(self) -> WebServer:
        command = [
            sys.executable, "-m", "gunicorn", self.app,
            "--bind", f"127.0.0.1:{self.port}",
            "--workers", str(self.workers),
            "--timeout", "300",
            "--log-level", "warning",
            "--error-logfile", str(self.log),
        ]  # fmt: skip
        self.process = subprocess.Popen(
            command,
            cwd=self.cwd,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return self

    def wait_ready(self, ready_path: str, timeout: float = 180.0) -> WebServer:
        """Until ready_path answers 200 (the first answer may come from any worker)."""
        assert self.process is not None
        http = Http(timeout=60)
        deadline = time.monotonic() + timeout
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn ({self.name}) exited:\n{self.log_tail()}")
            try:
                _ms, response = http.get(self.url + ready_path)
                if response.status == 200:
                    return self
            except urllib3.exceptions.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn ({self.name}) not ready:\n{self.log_tail()}")
            time.sleep(0.3)

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def pids(self) -> list[int]:
        if self.process is None:
            return []
        return [self.process.pid, *_children(self.process.pid)]

    def rss_mb(self) -> float:
        """Resident memory of the master and its workers together."""
        return sum(_rss_kb(pid) for pid in self.pids()) / 1024

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name (field 2) may contain spaces; the parent id follows ") S ".
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return found


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def throughput(url: str, seconds: float, concurrency: int) -> tuple[int, float, int]:
    """Requests completed, elapsed seconds and failures with `concurrency` clients that
    each send the next request as soon as the previous answer arrived."""
    deadline = time.perf_counter() + seconds
    done = [0] * concurrency
    failed = [0] * concurrency

    def client(slot: int) -> None:
        http = Http()
        while time.perf_counter() < deadline:
            try:
                _ms, response = http.get(url)
            except urllib3.exceptions.HTTPError:
                failed[slot] += 1
                continue
            if response.status == 200:
                done[slot] += 1
            else:
                failed[slot] += 1

    began = time.perf_counter()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done), time.perf_counter() - began, sum(failed)


def load_average() -> float:
    return os.getloadavg()[0]
