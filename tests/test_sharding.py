"""The split of the suite into parts that run side by side (tests/sharding.py)."""

from __future__ import annotations

import json

import pytest

from tests import sharding


def test_every_file_lands_in_exactly_one_part_and_the_parts_are_balanced():
    weights = {"a.py": 90.0, "b.py": 60.0, "c.py": 40.0, "d.py": 30.0, "e.py": 20.0}
    parts = sharding.assign_files(weights, 2)
    assert set().union(*parts) == set(weights)
    assert not parts[0] & parts[1]
    totals = sorted(sum(weights[name] for name in part) for part in parts)
    assert totals == [120.0, 120.0]


def test_the_split_does_not_depend_on_the_order_files_were_seen_in():
    weights = {f"tests/test_{n}.py": float(n % 7) for n in range(40)}
    reordered = dict(reversed(list(weights.items())))
    assert sharding.assign_files(weights, 3) == sharding.assign_files(reordered, 3)


@pytest.mark.parametrize("value", ["2", "0/2", "3/2", "a/b", "1/2/3"])
def test_a_malformed_shard_is_a_usage_error(value):
    with pytest.raises(pytest.UsageError):
        sharding.parse_shard(value)


def test_the_recorded_durations_name_existing_test_files():
    recorded = json.loads(sharding.DURATIONS.read_text())
    root = sharding.DURATIONS.parent.parent
    assert recorded, "tests/durations.json is empty"
    missing = [name for name in recorded if not (root / name).is_file()]
    assert not missing, f"durations of files that are gone: {missing} (--store-durations)"


def recorded_durations(pytester, monkeypatch, conftest: str, **files: str) -> dict[str, float]:
    """What --store-durations records for a session of `files` under `conftest` (which loads
    tests.sharding); all tests must pass."""
    durations = pytester.path / "durations.json"
    monkeypatch.setattr(sharding, "DURATIONS", durations)
    pytester.makeconftest(conftest)
    pytester.makepyfile(**files)
    result = pytester.runpytest_inprocess(
        "--store-durations", "-p", "no:cacheprovider", "-p", "no:django"
    )
    result.assert_outcomes(passed=len(files))
    return json.loads(durations.read_text())


def test_recorded_durations_leave_out_session_fixtures(pytester, monkeypatch):
    conftest = """
        import time
        import pytest

        pytest_plugins = ["tests.sharding"]

        @pytest.fixture(scope="session")
        def inner():
            time.sleep(0.5)

        @pytest.fixture(scope="session")
        def expensive(inner):
            time.sleep(0.5)
        """
    recorded = recorded_durations(
        pytester,
        monkeypatch,
        conftest,
        test_first="def test_a(expensive):\n    pass\n",
        test_second="import time\n\ndef test_b(expensive):\n    time.sleep(0.2)\n",
    )
    # Margins below either fixture's 0.5 s, so that a loaded machine's slowness cannot pass
    # for a leaked fixture, nor a leaked fixture hide in it.
    assert recorded["test_first.py"] < 0.4
    assert 0.2 <= recorded["test_second.py"] < 0.7


def test_a_test_that_freezes_time_records_its_real_duration(pytester, monkeypatch):
    conftest = """
        import pytest
        from freezegun import freeze_time

        pytest_plugins = ["tests.sharding"]

        @pytest.fixture(scope="session")
        def expensive():
            pass

        @pytest.fixture
        def frozen():
            with freeze_time("2020-01-01"):
                yield
        """
    recorded = recorded_durations(
        pytester, monkeypatch, conftest, test_frozen="def test_a(frozen, expensive):\n    pass\n"
    )
    # freezegun swaps the clocks of every loaded module, which takes a moment; not 1e9 s.
    assert 0 <= recorded["test_frozen.py"] < 60
