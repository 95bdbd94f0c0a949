"""Whether a missing service (a server, the browser, a command-line tool) fails the run or
skips the test that needs it: it fails in CI and with REQUIRE_SERVICES set."""

from __future__ import annotations

import os
from typing import NoReturn

import pytest

_TRUE = {"1", "true", "yes", "on"}


def _env_true(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in _TRUE


def services_required() -> bool:
    return _env_true("CI") or _env_true("REQUIRE_SERVICES")


def require_or_skip(message: str) -> NoReturn:
    """Fails the test when services are required, else skips it; `message` says what is
    missing and how to install it."""
    if services_required():
        pytest.fail(message, pytrace=False)
    pytest.skip(message)
