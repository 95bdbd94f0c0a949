"""Running a management command the way an operator does and reading what it printed."""

from __future__ import annotations

import io
from typing import Any

from django.core.management import call_command


def command_output(name: str, *args: object, **options: Any) -> str:
    """What the command wrote to stdout; its arguments as text, as on a command line."""
    out = io.StringIO()
    call_command(name, *[str(a) for a in args], stdout=out, no_color=True, **options)
    return out.getvalue()
