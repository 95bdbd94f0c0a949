"""Deploy checks (`manage.py check --deploy`) for what the security app relies on."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks

IMMEDIATE_TASKS = "django_tasks.backends.immediate.ImmediateBackend"


@checks.register(checks.Tags.security, deploy=True)
def check_tasks_leave_the_request(app_configs: Any, **kwargs: Any) -> list[checks.CheckMessage]:
    backend = settings.TASKS.get("default", {}).get("BACKEND")
    if backend != IMMEDIATE_TASKS:
        return []
    return [
        checks.Warning(
            "Background tasks run inside the request (TASKS_BACKEND=immediate).",
            hint=(
                "Set TASKS_BACKEND=database and run `manage.py db_worker`: otherwise the "
                "password-reset form answers known addresses more slowly than unknown ones."
            ),
            id="security.W001",
        )
    ]
