"""The app's migrations 0001-0002 in one (squashed with Django's squashmigrations). A new database
runs only this migration; a database that applied all the replaced ones has it marked applied
(see `replaces`)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    replaces = [("imports", "0001_initial"), ("imports", "0002_heartbeat")]

    initial = True

    dependencies = [
        ("home", "0001_squashed_0003_page_ui_translations"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ImportJob",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[("offers", "Offers"), ("news", "Press releases")],
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                ("file_name", models.CharField(max_length=255, verbose_name="file name")),
                ("file", models.BinaryField(verbose_name="file")),
                ("publish", models.BooleanField(default=False, verbose_name="publish")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("preview", "Preview, waiting for confirmation"),
                            ("queued", "Waiting to start"),
                            ("running", "Running"),
                            ("done", "Finished"),
                            ("failed", "Failed"),
                        ],
                        default="preview",
                        max_length=20,
                        verbose_name="status",
                    ),
                ),
                ("total", models.PositiveIntegerField(default=0, verbose_name="total")),
                ("done", models.PositiveIntegerField(default=0, verbose_name="done")),
                ("counts", models.JSONField(blank=True, default=dict, verbose_name="counts")),
                ("preview", models.JSONField(blank=True, default=dict, verbose_name="preview")),
                ("report", models.JSONField(blank=True, default=dict, verbose_name="report")),
                ("report_text", models.TextField(blank=True, verbose_name="report as text")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("started_at", models.DateTimeField(blank=True, null=True, verbose_name="started")),
                (
                    "finished_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="finished"),
                ),
                (
                    "region",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="home.regionpage",
                        verbose_name="region",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="import_jobs",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="user",
                    ),
                ),
                (
                    "heartbeat_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="last progress"),
                ),
            ],
            options={
                "verbose_name": "import",
                "verbose_name_plural": "imports",
                "ordering": ["-created_at", "-pk"],
            },
        ),
    ]
