"""The structure pages' words in the visitor's language (PageTranslation rows), with German
as the fallback, marked as such so screen readers pronounce it as German."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import get_language

from wagtail.models import Page


@dataclass(frozen=True)
class UIText:
    """A text and the language it is in when that is not the page's: `lang` is empty when the
    text is in the visitor's language, else the language of the German fallback."""

    text: str
    lang: str = ""

    def __str__(self) -> str:
        return self.text


def translated_field(page: Page, field: str, language: str | None = None) -> UIText:
    """`page`'s `field` (title, intro, hero_title, …) in `language` (the active one by default):
    the translation an editor wrote, else the German text."""
    german = getattr(page, field, "") or ""
    language = language or get_language() or settings.LANGUAGE_CODE
    if language == settings.LANGUAGE_CODE:
        return UIText(german)
    # .all() uses a prefetch when there is one (the main menu prefetches).
    for row in page.ui_translations.all():
        if row.language == language and getattr(row, field, ""):
            return UIText(getattr(row, field))
    return UIText(german, settings.LANGUAGE_CODE if german else "")


def translation_rows(translations: dict[str, dict[str, str]]) -> list:
    """PageTranslation rows for an unsaved page (`create_page` saves them with its first
    revision): `{"en": {"title": "News", "intro": "…"}, …}`."""
    from .models import PageTranslation

    return [PageTranslation(language=code, **fields) for code, fields in translations.items()]


def add_missing_translations(
    page: Page, translations: dict[str, dict[str, str]], german_title: str
) -> list[str]:
    """Give an existing structure page the translations it lacks, as a published revision
    (the rows belong to the page's revisions: written beside them, the next publication in the
    admin would drop them). Only while the page still has the title they translate and no
    unpublished changes, so an editor's work is never overwritten or published. Returns the
    languages added."""
    page = page.specific
    if page.title != german_title or page.has_unpublished_changes:
        return []
    present = {row.language for row in page.ui_translations.all()}
    missing = {code: fields for code, fields in translations.items() if code not in present}
    if not missing:
        return []
    page.ui_translations.add(*translation_rows(missing))
    page.save_revision().publish()
    return sorted(missing)
