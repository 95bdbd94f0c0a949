"""The app's migrations 0001-0005 in one (squashed with Django's squashmigrations). A new database
runs only this migration; a database that applied all the replaced ones has it marked applied
(see `replaces`).

The replaced back-fill of existing entries' verification dates (0005) is left out: the table is
created here, empty, so it had nothing to fill."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    replaces = [
        ("search", "0001_initial"),
        ("search", "0002_search_entries"),
        ("search", "0003_packed_entry_fields"),
        ("search", "0004_outbox_per_index"),
        ("search", "0005_entry_verified_on"),
    ]

    initial = True

    dependencies = [
        ("offers_directory", "0001_squashed_0009_offer_translations"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                (
                    "offer_id",
                    models.IntegerField(primary_key=True, serialize=False, verbose_name="offer id"),
                ),
                (
                    "published_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="published"),
                ),
                ("title", models.CharField(max_length=255, verbose_name="title")),
                ("url", models.CharField(blank=True, max_length=500, verbose_name="URL")),
                ("terms", models.TextField(blank=True, verbose_name="terms")),
                ("title_terms", models.TextField(blank=True, verbose_name="title terms")),
                ("title_prefixes", models.TextField(blank=True, verbose_name="title prefixes")),
                ("facets", models.JSONField(default=dict, verbose_name="facets")),
                ("points", models.JSONField(default=list, verbose_name="points")),
                ("areas", models.JSONField(default=list, verbose_name="service areas")),
                (
                    "has_areas",
                    models.BooleanField(
                        db_index=True, default=False, verbose_name="has service areas"
                    ),
                ),
                ("area_south", models.FloatField(blank=True, null=True)),
                ("area_west", models.FloatField(blank=True, null=True)),
                ("area_north", models.FloatField(blank=True, null=True)),
                ("area_east", models.FloatField(blank=True, null=True)),
                ("min_age_months", models.IntegerField(default=0)),
                ("max_age_months", models.IntegerField(default=100000)),
                ("during_pregnancy", models.BooleanField(default=False)),
                ("document", models.JSONField(default=dict, verbose_name="document")),
                ("facet_text", models.TextField(blank=True, verbose_name="facets (packed)")),
                ("point_text", models.TextField(blank=True, verbose_name="points (packed)")),
                (
                    "verified_on",
                    models.DateField(blank=True, null=True, verbose_name="verified on"),
                ),
            ],
            options={
                "verbose_name": "search entry",
                "verbose_name_plural": "search entries",
            },
        ),
        migrations.CreateModel(
            name="IndexUpdate",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("object_id", models.IntegerField(verbose_name="object id")),
                ("reason", models.CharField(blank=True, max_length=50, verbose_name="reason")),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="created"),
                ),
                ("attempts", models.PositiveIntegerField(default=0, verbose_name="attempts")),
                (
                    "next_attempt_at",
                    models.DateTimeField(
                        db_index=True,
                        default=django.utils.timezone.now,
                        verbose_name="next attempt",
                    ),
                ),
                ("last_error", models.TextField(blank=True, verbose_name="last error")),
                ("index", models.CharField(default="offers", max_length=50, verbose_name="index")),
            ],
            options={
                "verbose_name": "search index update",
                "verbose_name_plural": "search index updates",
                "ordering": ["id"],
                "indexes": [
                    models.Index(fields=["index", "object_id"], name="search_update_object")
                ],
            },
        ),
        migrations.CreateModel(
            name="SearchPoint",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("latitude", models.FloatField()),
                ("longitude", models.FloatField()),
                (
                    "entry",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="point_rows",
                        to="search.searchentry",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(fields=["latitude", "longitude"], name="search_point_latlon")
                ],
            },
        ),
    ]
