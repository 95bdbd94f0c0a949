"""The offer facets' labels: category names, language names, region and provider titles (from
the database, cached by search/labels.py), and the fixed ones (age groups, costs,
accessibility)."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db.models import Model
from django.utils.translation import get_language

from offers_directory.languages import translated_language_name
from offers_directory.models import Language, OrganizationPage, TaxonomyTerm
from offers_directory.models.taxonomy import term_name_field
from offers_directory.regions import region_page_model

from ..labels import Labels, Vocabulary
from .documents import ACCESSIBLE_LABELS, AGE_GROUP_LABELS, FREE_LABELS


def _load() -> Vocabulary:
    """The labels in the active language (search/labels.py loads once per language)."""
    region_model = region_page_model()
    german = get_language() in (None, settings.LANGUAGE_CODE)
    name = term_name_field()
    terms = TaxonomyTerm.objects.values_list("code", "name", name)
    return {
        "category": {code: translated or de_name for code, de_name, translated in terms},
        # German pages say the names editors gave the languages, the others the table's.
        "language": {
            lang.code: str(lang) if german else translated_language_name(lang.code)
            for lang in Language.objects.all()
        },
        "region": (dict(region_model.objects.values_list("slug", "title")) if region_model else {}),
        "provider": {
            str(pk): title for pk, title in OrganizationPage.objects.values_list("pk", "title")
        },
        **{
            facet: {value: str(label) for value, label in labels.items()}
            for facet, labels in (
                ("age_group", AGE_GROUP_LABELS),
                ("free", FREE_LABELS),
                ("accessible", ACCESSIBLE_LABELS),
            )
        },
    }


def _models() -> Iterable[type[Model]]:
    region_model = region_page_model()
    return [TaxonomyTerm, Language, OrganizationPage, *([region_model] if region_model else [])]


offer_labels = Labels("offers", _load, _models)
