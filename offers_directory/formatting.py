"""Offer facts as the German text families read."""

from __future__ import annotations


def format_age_range(min_months: int | None, max_months: int | None, during_pregnancy: bool) -> str:
    """The age range an offer is for, e.g. 'Schwangerschaft bis 3 Jahre', 'ab 6 Monaten'."""

    def months(value: int) -> str:
        if value and value % 12 == 0:
            years = value // 12
            return f"{years} Jahr" if years == 1 else f"{years} Jahren"
        return f"{value} Monat" if value == 1 else f"{value} Monaten"

    def months_nominative(value: int) -> str:
        if value and value % 12 == 0:
            years = value // 12
            return f"{years} Jahr" if years == 1 else f"{years} Jahre"
        return f"{value} Monat" if value == 1 else f"{value} Monate"

    start = "Schwangerschaft" if during_pregnancy else None
    if min_months:
        start = f"{start} und ab {months(min_months)}" if start else f"ab {months(min_months)}"
    elif start is None and max_months is not None:
        start = "ab Geburt"
    if max_months is not None:
        end = f"bis {months_nominative(max_months)}"
        return f"{start} {end}" if start else end
    if start:
        return start if during_pregnancy and not min_months else f"{start}"
    return "alle Altersgruppen"
