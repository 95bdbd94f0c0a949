"""The app's migrations 0001-0003 in one (squashed with Django's squashmigrations). A new database
runs only this migration; a database that applied all the replaced ones has it marked applied
(see `replaces`).

The replaced data fix-up for venues saved before geocoding (0003) is left out: the table is
created here, empty, so it had nothing to fix."""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import wagtail.fields


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
                (
                    "body",
                    wagtail.fields.StreamField(
                        [
                            ("heading", 2),
                            ("paragraph", 3),
                            ("image", 8),
                            ("quote", 12),
                            ("contact", 15),
                            ("documents", 21),
                            ("offer", 24),
                        ],
                        blank=True,
                        block_lookup={
                            0: ("wagtail.blocks.CharBlock", (), {"label": "Heading"}),
                            1: (
                                "wagtail.blocks.ChoiceBlock",
                                [],
                                {
                                    "choices": [("h2", "H2"), ("h3", "H3"), ("h4", "H4")],
                                    "label": "Level",
                                },
                            ),
                            2: (
                                "wagtail.blocks.StructBlock",
                                [[("text", 0), ("level", 1)]],
                                {"label": "Subheading"},
                            ),
                            3: (
                                "wagtail.blocks.RichTextBlock",
                                (),
                                {
                                    "features": [
                                        "bold",
                                        "italic",
                                        "link",
                                        "document-link",
                                        "ol",
                                        "ul",
                                    ],
                                    "label": "Paragraph",
                                },
                            ),
                            4: ("wagtail.images.blocks.ImageChooserBlock", (), {"label": "Image"}),
                            5: (
                                "wagtail.blocks.CharBlock",
                                (),
                                {
                                    "help_text": "Describe what the image shows. Leave empty only for decorative images.",
                                    "label": "Alternative text",
                                    "required": False,
                                },
                            ),
                            6: (
                                "wagtail.blocks.CharBlock",
                                (),
                                {"label": "Caption", "required": False},
                            ),
                            7: (
                                "wagtail.blocks.CharBlock",
                                (),
                                {
                                    "help_text": "Foto: …",
                                    "label": "Photo credit",
                                    "required": False,
                                },
                            ),
                            8: (
                                "wagtail.blocks.StructBlock",
                                [[("image", 4), ("alt_text", 5), ("caption", 6), ("credit", 7)]],
                                {"label": "Image"},
                            ),
                            9: ("wagtail.blocks.TextBlock", (), {"label": "Quotation"}),
                            10: (
                                "wagtail.blocks.CharBlock",
                                (),
                                {"label": "Speaker", "required": False},
                            ),
                            11: (
                                "wagtail.blocks.CharBlock",
                                (),
                                {
                                    "help_text": "e.g. District Administrator, network coordinator",
                                    "label": "Speaker's role",
                                    "required": False,
                                },
                            ),
                            12: (
                                "wagtail.blocks.StructBlock",
                                [[("text", 9), ("speaker", 10), ("role", 11)]],
                                {},
                            ),
                            13: (
                                "wagtail.snippets.blocks.SnippetChooserBlock",
                                ("news.PressContact",),
                                {"label": "Contact person"},
                            ),
                            14: (
                                "wagtail.blocks.CharBlock",
                                (),
                                {
                                    "help_text": "Default: “Contact”",
                                    "label": "Heading",
                                    "required": False,
                                },
                            ),
                            15: (
                                "wagtail.blocks.StructBlock",
                                [[("contact", 13), ("heading", 14)]],
                                {},
                            ),
                            16: (
                                "wagtail.blocks.CharBlock",
                                (),
                                {"label": "Heading", "required": False},
                            ),
                            17: (
                                "wagtail.documents.blocks.DocumentChooserBlock",
                                (),
                                {"label": "Document"},
                            ),
                            18: (
                                "wagtail.blocks.CharBlock",
                                (),
                                {
                                    "help_text": "Default: the document's title",
                                    "label": "Link text",
                                    "required": False,
                                },
                            ),
                            19: (
                                "wagtail.blocks.StructBlock",
                                [[("document", 17), ("title", 18)]],
                                {},
                            ),
                            20: ("wagtail.blocks.ListBlock", (19,), {"label": "Documents"}),
                            21: (
                                "wagtail.blocks.StructBlock",
                                [[("heading", 16), ("documents", 20)]],
                                {},
                            ),
                            22: (
                                "wagtail.blocks.PageChooserBlock",
                                (),
                                {"label": "Offer", "page_type": ["offers_directory.OfferPage"]},
                            ),
                            23: (
                                "wagtail.blocks.CharBlock",
                                (),
                                {
                                    "help_text": "Optional sentence above the offer, e.g. “More about the offer:”",
                                    "label": "Note",
                                    "required": False,
                                },
                            ),
                            24: ("wagtail.blocks.StructBlock", [[("offer", 22), ("note", 23)]], {}),
                        },
                        verbose_name="description",
                    ),
                ),
                ("venue_name", models.CharField(blank=True, max_length=200, verbose_name="venue")),
                (
                    "street",
                    models.CharField(blank=True, max_length=255, verbose_name="street and number"),
                ),
                (
                    "postal_code",
                    models.CharField(blank=True, max_length=10, verbose_name="postal code"),
                ),
                ("city", models.CharField(blank=True, max_length=100, verbose_name="city")),
                (
                    "latitude",
                    models.FloatField(
                        blank=True,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(-90),
                            django.core.validators.MaxValueValidator(90),
                        ],
                        verbose_name="latitude",
                    ),
                ),
                (
                    "longitude",
                    models.FloatField(
                        blank=True,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(-180),
                            django.core.validators.MaxValueValidator(180),
                        ],
                        verbose_name="longitude",
                    ),
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
                (
                    "geocode_message",
                    models.CharField(blank=True, max_length=255, verbose_name="geocoding message"),
                ),
                (
                    "geocode_status",
                    models.CharField(
                        choices=[
                            ("pending", "pending"),
                            ("exact", "exact"),
                            ("approximate", "approximate"),
                            ("failed", "not found"),
                            ("manual", "set by hand"),
                        ],
                        db_index=True,
                        default="pending",
                        max_length=20,
                        verbose_name="geocoding status",
                    ),
                ),
                (
                    "geocoded_address",
                    models.CharField(
                        blank=True,
                        editable=False,
                        help_text="The normalised address the coordinates belong to.",
                        max_length=255,
                        verbose_name="geocoded address",
                    ),
                ),
                (
                    "manual_pin",
                    models.BooleanField(
                        default=False,
                        help_text="The coordinates were set by hand; the geocoder leaves them alone.",
                        verbose_name="pin set by hand",
                    ),
                ),
                ("country", models.CharField(default="DE", max_length=2, verbose_name="country")),
                (
                    "geocode_attempts",
                    models.PositiveSmallIntegerField(
                        default=0, editable=False, verbose_name="geocoding attempts"
                    ),
                ),
                (
                    "geocoded_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="geocoded at"),
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
