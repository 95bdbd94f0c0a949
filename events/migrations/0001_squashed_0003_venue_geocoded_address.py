"""The app's migrations 0001-0003 in one (squashed with Django's squashmigrations). A new database
runs only this migration; a database that applied all the replaced ones has it marked applied
(see `replaces`).

The replaced data fix-up for venues saved before geocoding (0003) is left out: the table is
created here, empty, so it had nothing to fix."""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import home.migration_fields


class Migration(migrations.Migration):
    replaces = [
        ("events", "0001_initial"),
        ("events", "0002_venue_geocoding"),
        ("events", "0003_venue_geocoded_address"),
    ]

    initial = True

    dependencies = [
        ("news", "0001_squashed_0002_press_contacts_tags_regions"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [
        migrations.CreateModel(
            name="EventPage",
            fields=[
                (
                    "page_ptr",
                    models.OneToOneField(
                        auto_created=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        parent_link=True,
                        primary_key=True,
                        serialize=False,
                        to=settings.WAGTAIL_PAGE_MODEL,
                    ),
                ),
                ("start", models.DateTimeField(verbose_name="start")),
                ("end", models.DateTimeField(blank=True, null=True, verbose_name="end")),
                ("teaser", models.TextField(blank=True, max_length=500, verbose_name="teaser")),
                ("body", home.migration_fields.article_body(verbose_name="description")),
                ("venue_name", models.CharField(blank=True, max_length=200, verbose_name="venue")),
                *home.migration_fields.geocoded_address(
                    "street", "postal_code", "city", "latitude", "longitude"
                ),
                (
                    "audience",
                    models.CharField(
                        blank=True,
                        help_text="e.g. professionals in early childhood support, parents, everyone",
                        max_length=200,
                        verbose_name="audience",
                    ),
                ),
                (
                    "organiser",
                    models.CharField(blank=True, max_length=200, verbose_name="organiser"),
                ),
                ("registration_url", models.URLField(blank=True, verbose_name="registration link")),
                (
                    "registration_deadline",
                    models.DateField(blank=True, null=True, verbose_name="registration deadline"),
                ),
                (
                    "registration_note",
                    models.CharField(
                        blank=True,
                        help_text="e.g. registration by email to …, free of charge",
                        max_length=300,
                        verbose_name="registration note",
                    ),
                ),
                (
                    "contact",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="news.presscontact",
                        verbose_name="contact person",
                    ),
                ),
                (
                    "image",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="wagtailimages.image",
                        verbose_name="image",
                    ),
                ),
                *home.migration_fields.geocoded_address(
                    "geocode_message",
                    "geocode_status",
                    "geocoded_address",
                    "manual_pin",
                    "country",
                    "geocode_attempts",
                    "geocoded_at",
                ),
            ],
            options={
                "verbose_name": "event",
                "verbose_name_plural": "events",
            },
            bases=("wagtailcore.page",),
        ),
        migrations.CreateModel(
            name="EventIndexPage",
            fields=[
                (
                    "page_ptr",
                    models.OneToOneField(
                        auto_created=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        parent_link=True,
                        primary_key=True,
                        serialize=False,
                        to=settings.WAGTAIL_PAGE_MODEL,
                    ),
                ),
                ("intro", models.TextField(blank=True, verbose_name="introduction")),
                (
                    "include_all_regions",
                    models.BooleanField(
                        default=False,
                        help_text="On for the network-wide calendar; off for a region's own calendar.",
                        verbose_name="show events of all regions",
                    ),
                ),
            ],
            options={
                "verbose_name": "event index page",
                "verbose_name_plural": "event index pages",
            },
            bases=("wagtailcore.page",),
        ),
    ]
