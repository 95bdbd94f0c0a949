"""A throwaway PostgreSQL cluster for one test session.

initdb into a fresh temporary directory, durability switched off (the data dies with the
session anyway), listening on 127.0.0.1 and a private socket directory only, so it never
collides with a PostgreSQL the machine already runs."""

from __future__ import annotations

import atexit
import fcntl
import os
import pwd
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from .process import HOST, Service, free_ports, tail

SUPERUSER = "postgres"
OS_USER = "postgres"  # initdb and postgres refuse to run as root
PG_ROOT = Path("/usr/lib/postgresql")

# Speed over durability: nothing in a test cluster has to survive a crash. No JIT: the planner
# thought Wagtail's wide page queries worth compiling, 0.1-0.25 s each (README, "Production").
SERVER_SETTINGS = {
    "fsync": "off",
    "full_page_writes": "off",
    "synchronous_commit": "off",
    "jit": "off",
}


class PostgresServiceError(RuntimeError):
    """PostgreSQL could not be found or started; the message says why."""


def find_pg_bin() -> Path | None:
    """PG_BIN if set, else the bin directory of the highest /usr/lib/postgresql/<version>."""
    configured = os.environ.get("PG_BIN", "").strip()
    if configured:
        path = Path(configured)
        return path if (path / "initdb").is_file() else None
    versions = []
    for candidate in PG_ROOT.glob("*/bin/initdb"):
        version = candidate.parent.parent.name
        if re.fullmatch(r"\d+(\.\d+)?", version):
            versions.append((float(version), candidate.parent))
    return max(versions)[1] if versions else None


def _environment_without_pg_variables() -> dict[str, str]:
    """PG* variables from the developer's shell (PGPORT, PGHOST, ...) must not redirect the
    tools to another server."""
    return {k: v for k, v in os.environ.items() if not k.startswith("PG")}


def _os_account() -> tuple[int, int] | None:
    if os.geteuid() != 0:
        return None
    try:
        entry = pwd.getpwnam(OS_USER)
    except KeyError:
        raise PostgresServiceError(
            f"Running as root, but the OS user {OS_USER!r} to run PostgreSQL as does not "
            "exist; it comes with the Debian package: apt-get install postgresql"
        ) from None
    return entry.pw_uid, entry.pw_gid


class PostgresServer(Service):
    """with PostgresServer() as server: connect to server.url"""

    name = "PostgreSQL"
    url_pattern = f"postgres://{SUPERUSER}@{{host}}:{{port}}/postgres"

    def __init__(self, bin_dir: Path | None = None, *, port: int | None = None) -> None:
        self.bin_dir = bin_dir
        self._requested_port = port
        self.port: int | None = None
        self.workdir: Path | None = None
        self.startup_seconds: float | None = None
        self._account: tuple[int, int] | None = None
        self._running = False

    @property
    def host(self) -> str:
        return HOST

    @property
    def data_dir(self) -> Path:
        if self.workdir is None:
            raise RuntimeError("The PostgreSQL server has not been started")
        return self.workdir / "data"

    @property
    def log_file(self) -> Path:
        return self.data_dir.parent / "postgres.log"

    def _run(self, *args: str | Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        assert self.bin_dir is not None and self.workdir is not None
        command = [str(self.bin_dir / str(args[0])), *map(str, args[1:])]
        user_kwargs: dict[str, object] = {}
        if self._account:
            user_kwargs = {"user": self._account[0], "group": self._account[1], "extra_groups": []}
        env = {**_environment_without_pg_variables(), "HOME": str(self.workdir)}
        return subprocess.run(
            command,
            cwd=self.workdir,  # the postgres user may not be allowed into the current dir
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            **user_kwargs,  # type: ignore[arg-type]
        )

    def start(self, timeout: float = 60) -> PostgresServer:
        if self._running:
            raise RuntimeError("This PostgreSQL server is already started")
        began = time.monotonic()
        self.bin_dir = self.bin_dir or find_pg_bin()
        if self.bin_dir is None:
            raise PostgresServiceError(
                "PostgreSQL server binaries not found (looked at PG_BIN and "
                f"{PG_ROOT}/*/bin): apt-get install postgresql"
            )
        self._account = _os_account()
        self.workdir = Path(tempfile.mkdtemp(prefix="nfh-postgres-"))
        (self.workdir / "socket").mkdir()
        if self._account:
            for path in (self.workdir, self.workdir / "socket"):
                os.chown(path, *self._account)
        try:
            self._initdb()
            # Picking a free port and binding it later is racy: retry once with another.
            attempts = 1 if self._requested_port else 2
            for attempt in range(1, attempts + 1):
                self.port = self._requested_port or free_ports()[0]
                self._write_config()
                result = self._run(
                    "pg_ctl", "-D", self.data_dir, "-l", self.log_file,
                    "-w", "-t", str(int(timeout)), "start",
                    timeout=timeout + 10,
                )  # fmt: skip
                if result.returncode == 0:
                    break
                log = self._log_tail()
                if attempt == attempts or "could not bind" not in log:
                    raise PostgresServiceError(
                        f"pg_ctl start failed (exit code {result.returncode}):\n"
                        f"{tail(result.stdout + result.stderr, 30)}\n"
                        f"Last lines of {self.log_file}:\n{log}"
                    )
            self._running = True
            atexit.register(self.stop)
            self._wait_until_ready(timeout)
        except BaseException:
            self.stop()
            raise
        self.startup_seconds = time.monotonic() - began
        return self

    def _initdb(self) -> None:
        # C.UTF-8 sorts like C but keeps non-ASCII characters classified correctly (upper()
        # of "ü"); minimal systems lack it, and C is the fallback that always exists.
        for locale in ("C.UTF-8", "C"):
            shutil.rmtree(self.data_dir, ignore_errors=True)
            result = self._run(
                "initdb", "-D", self.data_dir, "-U", SUPERUSER, "-A", "trust",
                "--encoding=UTF8", f"--locale={locale}", "--no-sync", "--no-instructions",
            )  # fmt: skip
            if result.returncode == 0:
                return
        raise PostgresServiceError(
            f"initdb failed (exit code {result.returncode}):\n"
            f"{tail(result.stdout + result.stderr, 30)}"
        )

    def _write_config(self) -> None:
        assert self.workdir is not None
        settings = {
            "listen_addresses": f"'{HOST}'",
            "port": str(self.port),
            "unix_socket_directories": f"'{self.workdir / 'socket'}'",
            **SERVER_SETTINGS,
        }
        # postgresql.auto.conf is read last and is meant to be rewritten; the file stays
        # owned by the postgres user because we only replace its content.
        conf = self.data_dir / "postgresql.auto.conf"
        conf.write_text("".join(f"{key} = {value}\n" for key, value in settings.items()))

    def _wait_until_ready(self, timeout: float) -> None:
        # pg_ctl -w already waited for the postmaster; this proves the TCP listener
        # the tests use is up.
        deadline = time.monotonic() + timeout
        while True:
            result = self._run(
                "pg_isready", "-h", HOST, "-p", str(self.port), "-U", SUPERUSER, "-t", "2"
            )
            if result.returncode == 0:
                return
            if time.monotonic() > deadline:
                raise PostgresServiceError(
                    f"PostgreSQL did not accept connections on {HOST}:{self.port} within "
                    f"{timeout:.0f} s:\n{result.stdout}{result.stderr}\n{self._log_tail()}"
                )
            time.sleep(0.2)

    def _client(self, *args: str | Path) -> None:
        """A client program (pg_dump, psql, createdb) against this cluster, run as the current
        user: the files it reads and writes are ours, not the server account's."""
        assert self.bin_dir is not None
        command = [str(self.bin_dir / str(args[0])), "-h", HOST, "-p", str(self.port)]
        command += ["-U", SUPERUSER, *map(str, args[1:])]
        result = subprocess.run(
            command,
            env=_environment_without_pg_variables(),
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise PostgresServiceError(
                f"{args[0]} failed (exit code {result.returncode}):\n"
                f"{tail(result.stdout + result.stderr, 30)}"
            )

    def dump(self, database: str, path: Path) -> None:
        """The database as SQL in `path`, which appears complete or not at all."""
        partial = path.with_name(path.name + ".partial")
        self._client("pg_dump", "--no-owner", "--file", partial, database)
        partial.replace(path)

    def restore(self, database: str, path: Path) -> None:
        """A new database made from a dump() of another cluster's."""
        self._client("createdb", database)
        self._client("psql", "-q", "-X", "-v", "ON_ERROR_STOP=1", "-f", path, "-d", database)

    def _log_tail(self) -> str:
        try:
            return tail(self.log_file.read_text(errors="replace"), 30)
        except (OSError, RuntimeError):
            return "(no log)"

    def stop(self) -> None:
        """Fast shutdown (aborts open transactions) and removal of all files; idempotent."""
        atexit.unregister(self.stop)
        if self._running:
            self._running = False
            result = self._run("pg_ctl", "-D", self.data_dir, "-m", "fast", "-w", "stop")
            if result.returncode != 0:
                self._run("pg_ctl", "-D", self.data_dir, "-m", "immediate", "-w", "stop")
        if self.workdir is not None:
            shutil.rmtree(self.workdir, ignore_errors=True)
            self.workdir = None


class SharedMigrations:
    """One migration for several test sessions that each run a cluster of their own (the
    PostgreSQL parts of scripts/test.sh): the first session to take the lock migrates and
    leaves a dump of its fresh database in `path`; the others wait for it and restore it.
    Migrating took about 30 s of CPU a session, restoring about 2 s.

    A session whose migration fails keeps the lock until its process ends (every test it has
    fails then); the next one finds no dump and migrates itself."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock: int | None = None

    def restore_into(self, server: PostgresServer, database: str) -> bool:
        """True when `database` was restored from the dump. False: there is none yet, and
        this session migrates it and then calls save() (the others wait until then)."""
        self._lock = os.open(self.path.with_name(self.path.name + ".lock"), os.O_CREAT | os.O_RDWR)
        fcntl.flock(self._lock, fcntl.LOCK_EX)
        if not self.path.is_file():
            return False
        try:
            server.restore(database, self.path)
        finally:
            self.release()
        return True

    def save(self, server: PostgresServer, database: str) -> None:
        try:
            server.dump(database, self.path)
        finally:
            self.release()

    def release(self) -> None:
        if self._lock is not None:
            os.close(self._lock)  # closing the descriptor releases the flock
            self._lock = None
