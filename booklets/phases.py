"""The life phases a Familienbegleitbuch is organised by, derived from each offer's age window.

An offer states who it is for with three fields: `during_pregnancy`, and the child's age in
months from `min_age_months` (empty: from birth) to `max_age_months` (empty: no upper limit,
inclusive). The phases are windows on that scale:

    Schwangerschaft      the pregnancy flag
    Geburt               0 to 2 months (birth and the first weeks)
    Erstes Lebensjahr    3 to 11 months
    Kleinkinder          from 12 months

An offer belongs to every phase its window overlaps (an upper limit equal to a phase's first
month does not reach into it: "bis 1 Jahr" ends before the toddlers), so a family that opens
the booklet at its child's phase finds everything for it (the booklet prints the offer in full
in the first of them and refers back to its number in the others). Two windows are special, as
`offers_directory.formatting.format_age_range` words them: pregnancy alone (the flag, no
ages) is the pregnancy phase only, not "all ages"; and no statement at all is "alle
Altersgruppen", which goes to its own section, "Für alle Familien", rather than into every
phase. For such offers without any age statement the category decides when it names a phase
clearly (CATEGORY_PHASES, by the vocabulary's stable codes), e.g. a Schwangerschaftsberatung
is for pregnancy even when its editor left the ages empty."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class LifePhase:
    code: str
    label: Promise
    note: Promise
    start: int | None = None  # first month of the window; None: before birth
    end: int | None = None  # first month after the window; None: open


PREGNANCY = LifePhase("schwangerschaft", _("Pregnancy"), _("For expectant mothers and parents"))
BIRTH = LifePhase("geburt", _("Birth"), _("Birth and the first weeks (up to 3 months)"), 0, 3)
FIRST_YEAR = LifePhase(
    "erstes-lebensjahr", _("The first year"), _("From 3 months to the first birthday"), 3, 12
)
TODDLERS = LifePhase("kleinkinder", _("Toddlers"), _("From the first birthday"), 12, None)
ALL_FAMILIES = LifePhase("alle-familien", _("For all families"), _("Offers without an age limit"))
PHASES = (PREGNANCY, BIRTH, FIRST_YEAR, TODDLERS)
SECTIONS = (*PHASES, ALL_FAMILIES)

# Categories (stable codes, offers_directory/vocabularies.py) that name a phase, used only for
# offers that state no age window at all.
CATEGORY_PHASES = {
    "schwangerschaftsberatung": PREGNANCY,
    "geburtsvorbereitung": PREGNANCY,
    "babylotse": BIRTH,
    "willkommensbesuch": BIRTH,
    "familienhebamme": FIRST_YEAR,
    "krabbelgruppe": TODDLERS,
}


def has_child_window(min_months: int | None, max_months: int | None, pregnancy: bool) -> bool:
    """Whether the offer is for children of some age: pregnancy alone is not."""
    return not (pregnancy and min_months is None and max_months is None)


def phases_of(
    min_months: int | None,
    max_months: int | None,
    pregnancy: bool,
    category_codes: list[str] = (),
) -> list[LifePhase]:
    """The sections an offer appears in, in booklet order (never empty)."""
    if not pregnancy and min_months is None and max_months is None:
        named = [CATEGORY_PHASES[code] for code in category_codes if code in CATEGORY_PHASES]
        return [phase for phase in PHASES if phase in named] or [ALL_FAMILIES]
    phases = [PREGNANCY] if pregnancy else []
    if has_child_window(min_months, max_months, pregnancy):
        low = min_months or 0
        for phase in PHASES[1:]:
            starts_before_end = phase.end is None or low < phase.end
            # An upper limit on a phase's first month ends before it: "bis 1 Jahr" (12) is
            # not for toddlers.
            ends_after_start = max_months is None or max_months > phase.start or phase.start == 0
            if starts_before_end and ends_after_start:
                phases.append(phase)
    return phases


def offer_phases(page: Any) -> list[LifePhase]:
    return phases_of(
        page.min_age_months,
        page.max_age_months,
        page.during_pregnancy,
        [term.code for term in page.categories.all()],
    )


def age_filter(min_months: int | None, max_months: int | None, pregnancy: bool) -> Q | None:
    """Offers whose window overlaps a selection's: the child's age from `min_months` to
    `max_months` (either may be open) and/or pregnancy. None when nothing is chosen. Offers
    for all ages match any choice; pregnancy-only offers match only pregnancy."""
    clauses = []
    if pregnancy:
        clauses.append(Q(during_pregnancy=True))
    if min_months is not None or max_months is not None:
        overlap = Q()
        if max_months is not None:
            overlap &= Q(min_age_months__isnull=True) | Q(min_age_months__lte=max_months)
        if min_months is not None:
            overlap &= Q(max_age_months__isnull=True) | Q(max_age_months__gte=min_months)
        pregnancy_only = Q(
            during_pregnancy=True, min_age_months__isnull=True, max_age_months__isnull=True
        )
        clauses.append(overlap & ~pregnancy_only)
    if not clauses:
        return None
    result = clauses[0]
    for clause in clauses[1:]:
        result |= clause
    return result
