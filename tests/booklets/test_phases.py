"""Life phases from the offers' age windows (booklets/phases.py)."""

from __future__ import annotations

import pytest

from booklets.phases import (
    ALL_FAMILIES,
    BIRTH,
    FIRST_YEAR,
    PREGNANCY,
    TODDLERS,
    age_filter,
    phases_of,
)


@pytest.mark.parametrize(
    ("window", "categories", "expected"),
    [
        ((None, None, True), [], [PREGNANCY]),  # pregnancy alone is not "all ages"
        ((None, 12, True), [], [PREGNANCY, BIRTH, FIRST_YEAR]),  # "bis 1 Jahr" ends there
        ((None, 13, True), [], [PREGNANCY, BIRTH, FIRST_YEAR, TODDLERS]),
        ((None, 2, False), [], [BIRTH]),
        ((None, 0, False), [], [BIRTH]),
        ((3, 11, False), [], [FIRST_YEAR]),
        ((6, 36, False), [], [FIRST_YEAR, TODDLERS]),
        ((12, None, False), [], [TODDLERS]),
        ((None, None, False), [], [ALL_FAMILIES]),
        # Without any age statement a telling category decides.
        ((None, None, False), ["sozialberatung", "schwangerschaftsberatung"], [PREGNANCY]),
        ((None, None, False), ["willkommensbesuch"], [BIRTH]),
        # An age statement wins over the category.
        ((24, 36, False), ["schwangerschaftsberatung"], [TODDLERS]),
    ],
)
def test_phases_follow_the_age_window(window, categories, expected):
    assert phases_of(*window, categories) == expected


@pytest.mark.django_db
def test_age_filter_matches_the_overlapping_windows(guide):
    from offers_directory.models import OfferPage

    def titles(condition) -> set[str]:
        pages = OfferPage.objects.live().descendant_of(guide.region).filter(condition)
        return set(pages.values_list("title", flat=True))

    assert age_filter(None, None, False) is None
    assert titles(age_filter(None, None, True)) == {
        "Schwangerschaftsberatung Winsen",
        "Familienhebammen Buchholz",
    }
    # 24 to 36 months: the toddler group and the offer for all ages, not the pregnancy-only one.
    assert titles(age_filter(24, 36, False)) == {"Krabbelgruppe Winsen", "Sozialberatung Winsen"}
    assert titles(age_filter(0, 1, False)) == {
        "Familienhebammen Buchholz",
        "Willkommensbesuch im Landkreis",
        "Sozialberatung Winsen",
    }
