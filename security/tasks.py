"""Background tasks of the security app."""

from __future__ import annotations

from django.utils import translation
from django.utils.module_loading import import_string

from django_tasks import task


@task()
def send_password_reset_mail(form_path: str, email: str, language: str, options: dict) -> None:
    """Look the address up and send the reset link if an active account has it. Everything
    that depends on whether the address is known happens here, outside the request, so the
    request takes the same time for known and unknown addresses (security/passwords.py)."""
    form = import_string(form_path)({"email": email})
    if not form.is_valid():
        return
    with translation.override(language):
        form.send_reset_mail(**options)
