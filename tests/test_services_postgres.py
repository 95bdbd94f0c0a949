"""The session's database is the engine it claims to be, and the ORM works on it."""

from django.contrib.auth.models import Group
from django.db import connection

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]

VENDORS = {"postgres": "postgresql", "sqlite": "sqlite"}


def test_connection_uses_the_session_engine(database_engine):
    assert connection.vendor == VENDORS[database_engine]


def test_raw_query_reaches_the_server(database_engine):
    with connection.cursor() as cursor:
        if database_engine == "postgres":
            cursor.execute("SELECT version()")
            assert cursor.fetchone()[0].startswith("PostgreSQL ")
            cursor.execute("SELECT current_setting('server_encoding')")
            assert cursor.fetchone()[0] == "UTF8"
        else:
            cursor.execute("SELECT sqlite_version()")
            assert cursor.fetchone()[0].count(".") == 2


def test_orm_round_trip():
    group = Group.objects.create(name="Familienhebammen – Nord")
    assert Group.objects.get(pk=group.pk).name == "Familienhebammen – Nord"
    Group.objects.filter(pk=group.pk).update(name="Lotsendienst Süd")
    group.refresh_from_db()
    assert group.name == "Lotsendienst Süd"
    group.delete()
    assert not Group.objects.filter(name__startswith="Lotsendienst").exists()
