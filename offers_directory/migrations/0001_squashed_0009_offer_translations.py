"""The app's migrations 0001-0009 in one (squashed with Django's squashmigrations). A new database
runs only this migration; a database that applied all the replaced ones has it marked applied
(see `replaces`)."""

from decimal import Decimal

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import modelcluster.fields

import modelsearch.index

import home.migration_fields
import offers_directory.languages
import offers_directory.models.taxonomy
import offers_directory.models.verification


def install_vocabularies(apps, schema_editor):
    """The offer categories, target groups and languages every installation starts with,
    their names in every language included (formerly 0003 and 0006)."""
    from offers_directory.vocabularies import install_vocabularies

    install_vocabularies(
        apps.get_model("offers_directory", "Taxonomy"),
        apps.get_model("offers_directory", "TaxonomyTerm"),
        apps.get_model("offers_directory", "Language"),
    )


# The postcode routing the importer had built in until 0005 (for the first five networks).
# Regions that exist with these slugs keep routing as before: the prefixes move into the
# database, where editors maintain them. A project's own
# OFFERS_DIRECTORY["REGION_POSTCODE_PREFIXES"] is copied instead when it sets one.
FORMER_DEFAULTS = {
    "landkreis-harburg": ["212", "2137", "2142", "2143", "21629"],
    "landkreis-boerde": ["3916", "3917", "3932", "3933", "3934", "3935", "3936", "3938", "3939"],
    "landkreis-saarlouis": ["667", "6680", "6682", "6683"],
    "wittenberg-dessau-rosslau": ["0677", "0684", "0686", "0688", "0689", "0690", "0691", "0692"],
    "heidekreis": ["2961", "2963", "2964", "2966", "2968", "2969", "27336"],
}


def copy_prefixes(apps, schema_editor):
    """Region pages can exist before this app is installed (it is a reusable app): they get
    the prefixes as they did from 0005."""
    from offers_directory.conf import get_setting

    label = get_setting("REGION_PAGE_MODEL")
    if not label:
        return
    configured = getattr(settings, "OFFERS_DIRECTORY", {}).get("REGION_POSTCODE_PREFIXES")
    prefixes = configured if configured is not None else FORMER_DEFAULTS
    app_label, model_name = label.split(".")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    RegionArea = apps.get_model("offers_directory", "RegionArea")
    region_type = ContentType.objects.filter(app_label=app_label, model=model_name.lower()).first()
    if region_type is None:
        return
    for region in Page.objects.filter(content_type=region_type, slug__in=list(prefixes)):
        area = RegionArea.objects.filter(region=region).first() or RegionArea(region=region)
        if not area.postcode_prefixes:
            area.postcode_prefixes = " ".join(prefixes[region.slug])
            area.save()


class Migration(migrations.Migration):
    replaces = [
        ("offers_directory", "0001_geocode_cache"),
        ("offers_directory", "0002_offers"),
        ("offers_directory", "0003_vocabularies"),
        ("offers_directory", "0004_region_area"),
        ("offers_directory", "0005_region_postcode_prefixes"),
        ("offers_directory", "0006_term_names_per_language"),
        ("offers_directory", "0007_verification_requests"),
        ("offers_directory", "0008_location_visibility"),
        ("offers_directory", "0009_offer_translations"),
    ]

    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Language",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "code",
                    models.CharField(
                        help_text="ISO 639-1 code, e.g. de, en, tr, ar, uk.",
                        max_length=2,
                        unique=True,
                        validators=[offers_directory.languages.validate_language_code],
                        verbose_name="code",
                    ),
                ),
                ("name", models.CharField(blank=True, max_length=100, verbose_name="name")),
                ("sort_order", models.IntegerField(default=100, verbose_name="sort order")),
            ],
            options={
                "verbose_name": "language",
                "verbose_name_plural": "languages",
                "ordering": ["sort_order", "name"],
            },
        ),
        migrations.CreateModel(
            name="OrganizationPage",
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
                    "alternate_name",
                    models.CharField(blank=True, max_length=255, verbose_name="alternative name"),
                ),
                ("description", models.TextField(blank=True, verbose_name="description")),
                ("website", models.URLField(blank=True, verbose_name="website")),
                ("email", models.EmailField(blank=True, max_length=254, verbose_name="email")),
                ("phone", models.CharField(blank=True, max_length=50, verbose_name="phone")),
                *home.migration_fields.geocoded_address("street", "postal_code", "city"),
                (
                    "source_id",
                    models.CharField(
                        blank=True,
                        help_text="Identifier in an exchange format (HSDS `id`); set by imports.",
                        max_length=255,
                        null=True,
                        unique=True,
                        verbose_name="source id",
                    ),
                ),
                (
                    "source_system",
                    models.CharField(blank=True, max_length=100, verbose_name="source system"),
                ),
            ],
            options={
                "verbose_name": "provider",
                "verbose_name_plural": "providers",
            },
            bases=("wagtailcore.page",),
        ),
        migrations.CreateModel(
            name="Taxonomy",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=200, verbose_name="name")),
                ("slug", models.SlugField(max_length=100, unique=True, verbose_name="slug")),
                ("description", models.TextField(blank=True, verbose_name="description")),
                ("uri", models.URLField(blank=True, verbose_name="URI")),
                ("version", models.CharField(blank=True, max_length=50, verbose_name="version")),
                (
                    "source_id",
                    models.CharField(
                        blank=True,
                        help_text="Identifier in an exchange format (HSDS `id`).",
                        max_length=255,
                        null=True,
                        unique=True,
                        verbose_name="source id",
                    ),
                ),
            ],
            options={
                "verbose_name": "taxonomy",
                "verbose_name_plural": "taxonomies",
                "ordering": ["name"],
            },
        ),
        migrations.CreateModel(
            name="OfferPage",
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
                    "summary",
                    models.CharField(
                        blank=True,
                        help_text="One or two sentences for listings and search results.",
                        max_length=300,
                        verbose_name="summary",
                    ),
                ),
                (
                    "alternate_name",
                    models.CharField(blank=True, max_length=255, verbose_name="alternative name"),
                ),
                ("description", models.TextField(blank=True, verbose_name="description")),
                (
                    "during_pregnancy",
                    models.BooleanField(
                        default=False,
                        help_text="The offer is open to pregnant women.",
                        verbose_name="during pregnancy",
                    ),
                ),
                (
                    "min_age_months",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        help_text="Age of the child in months; empty: from birth.",
                        null=True,
                        validators=[django.core.validators.MaxValueValidator(1200)],
                        verbose_name="minimum age (months)",
                    ),
                ),
                (
                    "max_age_months",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        help_text="Age of the child in months; empty: no upper limit.",
                        null=True,
                        validators=[django.core.validators.MaxValueValidator(1200)],
                        verbose_name="maximum age (months)",
                    ),
                ),
                ("is_free", models.BooleanField(default=True, verbose_name="free of charge")),
                (
                    "fee_amount",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=8,
                        null=True,
                        validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                        verbose_name="fee (EUR)",
                    ),
                ),
                (
                    "fee_note",
                    models.CharField(
                        blank=True,
                        help_text="e.g. 'per course, reductions possible'",
                        max_length=255,
                        verbose_name="fee note",
                    ),
                ),
                ("eligibility", models.TextField(blank=True, verbose_name="who can use the offer")),
                (
                    "application_process",
                    models.TextField(
                        blank=True,
                        help_text="e.g. 'Please call to arrange an appointment.'",
                        verbose_name="how to get the offer",
                    ),
                ),
                ("accessibility_notes", models.TextField(blank=True, verbose_name="accessibility")),
                (
                    "wheelchair_accessible",
                    models.BooleanField(default=False, verbose_name="wheelchair accessible"),
                ),
                (
                    "opening_hours_note",
                    models.CharField(
                        blank=True,
                        help_text="e.g. 'and by appointment', 'not during school holidays'",
                        max_length=255,
                        verbose_name="notes on opening hours",
                    ),
                ),
                ("phone", models.CharField(blank=True, max_length=50, verbose_name="phone")),
                ("email", models.EmailField(blank=True, max_length=254, verbose_name="email")),
                ("website", models.URLField(blank=True, verbose_name="website")),
                ("valid_from", models.DateField(blank=True, null=True, verbose_name="valid from")),
                ("valid_to", models.DateField(blank=True, null=True, verbose_name="valid until")),
                (
                    "last_reviewed",
                    models.DateField(blank=True, null=True, verbose_name="last reviewed"),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("active", "active"),
                            ("inactive", "inactive"),
                            ("temporarily closed", "temporarily closed"),
                            ("defunct", "defunct"),
                        ],
                        db_index=True,
                        default="active",
                        max_length=20,
                        verbose_name="status",
                    ),
                ),
                (
                    "source_id",
                    models.CharField(
                        blank=True,
                        help_text="Identifier in an exchange format (HSDS `id`); set by imports.",
                        max_length=255,
                        null=True,
                        unique=True,
                        verbose_name="source id",
                    ),
                ),
                (
                    "source_system",
                    models.CharField(blank=True, max_length=100, verbose_name="source system"),
                ),
                (
                    "languages",
                    modelcluster.fields.ParentalManyToManyField(
                        blank=True,
                        related_name="offers",
                        to="offers_directory.language",
                        verbose_name="languages spoken",
                    ),
                ),
                (
                    "provider",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="offers",
                        to="offers_directory.organizationpage",
                        verbose_name="provider",
                    ),
                ),
            ],
            options={
                "verbose_name": "offer",
                "verbose_name_plural": "offers",
            },
            bases=("wagtailcore.page",),
        ),
        migrations.CreateModel(
            name="OfferSchedule",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("sort_order", models.IntegerField(blank=True, editable=False, null=True)),
                (
                    "weekday",
                    models.CharField(
                        choices=[
                            ("MO", "Monday"),
                            ("TU", "Tuesday"),
                            ("WE", "Wednesday"),
                            ("TH", "Thursday"),
                            ("FR", "Friday"),
                            ("SA", "Saturday"),
                            ("SU", "Sunday"),
                        ],
                        max_length=2,
                        verbose_name="weekday",
                    ),
                ),
                ("opens_at", models.TimeField(blank=True, null=True, verbose_name="opens")),
                ("closes_at", models.TimeField(blank=True, null=True, verbose_name="closes")),
                (
                    "note",
                    models.CharField(
                        blank=True,
                        help_text="e.g. 'only in even weeks'",
                        max_length=255,
                        verbose_name="note",
                    ),
                ),
                (
                    "page",
                    modelcluster.fields.ParentalKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="schedules",
                        to="offers_directory.offerpage",
                    ),
                ),
            ],
            options={
                "verbose_name": "opening hours",
                "verbose_name_plural": "opening hours",
                "ordering": ["sort_order"],
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="OfferServiceArea",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("sort_order", models.IntegerField(blank=True, editable=False, null=True)),
                (
                    "name",
                    models.CharField(
                        help_text="e.g. 'ganzer Landkreis Harburg'",
                        max_length=255,
                        verbose_name="name",
                    ),
                ),
                (
                    "description",
                    models.CharField(blank=True, max_length=255, verbose_name="description"),
                ),
                (
                    "extent",
                    models.JSONField(
                        blank=True,
                        help_text="A GeoJSON Polygon or MultiPolygon ([longitude, latitude] positions). Leave empty to use a centre and radius instead.",
                        null=True,
                        verbose_name="area (GeoJSON)",
                    ),
                ),
                (
                    "center_latitude",
                    models.FloatField(
                        blank=True,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(-90.0),
                            django.core.validators.MaxValueValidator(90.0),
                        ],
                        verbose_name="centre latitude",
                    ),
                ),
                (
                    "center_longitude",
                    models.FloatField(
                        blank=True,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(-180.0),
                            django.core.validators.MaxValueValidator(180.0),
                        ],
                        verbose_name="centre longitude",
                    ),
                ),
                (
                    "radius_km",
                    models.FloatField(
                        blank=True,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(0.1),
                            django.core.validators.MaxValueValidator(500),
                        ],
                        verbose_name="radius (km)",
                    ),
                ),
                (
                    "source_id",
                    models.CharField(
                        blank=True, db_index=True, max_length=255, verbose_name="source id"
                    ),
                ),
                (
                    "page",
                    modelcluster.fields.ParentalKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="service_areas",
                        to="offers_directory.offerpage",
                    ),
                ),
            ],
            options={
                "verbose_name": "service area",
                "verbose_name_plural": "service areas",
                "ordering": ["sort_order"],
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="ContactPerson",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("sort_order", models.IntegerField(blank=True, editable=False, null=True)),
                ("name", models.CharField(max_length=200, verbose_name="name")),
                ("role", models.CharField(blank=True, max_length=200, verbose_name="role")),
                ("phone", models.CharField(blank=True, max_length=50, verbose_name="phone")),
                ("email", models.EmailField(blank=True, max_length=254, verbose_name="email")),
                (
                    "is_public",
                    models.BooleanField(
                        default=False,
                        help_text="Only with the person's consent. Otherwise only logged-in professionals see them.",
                        verbose_name="show publicly",
                    ),
                ),
                (
                    "source_id",
                    models.CharField(
                        blank=True, db_index=True, max_length=255, verbose_name="source id"
                    ),
                ),
                (
                    "offer",
                    modelcluster.fields.ParentalKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="contacts",
                        to="offers_directory.offerpage",
                    ),
                ),
                (
                    "organization",
                    modelcluster.fields.ParentalKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="contacts",
                        to="offers_directory.organizationpage",
                    ),
                ),
            ],
            options={
                "verbose_name": "contact person",
                "verbose_name_plural": "contact persons",
                "ordering": ["sort_order"],
                "permissions": [("view_protected_contacts", "Can see protected contact persons")],
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="TaxonomyTerm",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "code",
                    models.CharField(
                        help_text="Stable identifier, e.g. 'hebamme'. Do not change it once in use.",
                        max_length=100,
                        unique=True,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^[A-Za-z0-9][A-Za-z0-9._:-]*$",
                                "Use letters, digits, dots, colons, hyphens and underscores only (no spaces).",
                            )
                        ],
                        verbose_name="code",
                    ),
                ),
                (
                    "name",
                    models.CharField(help_text="German.", max_length=200, verbose_name="name"),
                ),
                ("description", models.TextField(blank=True, verbose_name="description")),
                ("term_uri", models.URLField(blank=True, verbose_name="term URI")),
                ("sort_order", models.IntegerField(default=0, verbose_name="sort order")),
                (
                    "source_id",
                    models.CharField(
                        blank=True, max_length=255, null=True, unique=True, verbose_name="source id"
                    ),
                ),
                (
                    "parent",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="children",
                        to="offers_directory.taxonomyterm",
                        verbose_name="parent term",
                    ),
                ),
                (
                    "taxonomy",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="terms",
                        to="offers_directory.taxonomy",
                        verbose_name="taxonomy",
                    ),
                ),
                (
                    "name_ar",
                    models.CharField(blank=True, max_length=200, verbose_name="name (Arabic)"),
                ),
                (
                    "name_en",
                    models.CharField(blank=True, max_length=200, verbose_name="name (English)"),
                ),
                (
                    "name_tr",
                    models.CharField(blank=True, max_length=200, verbose_name="name (Turkish)"),
                ),
                (
                    "name_uk",
                    models.CharField(blank=True, max_length=200, verbose_name="name (Ukrainian)"),
                ),
            ],
            options={
                "verbose_name": "taxonomy term",
                "verbose_name_plural": "taxonomy terms",
                "ordering": ["taxonomy__name", "sort_order", "name"],
            },
            bases=(modelsearch.index.Indexed, models.Model),
        ),
        migrations.AddField(
            model_name="offerpage",
            name="categories",
            field=modelcluster.fields.ParentalManyToManyField(
                blank=True,
                limit_choices_to=offers_directory.models.taxonomy.category_choices,
                related_name="category_offers",
                to="offers_directory.taxonomyterm",
                verbose_name="categories",
            ),
        ),
        migrations.AddField(
            model_name="offerpage",
            name="target_groups",
            field=modelcluster.fields.ParentalManyToManyField(
                blank=True,
                limit_choices_to=offers_directory.models.taxonomy.target_group_choices,
                related_name="target_group_offers",
                to="offers_directory.taxonomyterm",
                verbose_name="target groups",
            ),
        ),
        migrations.CreateModel(
            name="GeocodeCacheEntry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("provider", models.CharField(max_length=20, verbose_name="provider")),
                (
                    "query_key",
                    models.CharField(
                        help_text="Normalised address or place query.",
                        max_length=255,
                        verbose_name="normalised query",
                    ),
                ),
                ("latitude", models.FloatField(blank=True, null=True, verbose_name="latitude")),
                ("longitude", models.FloatField(blank=True, null=True, verbose_name="longitude")),
                (
                    "precision",
                    models.CharField(blank=True, max_length=20, verbose_name="precision"),
                ),
                ("label", models.CharField(blank=True, max_length=255, verbose_name="label")),
                ("raw", models.JSONField(blank=True, default=dict, verbose_name="raw answer")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
            ],
            options={
                "verbose_name": "geocoding cache entry",
                "verbose_name_plural": "geocoding cache entries",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("provider", "query_key"), name="unique_geocode_query"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="RegionArea",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "extent",
                    models.JSONField(
                        blank=True,
                        help_text="A GeoJSON Polygon or MultiPolygon ([longitude, latitude] positions).",
                        null=True,
                        verbose_name="area (GeoJSON)",
                    ),
                ),
                (
                    "region",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="offer_region_area",
                        to=settings.WAGTAIL_PAGE_MODEL,
                        verbose_name="region",
                    ),
                ),
                (
                    "postcode_prefixes",
                    models.CharField(
                        blank=True,
                        help_text="Postcodes of the region or their first digits, separated by spaces, e.g. “212 2137 21629”. The longest matching prefix wins.",
                        max_length=2000,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^\\s*(\\d{1,5}([\\s,;]+\\d{1,5})*)?[\\s,;]*$",
                                "Enter postcodes or their first digits (1 to 5 digits), separated by spaces or commas.",
                            )
                        ],
                        verbose_name="postcode prefixes",
                    ),
                ),
            ],
            options={
                "verbose_name": "region area",
                "verbose_name_plural": "region areas",
            },
        ),
        migrations.CreateModel(
            name="OfferIndexPage",
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
            ],
            options={
                "verbose_name": "offer index page",
            },
            bases=("wagtailcore.page",),
        ),
        migrations.CreateModel(
            name="OrganizationIndexPage",
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
            ],
            options={
                "verbose_name": "provider index page",
            },
            bases=("wagtailcore.page",),
        ),
        migrations.CreateModel(
            name="VerificationRequest",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("email", models.EmailField(max_length=254, verbose_name="sent to")),
                (
                    "nonce",
                    models.CharField(
                        default=offers_directory.models.verification.new_nonce,
                        editable=False,
                        max_length=64,
                        unique=True,
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(auto_now_add=True, verbose_name="requested at"),
                ),
                ("sent_at", models.DateTimeField(verbose_name="last mail sent at")),
                (
                    "reminders",
                    models.PositiveSmallIntegerField(default=0, verbose_name="reminders sent"),
                ),
                (
                    "answered_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="answered at"),
                ),
                (
                    "answer",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("confirmed", "Data still correct"),
                            ("change", "Change reported"),
                        ],
                        max_length=20,
                        verbose_name="answer",
                    ),
                ),
                (
                    "change_note",
                    models.TextField(blank=True, verbose_name="message from the provider"),
                ),
                (
                    "offer",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="verification_requests",
                        to="offers_directory.offerpage",
                        verbose_name="offer",
                    ),
                ),
                (
                    "requested_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="requested by",
                    ),
                ),
                (
                    "revision",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="wagtailcore.revision",
                        verbose_name="draft with the changes",
                    ),
                ),
            ],
            options={
                "verbose_name": "verification request",
                "verbose_name_plural": "verification requests",
                "ordering": ["-created_at"],
                "indexes": [
                    models.Index(fields=["answered_at", "sent_at"], name="verification_open")
                ],
            },
        ),
        migrations.CreateModel(
            name="OfferLocation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("sort_order", models.IntegerField(blank=True, editable=False, null=True)),
                (
                    "name",
                    models.CharField(
                        blank=True,
                        help_text="e.g. 'Familienzentrum Mitte'",
                        max_length=255,
                        verbose_name="name",
                    ),
                ),
                *home.migration_fields.geocoded_address(),
                (
                    "accessibility_notes",
                    models.CharField(blank=True, max_length=255, verbose_name="accessibility"),
                ),
                (
                    "source_id",
                    models.CharField(
                        blank=True,
                        db_index=True,
                        help_text="HSDS service_at_location id.",
                        max_length=255,
                        verbose_name="source id",
                    ),
                ),
                (
                    "location_source_id",
                    models.CharField(
                        blank=True,
                        db_index=True,
                        help_text="HSDS location id.",
                        max_length=255,
                        verbose_name="location source id",
                    ),
                ),
                (
                    "page",
                    modelcluster.fields.ParentalKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="locations",
                        to="offers_directory.offerpage",
                    ),
                ),
                (
                    "visibility",
                    models.CharField(
                        choices=[
                            ("public", "public"),
                            ("professionals", "professionals only"),
                            ("hidden", "hidden (e.g. a shelter)"),
                        ],
                        default="public",
                        help_text="Professionals only and hidden: visitors see only the town (the map shows its centre); the exact address only logged-in professionals. Hidden also leaves out the location's name and notes.",
                        max_length=20,
                        verbose_name="visibility",
                    ),
                ),
            ],
            options={
                "verbose_name": "location",
                "verbose_name_plural": "locations",
                "ordering": ["sort_order"],
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="OfferTranslation",
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
                        choices=[
                            ("en", "English"),
                            ("tr", "Türkçe"),
                            ("ar", "العربية"),
                            ("uk", "Українська"),
                        ],
                        max_length=2,
                        verbose_name="language",
                    ),
                ),
                ("title", models.CharField(max_length=255, verbose_name="title")),
                ("summary", models.CharField(max_length=300, verbose_name="summary")),
                (
                    "page",
                    modelcluster.fields.ParentalKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="translations",
                        to="offers_directory.offerpage",
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
                        fields=("page", "language"), name="offer_translation_one_per_language"
                    )
                ],
            },
        ),
        migrations.RunPython(install_vocabularies, migrations.RunPython.noop),
        migrations.RunPython(copy_prefixes, migrations.RunPython.noop),
    ]
