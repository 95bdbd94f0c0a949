"""Field definitions that several migrations share, frozen as they stood when those
migrations were written: the geocoded address of offer locations, event venues and referral
partners, and the body blocks of the site's and the news' pages.

Only migrations import this module, the way Django's own migrations import validators. A
migration that was applied must go on building the same schema and state, so a definition
here never changes in place: a new shape (a changed block, another max_length) gets a new
function, and the migrations that used the old one keep it."""

import django.core.validators
from django.db import models

import wagtail.fields


def _coordinate(name: str, bound: float) -> models.FloatField:
    return models.FloatField(
        blank=True,
        null=True,
        validators=[
            django.core.validators.MinValueValidator(-bound),
            django.core.validators.MaxValueValidator(bound),
        ],
        verbose_name=name,
    )


def geocoded_address(*names: str) -> list[tuple[str, models.Field]]:
    """The named address and geocoding fields, in the order given (the order of the
    table's columns); without names all of them, in the order below (the offer locations')."""
    fields = {
        "street": models.CharField(blank=True, max_length=255, verbose_name="street and number"),
        "postal_code": models.CharField(blank=True, max_length=10, verbose_name="postal code"),
        "city": models.CharField(blank=True, max_length=100, verbose_name="city"),
        "state_province": models.CharField(
            blank=True, max_length=100, verbose_name="federal state"
        ),
        "country": models.CharField(default="DE", max_length=2, verbose_name="country"),
        "latitude": _coordinate("latitude", 90.0),
        "longitude": _coordinate("longitude", 180.0),
        "manual_pin": models.BooleanField(
            default=False,
            help_text="The coordinates were set by hand; the geocoder leaves them alone.",
            verbose_name="pin set by hand",
        ),
        "geocode_status": models.CharField(
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
        "geocode_message": models.CharField(
            blank=True, max_length=255, verbose_name="geocoding message"
        ),
        "geocoded_at": models.DateTimeField(blank=True, null=True, verbose_name="geocoded at"),
        "geocoded_address": models.CharField(
            blank=True,
            editable=False,
            help_text="The normalised address the coordinates belong to.",
            max_length=255,
            verbose_name="geocoded address",
        ),
        "geocode_attempts": models.PositiveSmallIntegerField(
            default=0, editable=False, verbose_name="geocoding attempts"
        ),
    }
    return [(name, fields[name]) for name in names or fields]


def _heading_parts() -> dict[int, tuple]:
    """The heading's parts, which both bodies below contain. The numbers are positions in the
    lookup table Wagtail writes into migrations; a function, so every field has its own lists."""
    return {
        0: ("wagtail.blocks.CharBlock", (), {"label": "Heading"}),
        1: (
            "wagtail.blocks.ChoiceBlock",
            [],
            {"choices": [("h2", "H2"), ("h3", "H3"), ("h4", "H4")], "label": "Level"},
        ),
    }


def _paragraph_and_image_parts() -> dict[int, tuple]:
    """The paragraph's and the image's parts, which both bodies below contain."""
    return {
        3: (
            "wagtail.blocks.RichTextBlock",
            (),
            {
                "features": ["bold", "italic", "link", "document-link", "ol", "ul"],
                "label": "Paragraph",
            },
        ),
        4: ("wagtail.images.blocks.ImageChooserBlock", (), {"label": "Image"}),
        5: (
            "wagtail.blocks.CharBlock",
            (),
            {
                "help_text": "Describe what the image shows. Leave empty only for decorative images.",  # noqa: E501
                "label": "Alternative text",
                "required": False,
            },
        ),
        6: ("wagtail.blocks.CharBlock", (), {"label": "Caption", "required": False}),
        7: (
            "wagtail.blocks.CharBlock",
            (),
            {"help_text": "Foto: …", "label": "Photo credit", "required": False},
        ),
    }


def page_body(verbose_name: str = "body") -> wagtail.fields.StreamField:
    """A page's body as home's pages had it: headings, paragraphs, images."""
    return wagtail.fields.StreamField(
        [("heading", 2), ("paragraph", 3), ("image", 8)],
        blank=True,
        block_lookup={
            **_heading_parts(),
            2: ("wagtail.blocks.StructBlock", [[("text", 0), ("level", 1)]], {}),
            **_paragraph_and_image_parts(),
            8: (
                "wagtail.blocks.StructBlock",
                [[("image", 4), ("alt_text", 5), ("caption", 6), ("credit", 7)]],
                {},
            ),
        },
        verbose_name=verbose_name,
    )


def article_body(verbose_name: str = "body") -> wagtail.fields.StreamField:
    """The body of news and events: page_body's blocks (labelled) plus quotes, contacts,
    documents and offers."""
    return wagtail.fields.StreamField(
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
            **_heading_parts(),
            2: (
                "wagtail.blocks.StructBlock",
                [[("text", 0), ("level", 1)]],
                {"label": "Subheading"},
            ),
            **_paragraph_and_image_parts(),
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
        verbose_name=verbose_name,
    )
