"""Data built once and shared by many tests, the way Django's setUpTestData shares it: an
outer transaction stays open while the tests run (each test in a savepoint of its own, rolled
back after it) and is rolled back after the last of them.

A module-scoped fixture builds with `shared_data()` and yields the objects; the tests' own
fixture hands out `fresh()` copies, so no test sees another test's changes to an instance.
The session-wide layers (tests/conftest.py: the demo site) use `outer_transaction()`."""

from __future__ import annotations

import contextlib
import dataclasses
import inspect
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import factory.random

T = TypeVar("T")

# Scopes of the outer transactions open now, outermost first. A session layer opened inside
# a module's transaction would be rolled back with the module, under later modules' feet.
_open: list[str] = []


@contextlib.contextmanager
def outer_transaction(django_db_blocker: Any, scope: str) -> Iterator[None]:
    from django.db import transaction

    if scope == "session" and any(open_scope != "session" for open_scope in _open):
        raise RuntimeError(
            "A session data layer cannot start inside a module's shared data: move the tests "
            "that need both apart."
        )
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
    _open.append(scope)
    try:
        yield
    finally:
        _open.pop()
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@contextlib.contextmanager
def shared_data(django_db_blocker: Any, seed: str, build: Callable[[], T]) -> Iterator[T]:
    """Yields what `build()` made, inside the outer transaction (the factories seeded with
    `seed`, so the data do not depend on the tests that ran before)."""
    with outer_transaction(django_db_blocker, "module"):
        with django_db_blocker.unblock():
            factory.random.reseed_random(seed)
            data = build()
        yield data


def fresh(data: Any) -> Any:
    """The same data with every model instance read again from the database."""
    from django.db import models

    if isinstance(data, models.Model):
        return type(data)._default_manager.get(pk=data.pk)
    if isinstance(data, dict):
        return {key: fresh(value) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return type(data)(fresh(value) for value in data)
    if dataclasses.is_dataclass(data) and not isinstance(data, type):
        return dataclasses.replace(
            data, **{f.name: fresh(getattr(data, f.name)) for f in dataclasses.fields(data)}
        )
    return data


def shared_fixtures(
    name: str, build: Callable[..., Any], *, needs: str = "", doc: str = ""
) -> tuple[Any, Any]:
    """The two fixtures of data built once per module, to assign as
    `shared_<name>, <name> = shared_fixtures("<name>", build)`: `shared_<name>` (module
    scope) builds it with `build()`, `<name>` hands each test `fresh()` copies. With `needs`,
    the data is built on another such pair's data: `build(shared_<needs>)`, and the tests'
    fixture also sets up `<needs>`."""
    import pytest

    # Fixtures are requested by their parameter names, and they must be named, not fetched
    # with getfixturevalue(): pytest then sets up the module's data before the test's
    # transaction (`db`), which would otherwise roll it back after the first test.
    def shared(django_db_setup: Any, django_db_blocker: Any, request: Any, **base: Any) -> Any:
        with shared_data(
            django_db_blocker, request.node.nodeid, lambda: build(*base.values())
        ) as made:
            yield made

    def for_test(**fixtures: Any) -> Any:
        return fresh(fixtures[f"shared_{name}"])

    def named(function: Callable, names: list[str]) -> Callable:
        keyword = inspect.Parameter.KEYWORD_ONLY
        function.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
            [inspect.Parameter(n, keyword) for n in names]
        )
        return function

    shared_names = ["django_db_setup", "django_db_blocker", "request"]
    test_names = ["db", f"shared_{name}"]
    if needs:
        shared_names.append(f"shared_{needs}")
        test_names.insert(0, needs)
    for_test.__doc__ = doc or f"Built once per module ({build.__name__})."
    return (
        pytest.fixture(scope="module", name=f"shared_{name}")(named(shared, shared_names)),
        pytest.fixture(name=name)(named(for_test, test_names)),
    )
