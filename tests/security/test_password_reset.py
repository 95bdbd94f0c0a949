"""Password-reset mail leaves the request: the form only queues a task, for a known address
and an unknown one alike; the task looks the address up and sends the link."""

from __future__ import annotations

import json
import re

from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from security.tasks import send_password_reset_mail

pytestmark = pytest.mark.django_db

DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
FORMS = {
    "professionals": ("/fachkraefte/passwort-vergessen/", "/fachkraefte/passwort-neu/"),
    "admin": ("/admin/password_reset/", "/admin/password_reset/confirm/"),
}


@pytest.fixture
def queued(settings):
    settings.TASKS = DUMMY_TASKS
    backend = send_password_reset_mail.get_backend()
    yield backend.results
    backend.clear()


@pytest.fixture
def account():
    return get_user_model().objects.create_user(
        "fachkraft", "fachkraft@x.example", "Altes-Passwort-2026"
    )


def request_reset(client, form: str, email: str):
    with CaptureQueriesContext(connection) as queries:
        response = client.post(FORMS[form][0], {"email": email})
    return response, [q["sql"] for q in queries.captured_queries]


def run(result) -> None:
    """Run a queued task as a worker would: with its arguments back from JSON."""
    kwargs = json.loads(json.dumps(result.kwargs))
    result.task.call(*result.args, **kwargs)


@pytest.mark.parametrize("form", FORMS)
def test_the_request_only_queues_and_the_task_sends(client, queued, account, form):
    known, known_queries = request_reset(client, form, "fachkraft@x.example")
    unknown, unknown_queries = request_reset(client, form, "niemand@x.example")

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert mail.outbox == []
    # Nothing in the request depends on the address: no account is looked up.
    assert not any("auth_user" in sql for sql in known_queries + unknown_queries)
    assert len(known_queries) == len(unknown_queries)
    assert [r.task.name for r in queued] == ["send_password_reset_mail"] * 2

    run(queued[1])  # the unknown address: no mail
    assert mail.outbox == []
    run(queued[0])
    assert [m.to for m in mail.outbox] == [["fachkraft@x.example"]]
    link = re.search(r"http://testserver(\S+)", mail.outbox[0].body).group(1)
    assert link.startswith(FORMS[form][1])
    # The link works: it leads to the form for the new password.
    assert client.get(link, follow=True).context["validlink"] is True


def test_the_mail_is_in_the_language_of_the_request(client, queued, account):
    client.post("/en/fachkraefte/passwort-vergessen/", {"email": "fachkraft@x.example"})
    run(queued[0])
    assert "/en/fachkraefte/passwort-neu/" in mail.outbox[0].body
