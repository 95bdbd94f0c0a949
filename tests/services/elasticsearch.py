"""A throwaway Elasticsearch server for development and the test suite, without Docker.

The official distribution comes from Maven Central (Elastic publishes an "integ-test" zip
there for exactly this purpose: no bundled JDK, only the core modules), so the machine needs
Maven and a JDK, nothing else. Each run gets its own temporary config, data and log
directories; nothing survives a stop.

This module must not import Django: pytest imports it before settings are configured, and
`python -m tests.services.elasticsearch` runs without any settings at all.

    python -m tests.services.elasticsearch fetch            # download and unpack once
    python -m tests.services.elasticsearch start [--port N] # foreground, Ctrl-C stops it
    python -m tests.services.elasticsearch status | stop    # from another terminal
    python -m tests.services.elasticsearch serve --url-file F  # scripts/test.sh: one server
                                                            # for its parallel pytest runs
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import ctypes
import json
import os
import pwd
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from .process import HOST, Service, alive, free_ports, tail

DEFAULT_VERSION = "8.19.3"
DEFAULT_HEAP = "512m"
DEFAULT_START_TIMEOUT = 180.0
MAVEN_ARTIFACT = "org.elasticsearch.distribution.integ-test-zip:elasticsearch:{version}:zip"
SERVICE_USER = "elasticsearch"

REPO_DIR = Path(__file__).resolve().parents[2]
SERVICES_DIR = REPO_DIR / ".services"
# Written by the `start` subcommand so that `status` and `stop` work from another terminal.
STATE_FILE = SERVICES_DIR / "elasticsearch.json"
JVM_DIR = Path("/usr/lib/jvm")
_BIND_FAILURE = re.compile(r"Bind\w*Exception|Address already in use")


class ElasticsearchServiceError(RuntimeError):
    """The distribution, the JDK or the server itself is not usable; the message says why."""


def configured_version() -> str:
    return os.environ.get("ELASTICSEARCH_VERSION", "").strip() or DEFAULT_VERSION


def distribution_home(version: str | None = None) -> Path:
    return SERVICES_DIR / f"elasticsearch-{version or configured_version()}"


def fetch_distribution(version: str | None = None) -> Path:
    """Download (through Maven, which caches it in ~/.m2) and unpack the distribution once.

    Returns the unpacked home directory; does nothing when it is already there.
    """
    version = version or configured_version()
    home = distribution_home(version)
    if (home / "bin" / "elasticsearch").is_file():
        return home

    mvn = shutil.which("mvn")
    if mvn is None:
        raise ElasticsearchServiceError(
            "Maven (mvn) is needed to download Elasticsearch: apt-get install maven"
        )
    SERVICES_DIR.mkdir(parents=True, exist_ok=True)
    download_dir = Path(tempfile.mkdtemp(prefix=".download-", dir=SERVICES_DIR))
    try:
        command = [
            mvn,
            "-q",
            "-B",
            "-Dstyle.color=never",  # plain error messages for the exception text
            "dependency:copy",
            f"-Dartifact={MAVEN_ARTIFACT.format(version=version)}",
            f"-DoutputDirectory={download_dir}",
        ]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        archives = list(download_dir.glob("*.zip"))
        if result.returncode != 0 or len(archives) != 1:
            raise ElasticsearchServiceError(
                f"Could not download Elasticsearch {version} with `{' '.join(command)}` "
                f"(exit code {result.returncode}):\n{tail(result.stdout + result.stderr, 40)}"
            )
        _unpack(archives[0], home)
    finally:
        # The copy is redundant once unpacked: Maven keeps the original in ~/.m2.
        shutil.rmtree(download_dir, ignore_errors=True)
    return home


def _unpack(archive: Path, home: Path) -> None:
    staging = Path(tempfile.mkdtemp(prefix=".unpack-", dir=home.parent))
    try:
        with zipfile.ZipFile(archive) as zf:
            for info in zf.infolist():
                target = Path(zf.extract(info, staging))
                # zipfile drops the permission bits; bin/ must stay executable. Everything is
                # made world-readable because the server runs as a different user than root.
                mode = (info.external_attr >> 16) & 0o777
                if info.is_dir():
                    target.chmod((mode or 0o755) | 0o755)
                else:
                    target.chmod((mode or 0o644) | 0o444 | (0o111 if mode & 0o100 else 0))
        tops = [p for p in staging.iterdir() if p.is_dir()]
        if len(tops) != 1 or not (tops[0] / "bin" / "elasticsearch").is_file():
            raise ElasticsearchServiceError(f"{archive} is not an Elasticsearch distribution")
        try:
            # A rename is atomic, so concurrent fetches (parallel test runs) never see a
            # half-unpacked tree; the loser of the race just discards its copy.
            tops[0].rename(home)
        except OSError:
            if not (home / "bin" / "elasticsearch").is_file():
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def min_java_major(version: str) -> int:
    """The oldest JDK the given Elasticsearch release runs on."""
    major = int(version.split(".", 1)[0])
    return {7: 11, 8: 17}.get(major, 21)


def java_major(java_home: Path) -> int | None:
    release = java_home / "release"
    text = ""
    if release.is_file():
        match = re.search(r'^JAVA_VERSION="([^"]+)"', release.read_text(), re.MULTILINE)
        text = match.group(1) if match else ""
    elif (java_home / "bin" / "java").is_file():
        result = subprocess.run(
            [str(java_home / "bin" / "java"), "-version"],
            capture_output=True,
            text=True,
            check=False,
        )
        match = re.search(r'version "([^"]+)"', result.stderr)
        text = match.group(1) if match else ""
    match = re.match(r"(?:1\.)?(\d+)", text)
    return int(match.group(1)) if match else None


def find_java_home(min_major: int) -> Path:
    """A JDK of at least `min_major`: ES_JAVA_HOME or JAVA_HOME first, then /usr/lib/jvm."""
    rejected: list[str] = []
    for variable in ("ES_JAVA_HOME", "JAVA_HOME"):
        value = os.environ.get(variable, "").strip()
        if not value:
            continue
        major = java_major(Path(value))
        if major is not None and major >= min_major and (Path(value) / "bin" / "java").is_file():
            return Path(value)
        rejected.append(f"{variable}={value} (Java {major or 'unknown'})")

    found: dict[Path, int] = {}
    if JVM_DIR.is_dir():
        for entry in JVM_DIR.iterdir():
            home = entry.resolve()
            if home in found or not (home / "bin" / "java").is_file():
                continue
            major = java_major(home)
            if major is not None:
                found[home] = major
    suitable = sorted((major, str(home)) for home, major in found.items() if major >= min_major)
    if suitable:
        # The oldest sufficient JDK: an Elasticsearch release is tested against the JDKs of
        # its day, and a much newer one may refuse its JVM options.
        return Path(suitable[0][1])
    rejected += [f"{home} (Java {major})" for home, major in sorted(found.items())]
    raise ElasticsearchServiceError(
        f"No Java {min_major}+ found (looked at ES_JAVA_HOME, JAVA_HOME and {JVM_DIR}: "
        f"{', '.join(rejected) or 'nothing'}). Install one, e.g. "
        f"apt-get install openjdk-{max(min_major, 17)}-jre-headless, or set ES_JAVA_HOME."
    )


def service_account() -> tuple[int, int] | None:
    """(uid, gid) to run the server as: Elasticsearch refuses to run as root. None when not
    root (the server then runs as the current user)."""
    if os.geteuid() != 0:
        return None
    try:
        entry = pwd.getpwnam(SERVICE_USER)
    except KeyError:
        subprocess.run(
            [
                "useradd",
                "--system",
                "--no-create-home",
                "--shell",
                "/usr/sbin/nologin",
                SERVICE_USER,
            ],
            check=True,
        )
        entry = pwd.getpwnam(SERVICE_USER)
    return entry.pw_uid, entry.pw_gid


def _die_with_parent() -> None:
    # Runs in the child between fork and exec. If the Python process is killed outright
    # (SIGKILL, a crashed pytest), the kernel sends the launcher SIGTERM, and the launcher
    # takes its server JVM down with it, so no orphaned Elasticsearch keeps the port and RAM.
    pr_set_pdeathsig = 1
    with contextlib.suppress(Exception):
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


class ElasticsearchServer(Service):
    """A single-node Elasticsearch on 127.0.0.1, security off, in a temporary directory.

    with ElasticsearchServer() as server:
        requests.get(server.url)
    """

    name = "Elasticsearch"

    def __init__(
        self,
        version: str | None = None,
        *,
        home: Path | None = None,
        port: int | None = None,
        heap: str | None = None,
        java_home: Path | None = None,
    ) -> None:
        self.version = version or configured_version()
        self.home = home
        self.heap = heap or os.environ.get("ELASTICSEARCH_HEAP", "").strip() or DEFAULT_HEAP
        self.java_home = java_home
        self._requested_port = port
        self.port: int | None = None
        self.workdir: Path | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self.startup_seconds: float | None = None

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process else None

    @property
    def console_log(self) -> Path | None:
        return self.workdir / "console.log" if self.workdir else None

    def is_running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self, timeout: float = DEFAULT_START_TIMEOUT) -> ElasticsearchServer:
        if self._process is not None:
            raise RuntimeError("This Elasticsearch server is already started")
        home = self.home or fetch_distribution(self.version)
        java_home = self.java_home or find_java_home(min_java_major(self.version))
        began = time.monotonic()
        # Picking a free port and binding it later is racy; one retry on a bind failure
        # covers the rare case that another process grabbed the port in between.
        attempts = 1 if self._requested_port else 2
        for attempt in range(1, attempts + 1):
            try:
                self._launch(home, java_home)
                self._wait_until_ready(timeout - (time.monotonic() - began))
            except ElasticsearchServiceError as exc:
                if attempt < attempts and _BIND_FAILURE.search(str(exc)):
                    continue
                raise
            self.startup_seconds = time.monotonic() - began
            return self
        raise AssertionError("unreachable")

    def _launch(self, home: Path, java_home: Path) -> None:
        account = service_account()
        workdir = Path(tempfile.mkdtemp(prefix="nfh-elasticsearch-"))
        self.workdir = workdir
        # A private copy of the config: Elasticsearch writes into its config directory
        # (keystore), and the unpacked distribution stays pristine and root-owned.
        shutil.copytree(home / "config", workdir / "config")
        for name in ("data", "logs", "tmp"):
            (workdir / name).mkdir()
        if account:
            for path in [workdir, *workdir.rglob("*")]:
                os.chown(path, *account, follow_symlinks=False)

        if self._requested_port:
            self.port, transport_port = self._requested_port, free_ports(1)[0]
        else:
            self.port, transport_port = free_ports(2)
        env = {
            **os.environ,
            "ES_JAVA_HOME": str(java_home),
            "ES_PATH_CONF": str(workdir / "config"),
            "ES_TMPDIR": str(workdir / "tmp"),
            # C1 only: a test server lives minutes, in which the C2 compiler's work does not
            # pay off. Over a run of four search test files its JVM used 38 instead of 66-72 s
            # of CPU (boot: 11 instead of 20-22 s), with the same wall time.
            "ES_JAVA_OPTS": f"-Xms{self.heap} -Xmx{self.heap} -XX:TieredStopAtLevel=1",
            # The service user cannot read root's home; Java looks there for preferences.
            "HOME": str(workdir),
        }
        command = [
            str(home / "bin" / "elasticsearch"),
            "-Ediscovery.type=single-node",
            f"-Enetwork.host={HOST}",
            f"-Ehttp.port={self.port}",
            # An explicit transport port: the default range 9300-9399 is shared with any
            # other Elasticsearch on the machine.
            f"-Etransport.port={transport_port}",
            f"-Epath.data={workdir / 'data'}",
            f"-Epath.logs={workdir / 'logs'}",
            "-Expack.security.enabled=false",
            # Nearly full developer disks would otherwise turn every new index read-only.
            "-Ecluster.routing.allocation.disk.threshold_enabled=false",
        ]
        user_kwargs: dict[str, object] = {}
        if account:
            user_kwargs = {"user": account[0], "group": account[1], "extra_groups": []}
        with open(workdir / "console.log", "wb") as console:
            self._process = subprocess.Popen(
                command,
                cwd=workdir,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=console,
                stderr=subprocess.STDOUT,
                # Its own process group, so stop() reaches the launcher and the server JVM
                # alike, and a Ctrl-C in the terminal is handled by us, not by the JVM.
                start_new_session=True,
                preexec_fn=_die_with_parent,
                **user_kwargs,  # type: ignore[arg-type]
            )
        atexit.register(self.stop)

    def _wait_until_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + max(timeout, 1.0)
        health = f"{self.url}/_cluster/health?wait_for_status=yellow&timeout=1s"
        while True:
            assert self._process is not None
            returncode = self._process.poll()
            if returncode is not None:
                self._fail(f"Elasticsearch exited with code {returncode} during start-up")
            try:
                with urllib.request.urlopen(health, timeout=5) as response:
                    if json.load(response).get("status") in {"yellow", "green"}:
                        return
            except (urllib.error.URLError, OSError, ValueError):
                pass  # not listening yet, or 408 while the cluster is still red
            if time.monotonic() > deadline:
                self._fail(f"Elasticsearch did not become ready within {timeout:.0f} s")
            time.sleep(0.25)

    def _fail(self, reason: str) -> None:
        log = self.console_log
        tail = self.log_tail()
        self.stop()
        raise ElasticsearchServiceError(f"{reason}. Last lines of {log}:\n{tail}")

    def log_tail(self, lines: int = 40) -> str:
        """The end of the server's console output (which also carries the server log)."""
        if self.workdir is None:
            return "(no output)"
        for path in (self.workdir / "console.log", self.workdir / "logs" / "elasticsearch.log"):
            if path.is_file():
                text = path.read_text(errors="replace")
                if text.strip():
                    return tail(text, lines)
        return "(no output)"

    def stop(self, timeout: float = 30.0) -> None:
        """SIGTERM to the whole process group, SIGKILL if it does not go; remove the temp dir.
        Safe to call more than once."""
        atexit.unregister(self.stop)
        process, self._process = self._process, None
        if process is not None:
            pgid = process.pid  # the session leader's pid is its group id
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pgid, signal.SIGTERM)
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(pgid, signal.SIGKILL)
                process.wait()
            # The launcher normally waits for the server JVM, but a launcher killed by a
            # signal leaves it behind in the group.
            deadline = time.monotonic() + 10
            while alive(pgid, group=True) and time.monotonic() < deadline:
                time.sleep(0.1)
            with contextlib.suppress(ProcessLookupError):
                if alive(pgid, group=True):
                    os.killpg(pgid, signal.SIGKILL)
        if self.workdir is not None:
            shutil.rmtree(self.workdir, ignore_errors=True)
            self.workdir = None


# --- command line -----------------------------------------------------------------------


def _read_state() -> dict | None:
    try:
        state = json.loads(STATE_FILE.read_text())
    except (OSError, ValueError):
        return None
    return state if alive(state.get("controller_pid", -1)) else None


def cmd_fetch(version: str | None = None, stdout: TextIO = sys.stdout) -> int:
    home = fetch_distribution(version)
    stdout.write(f"Elasticsearch {version or configured_version()} is in {home}\n")
    return 0


def cmd_start(
    port: int | None = None,
    timeout: float = DEFAULT_START_TIMEOUT,
    stdout: TextIO = sys.stdout,
    stderr: TextIO = sys.stderr,
    url_file: Path | None = None,
) -> int:
    """Run a server in the foreground until Ctrl-C, SIGTERM (or `stop`).

    With `url_file` (the `serve` subcommand: one server for the test command's parallel
    pytest runs) the URL is written there once the server answers, and the server is private
    to its caller: no state file, so `status`, `stop` and a developer's `start` ignore it."""
    if url_file is None and _read_state():
        stderr.write("An Elasticsearch server started by this command is already running.\n")
        return 1

    def _interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    # `stop` sends SIGTERM; turning it into KeyboardInterrupt runs the same cleanup.
    previous_handler = signal.signal(signal.SIGTERM, _interrupt)
    server = ElasticsearchServer(port=port)
    stderr.write(f"Starting Elasticsearch {server.version} ...\n")
    try:
        server.start(timeout=timeout)
        if url_file is None:
            STATE_FILE.parent.mkdir(parents=True, exist_ok=True)
            STATE_FILE.write_text(
                json.dumps(
                    {
                        "controller_pid": os.getpid(),
                        "server_pgid": server.pid,
                        "url": server.url,
                        "version": server.version,
                        "log": str(server.console_log),
                    }
                )
            )
        else:
            # Renamed into place: a reader never sees half a URL.
            partial = url_file.with_name(url_file.name + ".partial")
            partial.write_text(server.url)
            partial.replace(url_file)
        stdout.write(f"ELASTICSEARCH_URL={server.url}\n")
        stdout.flush()
        stderr.write(
            f"Ready after {server.startup_seconds:.1f} s. Log: {server.console_log}\n"
            "The data is thrown away on exit. Press Ctrl-C to stop.\n"
        )
        while server.is_running():
            time.sleep(1)
        stderr.write(f"Elasticsearch exited unexpectedly:\n{server.log_tail()}\n")
        return 1
    except KeyboardInterrupt:
        stderr.write("Stopping Elasticsearch ...\n")
        return 0
    except ElasticsearchServiceError as exc:
        stderr.write(f"{exc}\n")
        if url_file is not None:
            # The waiting test runs read the reason instead of waiting until their timeout.
            url_file.write_text(f"error: {exc}")
        return 1
    finally:
        server.stop()
        signal.signal(signal.SIGTERM, previous_handler)
        if url_file is None:
            with contextlib.suppress(FileNotFoundError):
                STATE_FILE.unlink()


def cmd_status(stdout: TextIO = sys.stdout) -> int:
    """Exit code 0 when a server started with `start` answers, 3 otherwise (as LSB's status)."""
    state = _read_state()
    if state is None:
        stdout.write("Elasticsearch (started with `start`) is not running.\n")
        return 3
    try:
        with urllib.request.urlopen(f"{state['url']}/_cluster/health", timeout=5) as response:
            health = json.load(response)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        stdout.write(f"Elasticsearch at {state['url']} does not answer: {exc}\n")
        return 3
    stdout.write(
        f"ELASTICSEARCH_URL={state['url']}\n"
        f"version {state['version']}, cluster status {health.get('status')}, "
        f"log {state['log']}\n"
    )
    return 0


def cmd_stop(stdout: TextIO = sys.stdout, timeout: float = 60.0) -> int:
    state = _read_state()
    if state is None:
        stdout.write("Elasticsearch (started with `start`) is not running.\n")
        return 0
    # The foreground `start` process stops the server and removes its files itself.
    os.kill(state["controller_pid"], signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while alive(state["controller_pid"]) and time.monotonic() < deadline:
        time.sleep(0.2)
    if alive(state["server_pgid"], group=True):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(state["server_pgid"], signal.SIGKILL)
    stdout.write("Elasticsearch stopped.\n")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.services.elasticsearch",
        description="A throwaway local Elasticsearch (version from ELASTICSEARCH_VERSION, "
        f"default {DEFAULT_VERSION}; heap from ELASTICSEARCH_HEAP, default {DEFAULT_HEAP}).",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("fetch", help="download and unpack the distribution")
    start = commands.add_parser("start", help="run in the foreground until Ctrl-C")
    start.add_argument("--port", type=int, default=None, help="HTTP port (default: a free one)")
    start.add_argument("--timeout", type=float, default=DEFAULT_START_TIMEOUT)
    serve = commands.add_parser(
        "serve",
        help="like start, for the test command: write the URL to a file, no state file",
    )
    serve.add_argument("--url-file", type=Path, required=True)
    serve.add_argument("--timeout", type=float, default=DEFAULT_START_TIMEOUT)
    commands.add_parser("status", help="is the server started with `start` up?")
    commands.add_parser("stop", help="stop the server started with `start`")
    args = parser.parse_args(argv)
    try:
        if args.command == "fetch":
            return cmd_fetch()
        if args.command == "start":
            return cmd_start(port=args.port, timeout=args.timeout)
        if args.command == "serve":
            return cmd_start(timeout=args.timeout, url_file=args.url_file)
        if args.command == "status":
            return cmd_status()
        return cmd_stop()
    except ElasticsearchServiceError as exc:
        print(exc, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
