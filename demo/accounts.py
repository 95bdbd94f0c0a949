"""The quick start's admin account: created once, its password kept outside the repository
(.services/demo-admin-password, never committed) so every quick start prints the same login."""

from __future__ import annotations

import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model


def ensure_demo_admin(username: str = "admin", password: str | None = None) -> str:
    """Create the superuser if it does not exist; returns its login line. The password comes
    from `password`, else the kept file, else is generated (and kept)."""
    password_file = Path(settings.BASE_DIR) / ".services" / "demo-admin-password"
    user_model = get_user_model()
    if not user_model.objects.filter(username=username).exists():
        if password is None and password_file.exists():
            password = password_file.read_text().strip()
        password = password or secrets.token_urlsafe(12)
        user_model.objects.create_superuser(
            username=username, email=f"{username}@example.org", password=password
        )
        password_file.parent.mkdir(parents=True, exist_ok=True)
        password_file.write_text(password + "\n")
        password_file.chmod(0o600)
    elif password_file.exists():
        password = password_file.read_text().strip()
    shown = password or "(unchanged; set it with `manage.py changepassword`)"
    return f"Admin login: http://127.0.0.1:8000/admin/  user: {username}  password: {shown}"
