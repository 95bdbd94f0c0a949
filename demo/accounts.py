"""The quick start's accounts: the administrator and one coordinator per demo region. Created
once; their passwords are kept outside the repository (.services/demo-*-password, never
committed) so every quick start prints the same logins."""

from __future__ import annotations

import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model

from home.models import RegionPage

from .data.regions import REGIONS

ADMIN_URL = "http://127.0.0.1:8000/admin/"


def _password_file(kind: str) -> Path:
    return Path(settings.BASE_DIR) / ".services" / f"demo-{kind}-password"


def _keep(kind: str, password: str) -> None:
    path = _password_file(kind)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(password + "\n")
    path.chmod(0o600)


def _kept(kind: str) -> str | None:
    path = _password_file(kind)
    return path.read_text().strip() if path.exists() else None


def ensure_demo_admin(username: str = "admin", password: str | None = None) -> str:
    """Create the superuser if it does not exist; returns its login line. The password comes
    from `password`, else the kept file, else is generated (and kept)."""
    user_model = get_user_model()
    if not user_model.objects.filter(username=username).exists():
        password = password or _kept("admin") or secrets.token_urlsafe(12)
        user_model.objects.create_superuser(
            username=username, email=f"{username}@example.org", password=password
        )
        _keep("admin", password)
    else:
        password = _kept("admin")
    shown = password or "(unchanged; set it with `manage.py changepassword`)"
    return f"Admin login: {ADMIN_URL}  user: {username}  password: {shown}"


def coordinator_username(region_slug: str) -> str:
    return f"koordination-{region_slug}"


def ensure_demo_coordinators() -> list[str]:
    """A coordinator in each demo region's group (one shared password, kept like the
    admin's); returns their login lines. Regions that are missing are skipped."""
    user_model = get_user_model()
    password = _kept("coordinator")
    if password is None:
        password = secrets.token_urlsafe(12)
        _keep("coordinator", password)
    lines = []
    regions = {r.slug: r for r in RegionPage.objects.filter(slug__in=[d.slug for d in REGIONS])}
    for demo in REGIONS:
        region = regions.get(demo.slug)
        if region is None or region.coordinator_group is None:
            continue
        username = coordinator_username(demo.slug)
        user = user_model.objects.filter(username=username).first()
        if user is None:
            user = user_model.objects.create_user(
                username=username,
                email=f"{username}@example.org",
                password=password,
                first_name="Koordination",
                last_name=demo.short,
            )
        user.groups.add(region.coordinator_group)
        lines.append(
            f"Coordinator of {region.title}: {ADMIN_URL}  user: {username}  password: {password}"
        )
    return lines
