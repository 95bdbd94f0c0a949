import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Create the quick start's admin account if it does not exist and print its login. "
        "The password comes from DEMO_ADMIN_PASSWORD or is generated once and kept in "
        ".services/demo-admin-password (never committed)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--username", default="admin")
        parser.add_argument("--password", default=None)

    def handle(self, *args, username: str, password: str | None, **options) -> None:
        password_file = Path(settings.BASE_DIR) / ".services" / "demo-admin-password"
        user_model = get_user_model()
        user = user_model.objects.filter(username=username).first()
        if user is None:
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
        self.stdout.write(
            self.style.SUCCESS(
                f"Admin login: http://127.0.0.1:8000/admin/  user: {username}  password: {shown}"
            )
        )
