"""Password-reset forms whose mail leaves the request.

Django's PasswordResetForm looks the address up, builds a token and sends the mail inside the
request, so an answer for a known address takes longer than one for an unknown address, and
the page tells an attacker which addresses have accounts. Here the request only checks the
form and queues `security.tasks.send_password_reset_mail`; the task does the rest. With
TASKS_BACKEND=immediate (the quick start) the task still runs within the request: production
sets TASKS_BACKEND=database, and `check --deploy` says so (security/checks.py)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.forms import PasswordResetForm as DjangoPasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.http import HttpRequest
from django.utils import translation

from wagtail.admin.forms.auth import PasswordResetForm as WagtailPasswordResetForm

from .tasks import send_password_reset_mail


class QueuedPasswordResetMixin:
    """For a subclass of Django's PasswordResetForm: `save()`, which the reset views call,
    queues the mail; `send_reset_mail()`, which the task calls, is Django's `save()`."""

    cleaned_data: dict[str, Any]

    def save(
        self,
        domain_override: str | None = None,
        subject_template_name: str = "registration/password_reset_subject.txt",
        email_template_name: str = "registration/password_reset_email.html",
        use_https: bool = False,
        token_generator: Any = default_token_generator,
        from_email: str | None = None,
        request: HttpRequest | None = None,
        html_email_template_name: str | None = None,
        extra_email_context: dict[str, Any] | None = None,
    ) -> None:
        if token_generator is not default_token_generator:
            raise ValueError("The queued reset mail always uses the default token generator.")
        form_class = type(self)
        send_password_reset_mail.enqueue(
            form_path=f"{form_class.__module__}.{form_class.__qualname__}",
            email=self.cleaned_data["email"],
            language=translation.get_language() or "de",
            options={
                # Without the sites framework Django names the site after the request's host.
                "domain_override": domain_override
                or (request.get_host() if request is not None else None),
                "subject_template_name": subject_template_name,
                "email_template_name": email_template_name,
                "use_https": use_https,
                "from_email": from_email,
                "html_email_template_name": html_email_template_name,
                "extra_email_context": extra_email_context,
            },
        )

    def send_reset_mail(self, **options: Any) -> None:
        super().save(**options)  # type: ignore[misc]


class PasswordResetForm(QueuedPasswordResetMixin, DjangoPasswordResetForm):
    """The professionals' form (/fachkraefte/passwort-vergessen/)."""


class AdminPasswordResetForm(QueuedPasswordResetMixin, WagtailPasswordResetForm):
    """The Wagtail admin's form (settings.WAGTAILADMIN_USER_PASSWORD_RESET_FORM)."""
