"""The offer facets' labels: category names, language names, region and provider titles (from
the database, cached by search/labels.py), and the fixed ones (age groups, costs,
accessibility)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Model

from offers_directory.models import Language, OrganizationPage, TaxonomyTerm
from offers_directory.regions import region_page_model

from ..labels import Labels, Vocabulary
from .documents import ACCESSIBLE_LABELS, AGE_GROUP_LABELS, FREE_LABELS


def _load() -> Vocabulary:
    region_model = region_page_model()
    return {
        "category": dict(TaxonomyTerm.objects.values_list("code", "name")),
        "language": {lang.code: str(lang) for lang in Language.objects.all()},
        "region": (dict(region_model.objects.values_list("slug", "title")) if region_model else {}),
        "provider": {
            str(pk): title for pk, title in OrganizationPage.objects.values_list("pk", "title")
        },
        "age_group": AGE_GROUP_LABELS,
        "free": FREE_LABELS,
        "accessible": ACCESSIBLE_LABELS,
    }


def _models() -> Iterable[type[Model]]:
    region_model = region_page_model()
    return [TaxonomyTerm, Language, OrganizationPage, *([region_model] if region_model else [])]


offer_labels = Labels("offers", _load, _models)
