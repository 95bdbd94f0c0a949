"""The partner facets' labels (fields of work, working groups, regions), cached by
search/labels.py."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Model

from ..labels import Labels, Vocabulary


def _load() -> Vocabulary:
    from home.models import RegionPage
    from professionals.models import PartnerField, WorkingGroup

    return {
        "field": dict(PartnerField.objects.values_list("code", "name")),
        "working_group": dict(WorkingGroup.objects.values_list("slug", "name")),
        "region": dict(RegionPage.objects.values_list("slug", "title")),
    }


def _models() -> Iterable[type[Model]]:
    from home.models import RegionPage
    from professionals.models import PartnerField, WorkingGroup

    return [PartnerField, WorkingGroup, RegionPage]


partner_labels = Labels("partners", _load, _models)
