"""Splits one test session into parts that run side by side (`--shard K/N`), so the PostgreSQL
run can use both cores of the CI machine: much of a test's time is spent waiting for
PostgreSQL, Elasticsearch or Chromium, and another part's Python fills that time.

A part is a set of whole test files (module-scoped shared data is built once, in one part),
chosen by the files' durations recorded in tests/durations.json so that the parts take about
as long. A file the record does not know counts half a second a test. Within a part the
session's order (tests/conftest.py: the data layers last) stays as it is.

`--store-durations` records this run's durations by file into tests/durations.json (merged
with what is there, so a run of some files updates only theirs). Session-scoped fixtures (the
test database's migrations, the demo site, the browser) are left out: every part pays them once,
whichever file happens to come first, so counting them against that file would skew the split."""

from __future__ import annotations

import json
import time
from collections import defaultdict
from collections.abc import Generator
from pathlib import Path

import pytest

DURATIONS = Path(__file__).with_name("durations.json")
UNKNOWN_TEST_SECONDS = 0.5


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("sharding")
    group.addoption(
        "--shard",
        default=None,
        metavar="K/N",
        help="run only the K-th of N parts of the suite (whole files, balanced by duration)",
    )
    group.addoption(
        "--store-durations",
        action="store_true",
        help=f"record each test file's duration in {DURATIONS.name} for --shard",
    )


def parse_shard(value: str) -> tuple[int, int]:
    """(k, n) of 'K/N', 1 <= K <= N."""
    try:
        k, n = (int(part) for part in value.split("/"))
    except ValueError:
        raise pytest.UsageError(f"--shard expects K/N, e.g. 1/2, not {value!r}") from None
    if not 1 <= k <= n:
        raise pytest.UsageError(f"--shard {value}: K must be between 1 and N")
    return k, n


def assign_files(weights: dict[str, float], parts: int) -> list[set[str]]:
    """The files of each part: the heaviest file first to the lightest part so far (ties by
    name, so every part's process computes the same split)."""
    totals = [0.0] * parts
    assigned: list[set[str]] = [set() for _ in range(parts)]
    for name, weight in sorted(weights.items(), key=lambda item: (-item[1], item[0])):
        lightest = min(range(parts), key=lambda index: (totals[index], index))
        assigned[lightest].add(name)
        totals[lightest] += weight
    return assigned


def _recorded() -> dict[str, float]:
    try:
        return json.loads(DURATIONS.read_text())
    except FileNotFoundError:
        return {}


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    value = config.getoption("--shard")
    if not value:
        return
    k, n = parse_shard(value)
    recorded = _recorded()
    weights: dict[str, float] = defaultdict(float)
    for item in items:
        path = item.nodeid.split("::")[0]
        weights[path] += 0.0 if path in recorded else UNKNOWN_TEST_SECONDS
    for path in weights:
        weights[path] += recorded.get(path, 0.0)
    mine = assign_files(dict(weights), n)[k - 1]
    kept = [item for item in items if item.nodeid.split("::")[0] in mine]
    deselected = [item for item in items if item.nodeid.split("::")[0] not in mine]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
    items[:] = kept


def _clock() -> float:
    # Not perf_counter: freezegun replaces it inside frozen tests, clock_gettime it leaves alone.
    return time.clock_gettime(time.CLOCK_MONOTONIC)


class DurationRecorder:
    """Each test's time on a clock of its own: freezegun, which some tests use, replaces the
    perf_counter pytest's reports are timed with."""

    def __init__(self) -> None:
        self.by_file: dict[str, float] = defaultdict(float)
        self._session_setup_depth = 0
        self._left_out = 0.0

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_protocol(
        self, item: pytest.Item, nextitem: pytest.Item | None
    ) -> Generator[None, object, object]:
        self._left_out = 0.0
        started = _clock()
        try:
            return (yield)
        finally:
            seconds = _clock() - started - self._left_out
            self.by_file[item.nodeid.split("::")[0]] += max(0.0, seconds)

    @pytest.hookimpl(wrapper=True)
    def pytest_fixture_setup(
        self, fixturedef: pytest.FixtureDef, request: pytest.FixtureRequest
    ) -> Generator[None, object, object]:
        if fixturedef.scope != "session":
            return (yield)
        # Only the outermost: a session fixture set up inside another is already in its time.
        self._session_setup_depth += 1
        started = _clock()
        try:
            return (yield)
        finally:
            self._session_setup_depth -= 1
            if not self._session_setup_depth:
                self._left_out += _clock() - started

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_teardown(
        self, item: pytest.Item, nextitem: pytest.Item | None
    ) -> Generator[None, object, object]:
        # The last test's teardown also tears the session's fixtures down.
        started = _clock()
        try:
            return (yield)
        finally:
            if nextitem is None:
                self._left_out += _clock() - started

    def pytest_sessionfinish(self) -> None:
        merged = {**_recorded(), **{name: round(s, 1) for name, s in self.by_file.items()}}
        DURATIONS.write_text(json.dumps(dict(sorted(merged.items())), indent=1) + "\n")


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("--store-durations"):
        config.pluginmanager.register(DurationRecorder(), "durations-recorder")
