"""The managed vocabularies: taxonomies and their terms (offer categories, target groups) and
the languages offers are available in."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.search import index

from home.fields import optional_link

from ..conf import get_setting
from ..languages import language_name, validate_language_code
from .exchange import ExchangedRecord, source_id_field

CODE_VALIDATOR = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9._:-]*$",
    _("Use letters, digits, dots, colons, hyphens and underscores only (no spaces)."),
)


class Taxonomy(ExchangedRecord):
    """A managed vocabulary (HSDS `taxonomy`), e.g. the offer categories or target groups."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    uri = models.URLField(_("URI"), blank=True)
    version = models.CharField(_("version"), max_length=50, blank=True)
    source_id = source_id_field(_("Identifier in an exchange format (HSDS `id`)."))

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("uri"),
        FieldPanel("version"),
    ]

    class Meta:
        verbose_name = _("taxonomy")
        verbose_name_plural = _("taxonomies")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


# The UI languages a term has a name field for, besides German (`name`).
TRANSLATED_LANGUAGES = ("en", "tr", "ar", "uk")


def term_name_field(language: str | None = None) -> str:
    """The TaxonomyTerm field holding the name in `language` (the active one by default)."""
    code = (language or get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return f"name_{code}" if code in TRANSLATED_LANGUAGES else "name"


class TaxonomyTerm(index.Indexed, ExchangedRecord):
    """A term of a managed taxonomy (HSDS `taxonomy_term`). `code` is stable: imports, exports,
    search facets and URLs refer to terms by code, so renaming a term changes nothing else."""

    taxonomy = models.ForeignKey(
        Taxonomy, verbose_name=_("taxonomy"), on_delete=models.PROTECT, related_name="terms"
    )
    code = models.CharField(
        _("code"),
        max_length=100,
        unique=True,
        validators=[CODE_VALIDATOR],
        help_text=_("Stable identifier, e.g. 'hebamme'. Do not change it once in use."),
    )
    name = models.CharField(_("name"), max_length=200, help_text=_("German."))
    # The name in the site's other UI languages (German is `name`): finder facets, offer
    # pages, handouts and guides show the visitor's. HSDS carries one `language` per
    # taxonomy_term row, so the export writes a row per language (hsds/mapping.py).
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    name_tr = models.CharField(_("name (Turkish)"), max_length=200, blank=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True)
    name_uk = models.CharField(_("name (Ukrainian)"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    parent = optional_link("self", _("parent term"), related_name="children")
    term_uri = models.URLField(_("term URI"), blank=True)
    sort_order = models.IntegerField(_("sort order"), default=0)
    source_id = source_id_field()

    panels = [
        FieldPanel("taxonomy"),
        FieldPanel("code"),
        FieldPanel("name"),
        MultiFieldPanel(
            [FieldPanel(f"name_{code}") for code in TRANSLATED_LANGUAGES],
            heading=_("Name in other languages"),
        ),
        FieldPanel("description"),
        FieldPanel("parent"),
        FieldPanel("term_uri"),
        FieldPanel("sort_order"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("code"),
        index.FilterField("taxonomy_id"),
    ]

    class Meta:
        verbose_name = _("taxonomy term")
        verbose_name_plural = _("taxonomy terms")
        ordering = ["taxonomy__name", "sort_order", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.parent_id is None:
            return
        if self.taxonomy_id and self.parent.taxonomy_id != self.taxonomy_id:
            raise ValidationError({"parent": _("The parent term must be in the same taxonomy.")})
        seen = {self.pk} if self.pk else set()
        node = self.parent
        while node is not None:
            if node.pk in seen:
                raise ValidationError({"parent": _("A term cannot be its own ancestor.")})
            seen.add(node.pk)
            node = node.parent

    def name_in(self, language: str | None = None) -> str:
        """The name in `language` (the active one by default), German when it has none."""
        return getattr(self, term_name_field(language), "") or self.name

    @property
    def names(self) -> dict[str, str]:
        """Every name it has, by language: {"de": …, "en": …}."""
        names = {settings.LANGUAGE_CODE: self.name}
        for code in TRANSLATED_LANGUAGES:
            if value := getattr(self, f"name_{code}"):
                names[code] = value
        return names


# The offer's term fields limit their choices with these two; migrations name them as
# `offers_directory.models.category_choices`, hence the re-export in models/__init__.py.
def category_choices() -> Q:
    return Q(taxonomy__slug=get_setting("CATEGORY_TAXONOMY"))


def target_group_choices() -> Q:
    return Q(taxonomy__slug=get_setting("TARGET_GROUP_TAXONOMY"))


class Language(models.Model):
    """A language an offer is available in (ISO 639-1, HSDS `language`)."""

    code = models.CharField(
        _("code"),
        max_length=2,
        unique=True,
        validators=[validate_language_code],
        help_text=_("ISO 639-1 code, e.g. de, en, tr, ar, uk."),
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    sort_order = models.IntegerField(_("sort order"), default=100)

    panels = [FieldPanel("code"), FieldPanel("name"), FieldPanel("sort_order")]

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name or self.code

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.name = self.name or language_name(self.code)
        super().save(*args, **kwargs)

    @classmethod
    def for_codes(cls, codes: list[str]) -> list[Language]:
        """The Language rows for valid codes, created on first use (validates each code)."""
        rows = []
        for code in codes:
            validate_language_code(code)
            row, _created = cls.objects.get_or_create(
                code=code, defaults={"name": language_name(code)}
            )
            rows.append(row)
        return rows
