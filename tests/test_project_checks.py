"""The gate's Django checks, run inside the test session that has Django set up already (two
manage.py processes cost the test command about 20 s before the first test): the system
checks pass without warnings, and the migrations match the models. On both databases."""

from __future__ import annotations

import io

from django.core.management import call_command
from django.core.management.base import SystemCheckError

import pytest

pytestmark = pytest.mark.embedded


def test_system_checks_pass_without_warnings():
    try:
        call_command("check", fail_level="WARNING", stdout=io.StringIO())
    except SystemCheckError as error:
        pytest.fail(str(error))


@pytest.mark.django_db  # makemigrations checks the database's migration history first
def test_migrations_match_the_models():
    output = io.StringIO()
    try:
        call_command("makemigrations", check=True, dry_run=True, stdout=output)
    except SystemExit:
        pytest.fail(f"Models have changes without a migration:\n{output.getvalue()}")
