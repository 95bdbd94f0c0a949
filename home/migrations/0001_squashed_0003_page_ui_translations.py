"""The app's migrations 0001-0003 in one (squashed with Django's squashmigrations). A new database
runs only this migration; a database that applied all the replaced ones has it marked applied
(see `replaces`)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import modelcluster.fields
import wagtail.fields

import home.migration_fields
import home.models


class Migration(migrations.Migration):
    replaces = [
        ("home", "0001_initial"),
        ("home", "0002_easy_language_page"),
        ("home", "0003_page_ui_translations"),
    ]

    initial = True

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailcore", "0098_apitoken"),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="RegionIndexPage",
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
                ("intro", wagtail.fields.RichTextField(blank=True, verbose_name="introduction")),
            ],
            options={
                "verbose_name": "region index page",
            },
            bases=("wagtailcore.page",),
        ),
        migrations.CreateModel(
            name="StandardPage",
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
                ("body", home.migration_fields.page_body()),
            ],
            options={
                "verbose_name": "standard page",
            },
            bases=("wagtailcore.page",),
        ),
        migrations.CreateModel(
            name="HomePage",
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
                (
                    "hero_title",
                    models.CharField(blank=True, max_length=200, verbose_name="hero title"),
                ),
                ("hero_text", models.TextField(blank=True, verbose_name="hero text")),
                (
                    "finder_title",
                    models.CharField(
                        default="Hilfe in Ihrer Nähe finden",
                        max_length=200,
                        verbose_name="finder teaser title",
                    ),
                ),
                ("finder_text", models.TextField(blank=True, verbose_name="finder teaser text")),
                ("body", home.migration_fields.page_body()),
                (
                    "finder_page",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.WAGTAIL_PAGE_MODEL,
                        verbose_name="offer finder page",
                    ),
                ),
            ],
            options={
                "verbose_name": "home page",
            },
            bases=("wagtailcore.page",),
        ),
        migrations.CreateModel(
            name="RegionPage",
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
                (
                    "official_name",
                    models.CharField(
                        blank=True,
                        help_text="z. B. Landkreis Harburg",
                        max_length=200,
                        verbose_name="official name",
                    ),
                ),
                (
                    "state",
                    models.CharField(blank=True, max_length=100, verbose_name="federal state"),
                ),
                ("intro", models.TextField(blank=True, verbose_name="introduction")),
                ("body", home.migration_fields.page_body()),
                (
                    "contact_email",
                    models.EmailField(
                        blank=True, max_length=254, verbose_name="network contact email"
                    ),
                ),
                (
                    "contact_phone",
                    models.CharField(
                        blank=True, max_length=50, verbose_name="network contact phone"
                    ),
                ),
                (
                    "coordinator_group",
                    models.OneToOneField(
                        blank=True,
                        help_text="Created automatically; its members edit and publish in this region only.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="coordinated_region",
                        to="auth.group",
                        verbose_name="coordinator group",
                    ),
                ),
            ],
            options={
                "verbose_name": "region",
                "verbose_name_plural": "regions",
            },
            bases=("wagtailcore.page",),
        ),
        migrations.CreateModel(
            name="SiteFooterSettings",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("contact_text", models.TextField(blank=True, verbose_name="contact text")),
                (
                    "accessibility_page",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.WAGTAIL_PAGE_MODEL,
                        verbose_name="accessibility statement page",
                    ),
                ),
                (
                    "imprint_page",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.WAGTAIL_PAGE_MODEL,
                        verbose_name="imprint page",
                    ),
                ),
                (
                    "privacy_page",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.WAGTAIL_PAGE_MODEL,
                        verbose_name="privacy page",
                    ),
                ),
                (
                    "site",
                    models.OneToOneField(
                        editable=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        to="wagtailcore.site",
                    ),
                ),
                (
                    "easy_language_page",
                    models.ForeignKey(
                        blank=True,
                        help_text="Linked at the top of every page, as BITV 2.0 asks.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.WAGTAIL_PAGE_MODEL,
                        verbose_name="easy-to-read page (Leichte Sprache)",
                    ),
                ),
            ],
            options={
                "verbose_name": "footer",
            },
        ),
        migrations.CreateModel(
            name="PageTranslation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("sort_order", models.IntegerField(blank=True, editable=False, null=True)),
                (
                    "language",
                    models.CharField(
                        choices=home.models._ui_languages, max_length=7, verbose_name="language"
                    ),
                ),
                ("title", models.CharField(blank=True, max_length=255, verbose_name="title")),
                ("intro", models.TextField(blank=True, verbose_name="introduction")),
                (
                    "hero_title",
                    models.CharField(blank=True, max_length=200, verbose_name="hero title"),
                ),
                ("hero_text", models.TextField(blank=True, verbose_name="hero text")),
                (
                    "finder_title",
                    models.CharField(
                        blank=True, max_length=200, verbose_name="finder teaser title"
                    ),
                ),
                ("finder_text", models.TextField(blank=True, verbose_name="finder teaser text")),
                (
                    "page",
                    modelcluster.fields.ParentalKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="ui_translations",
                        to=settings.WAGTAIL_PAGE_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "translation",
                "verbose_name_plural": "translations",
                "ordering": ["sort_order"],
                "abstract": False,
                "constraints": [
                    models.UniqueConstraint(
                        fields=("page", "language"), name="unique_page_translation"
                    )
                ],
            },
        ),
    ]
