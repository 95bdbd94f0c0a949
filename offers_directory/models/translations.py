"""Offers' titles and summaries in the site's other languages, written by editors.

An offer's content is German; an editor may add a title and summary per UI language
(`OfferTranslation`). What a visitor sees is decided in one place, `offer_text`: the whole
translation when there is one, else the German text marked as German. Title and summary are
both required in a translation, so a visitor never gets one field translated and the other
silently German."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db import models
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.models import Orderable

CONTENT_LANGUAGE = "de"


class TranslationLanguage(models.TextChoices):
    # The site's UI languages other than German (config/settings/base.py LANGUAGES); the
    # codes are ISO 639-1, as HSDS and the `lang` parameter of the search API write them.
    EN = "en", "English"
    TR = "tr", "Türkçe"
    AR = "ar", "العربية"
    UK = "uk", "Українська"


class OfferTranslation(Orderable):
    """An offer's title and summary in one of the site's other languages."""

    page = ParentalKey(
        "offers_directory.OfferPage", on_delete=models.CASCADE, related_name="translations"
    )
    language = models.CharField(_("language"), max_length=2, choices=TranslationLanguage.choices)
    title = models.CharField(_("title"), max_length=255)
    summary = models.CharField(_("summary"), max_length=300)

    panels = [FieldRowPanel([FieldPanel("language"), FieldPanel("title")]), FieldPanel("summary")]

    class Meta(Orderable.Meta):
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "language"], name="offer_translation_one_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.language}: {self.title}"


def translations_panel() -> InlinePanel:
    return InlinePanel(
        "translations",
        heading=_("Translations"),
        label=_("Translation"),
        help_text=_(
            "Title and summary in another language of the site, for families who read it "
            "better than German. Offers without a translation are shown in German with the "
            "note that they are only available in German."
        ),
    )


@dataclass(frozen=True)
class OfferText:
    """What a visitor reads of an offer: title and summary, and the language they are in."""

    title: str
    summary: str
    language: str

    @property
    def bidi(self) -> bool:
        return get_language_info(self.language)["bidi"]

    @property
    def direction(self) -> str:
        return "rtl" if self.bidi else "ltr"


def offer_text(
    title: str, summary: str, translations: Mapping[str, Mapping[str, str]], language: str | None
) -> OfferText:
    """The offer's title and summary in `language` when an editor translated them, else the
    German ones (language "de": the reader is told it is German only)."""
    code = (language or CONTENT_LANGUAGE).split("-")[0]
    translated = translations.get(code) if code != CONTENT_LANGUAGE else None
    if translated and translated.get("title"):
        return OfferText(translated["title"], translated.get("summary") or "", code)
    return OfferText(title, summary, CONTENT_LANGUAGE)


def translation_map(translations: Iterable[OfferTranslation]) -> dict[str, dict[str, str]]:
    """Language → {"title", "summary"}: the form documents and exports carry."""
    return {
        t.language: {"title": t.title, "summary": t.summary}
        for t in sorted(translations, key=lambda t: t.language)
        if t.title
    }


def is_german_only(text: OfferText, language: str | None = None) -> bool:
    """Whether the visitor asked for another language than the text is in."""
    wanted = (language or CONTENT_LANGUAGE).split("-")[0]
    return text.language != wanted
