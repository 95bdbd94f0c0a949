"""Typed readers for configuration that comes from environment variables."""

import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_required(name: str) -> str:
    """A value production cannot run without: fail loudly instead of guessing."""
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"The environment variable {name} must be set in production.")
    return value


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of true/false/1/0/yes/no, not {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    """Comma-separated values, blanks dropped."""
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [part.strip() for part in raw.split(",") if part.strip()]


_EMAIL_SCHEMES = {
    # scheme: (default port, STARTTLS, implicit TLS)
    "smtp": (25, False, False),
    "smtp+tls": (587, True, False),
    "smtps": (465, False, True),
}


def env_email(required: bool) -> dict[str, object]:
    """Django's mail settings from EMAIL_URL (`smtp+tls://user:password@host:587`, `smtps://…`,
    `smtp://…`; user and password percent-encoded) or from EMAIL_HOST, EMAIL_PORT,
    EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS, EMAIL_USE_SSL. Empty when neither is
    set, unless `required` (production): password-reset links must reach people, and Django's
    fallback (an SMTP server on localhost) fails only when the first mail is sent."""
    from urllib.parse import unquote, urlsplit

    url = (env_str("EMAIL_URL") or "").strip()
    host = (env_str("EMAIL_HOST") or "").strip()
    if url:
        parts = urlsplit(url)
        if parts.scheme not in _EMAIL_SCHEMES or not parts.hostname:
            raise ImproperlyConfigured(
                f"EMAIL_URL must look like smtp+tls://user:password@host:587 "
                f"(schemes: {', '.join(_EMAIL_SCHEMES)}), not {parts.scheme or url!r}."
            )
        port, starttls, implicit_tls = _EMAIL_SCHEMES[parts.scheme]
        values: dict[str, object] = {
            "EMAIL_HOST": parts.hostname,
            "EMAIL_PORT": parts.port or port,
            "EMAIL_HOST_USER": unquote(parts.username or ""),
            "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
            "EMAIL_USE_TLS": starttls,
            "EMAIL_USE_SSL": implicit_tls,
        }
    elif host:
        values = {
            "EMAIL_HOST": host,
            "EMAIL_PORT": env_int("EMAIL_PORT", 25),
            "EMAIL_HOST_USER": env_str("EMAIL_HOST_USER", "") or "",
            "EMAIL_HOST_PASSWORD": env_str("EMAIL_HOST_PASSWORD", "") or "",
            "EMAIL_USE_TLS": env_bool("EMAIL_USE_TLS", False),
            "EMAIL_USE_SSL": env_bool("EMAIL_USE_SSL", False),
        }
        if values["EMAIL_USE_TLS"] and values["EMAIL_USE_SSL"]:
            raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL exclude each other.")
    elif required:
        raise ImproperlyConfigured(
            "The environment variable EMAIL_URL (or EMAIL_HOST) must be set in production: "
            "password-reset and notification mails need a mail server."
        )
    else:
        return {}
    values["EMAIL_BACKEND"] = "django.core.mail.backends.smtp.EmailBackend"
    # A mail server that hangs must not hold a worker forever.
    values["EMAIL_TIMEOUT"] = env_int("EMAIL_TIMEOUT", 10)
    return values
