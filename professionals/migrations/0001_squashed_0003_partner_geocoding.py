"""The app's migrations 0001-0003 in one (squashed with Django's squashmigrations). A new database
runs only this migration; a database that applied all the replaced ones has it marked applied
(see `replaces`).

The replaced data fix-up for partners located before geocoding (0003) is left out: the table is
created here, empty, so it had nothing to fix."""

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models

import modelcluster.fields

import modelsearch.index

import home.migration_fields

# The professionals' group and the fields of work the network starts with (formerly 0002;
# professionals/vocabularies.py installs FIELDS again where a test flushed them).
GROUP = "Fachkräfte"
FIELDS = [
    ("jugendhilfe", "Jugendhilfe"),
    ("gesundheitswesen", "Gesundheitswesen"),
    ("hebammenwesen", "Hebammenwesen"),
    ("beratung", "Beratung"),
    ("kita", "Kita"),
    ("schule", "Schule"),
    ("justiz", "Justiz"),
    ("migration", "Migration"),
    ("sozialpsychiatrie", "Sozialpsychiatrie"),
    ("fruehfoerderung", "Frühförderung"),
    ("eingliederungshilfe", "Eingliederungshilfe"),
]


def install_group_and_fields(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    PartnerField = apps.get_model("professionals", "PartnerField")
    Group.objects.get_or_create(name=GROUP)
    for order, (code, name) in enumerate(FIELDS):
        PartnerField.objects.get_or_create(code=code, defaults={"name": name, "sort_order": order})


class Migration(migrations.Migration):
    replaces = [
        ("professionals", "0001_initial"),
        ("professionals", "0002_group_and_fields"),
        ("professionals", "0003_partner_geocoding"),
    ]

    initial = True

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("events", "0001_squashed_0003_venue_geocoded_address"),
        ("home", "0001_squashed_0003_page_ui_translations"),
        ("offers_directory", "0001_squashed_0009_offer_translations"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [
        migrations.CreateModel(
            name="PartnerField",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("code", models.SlugField(unique=True, verbose_name="code")),
                ("name", models.CharField(max_length=100, verbose_name="name")),
                ("sort_order", models.PositiveSmallIntegerField(default=0, verbose_name="order")),
            ],
            options={
                "verbose_name": "field of work",
                "verbose_name_plural": "fields of work",
                "ordering": ["sort_order", "name"],
            },
        ),
        migrations.CreateModel(
            name="WorkingGroup",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=150, verbose_name="name")),
                ("slug", models.SlugField(max_length=80, unique=True, verbose_name="slug")),
                ("description", models.TextField(blank=True, verbose_name="description")),
                (
                    "contact_email",
                    models.EmailField(blank=True, max_length=254, verbose_name="contact email"),
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
            ],
            options={
                "verbose_name": "working group",
                "verbose_name_plural": "working groups",
                "ordering": ["name"],
            },
        ),
        migrations.CreateModel(
            name="NetworkDocument",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("title", models.CharField(max_length=200, verbose_name="title")),
                ("slug", models.SlugField(max_length=100, unique=True, verbose_name="slug")),
                ("description", models.TextField(blank=True, verbose_name="description")),
                (
                    "working_group",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="documents",
                        to="professionals.workinggroup",
                        verbose_name="working group",
                    ),
                ),
            ],
            options={
                "verbose_name": "network document",
                "verbose_name_plural": "network documents",
                "ordering": ["title"],
            },
        ),
        migrations.CreateModel(
            name="WorkingGroupMeeting",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("sort_order", models.IntegerField(blank=True, editable=False, null=True)),
                (
                    "event",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="working_group_meetings",
                        to="events.eventpage",
                        verbose_name="event",
                    ),
                ),
                (
                    "group",
                    modelcluster.fields.ParentalKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="meetings",
                        to="professionals.workinggroup",
                    ),
                ),
            ],
            options={
                "verbose_name": "meeting",
                "verbose_name_plural": "meetings",
                "ordering": ["sort_order"],
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="DocumentVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("sort_order", models.IntegerField(blank=True, editable=False, null=True)),
                (
                    "version",
                    models.CharField(help_text="e.g. '2.0'", max_length=50, verbose_name="version"),
                ),
                ("valid_from", models.DateField(verbose_name="valid from")),
                (
                    "change_note",
                    models.CharField(blank=True, max_length=255, verbose_name="what changed"),
                ),
                (
                    "document",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="wagtaildocs.document",
                        verbose_name="file",
                    ),
                ),
                (
                    "entry",
                    modelcluster.fields.ParentalKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="versions",
                        to="professionals.networkdocument",
                    ),
                ),
            ],
            options={
                "verbose_name": "version",
                "verbose_name_plural": "versions",
                "ordering": ["sort_order"],
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="ReferralPartner",
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
                *home.migration_fields.geocoded_address(
                    "street", "postal_code", "city", "latitude", "longitude"
                ),
                ("phone", models.CharField(blank=True, max_length=50, verbose_name="public phone")),
                (
                    "email",
                    models.EmailField(blank=True, max_length=254, verbose_name="public email"),
                ),
                ("website", models.URLField(blank=True, verbose_name="website")),
                (
                    "internal_notes",
                    models.TextField(
                        blank=True,
                        help_text="Only logged-in professionals see these notes.",
                        verbose_name="internal notes",
                    ),
                ),
                ("live", models.BooleanField(default=True, verbose_name="shown in the directory")),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "fields",
                    modelcluster.fields.ParentalManyToManyField(
                        blank=True,
                        related_name="partners",
                        to="professionals.partnerfield",
                        verbose_name="fields of work",
                    ),
                ),
                (
                    "organization",
                    models.OneToOneField(
                        blank=True,
                        help_text="Links the provider's offers and contact persons to this partner.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="referral_partner",
                        to="offers_directory.organizationpage",
                        verbose_name="provider in the offer directory",
                    ),
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
                    "working_groups",
                    modelcluster.fields.ParentalManyToManyField(
                        blank=True,
                        related_name="members",
                        to="professionals.workinggroup",
                        verbose_name="working groups",
                    ),
                ),
                *home.migration_fields.geocoded_address(
                    "country",
                    "geocode_attempts",
                    "geocode_message",
                    "geocode_status",
                    "geocoded_address",
                    "geocoded_at",
                    "manual_pin",
                ),
            ],
            options={
                "verbose_name": "referral partner",
                "verbose_name_plural": "referral partners",
                "ordering": ["name"],
            },
            bases=(modelsearch.index.Indexed, models.Model),
        ),
        migrations.CreateModel(
            name="PartnerContact",
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
                ("phone", models.CharField(blank=True, max_length=50, verbose_name="direct phone")),
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
                    "partner",
                    modelcluster.fields.ParentalKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="contacts",
                        to="professionals.referralpartner",
                    ),
                ),
            ],
            options={
                "verbose_name": "contact person",
                "verbose_name_plural": "contact persons",
                "ordering": ["sort_order"],
                "abstract": False,
            },
        ),
        migrations.RunPython(install_group_and_fields, migrations.RunPython.noop),
    ]
