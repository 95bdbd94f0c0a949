"""The dashboard's tables, defined once for the page and for the CSV export: a caption, the
column headings and the rows (the first cell of a row heads it)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from .coverage import Coverage
from .retention import retention_days
from .unmet import NO_CATEGORY, UnmetRow

TABLES = ("unmet", "areas", "density", "gaps")


def _plain(cell: Any) -> Any:
    """Text a spreadsheet would run as a formula, quoted as text (OWASP's CSV injection rule)."""
    if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + cell
    return cell


@dataclass
class Table:
    key: str  # one of TABLES, the export's name
    caption: str
    columns: list[str]
    rows: list[list[Any]]

    def csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";")
        writer.writerow(self.columns)
        writer.writerows([_plain(cell) for cell in row] for row in self.rows)
        # A byte order mark lets spreadsheet programs read the umlauts as UTF-8.
        return "\ufeff" + out.getvalue()


def filters_label(filters: str, labels: dict[str, dict[str, str]]) -> str:
    """ "category=hebammenhilfe;language=tr" → "Hebammenhilfe; Türkisch": the labels the
    finder shows for the stored filter values."""
    return "; ".join(
        ", ".join(labels.get(name, {}).get(v, v) for v in values.split(","))
        for name, _sep, values in (part.partition("=") for part in filters.split(";") if part)
    )


def unmet_table(rows: list[UnmetRow], title: str, labels: dict[str, dict[str, str]]) -> Table:
    return Table(
        "unmet",
        _("Most frequent searches without a result in %(region)s, last %(days)s days")
        % {"region": title, "days": retention_days()},
        [_("Search words"), _("Postcode area"), _("Filters"), _("Searches"), _("Answered by")],
        [
            [
                row.words or "–",
                row.area_label or "–",
                filters_label(row.filters, labels) or "–",
                row.count,
                ", ".join(hint.offer.title for hint in row.answers),
            ]
            for row in rows
        ],
    )


def areas_table(
    table: dict[str, dict[str, int]], title: str, labels: dict[str, dict[str, str]]
) -> Table:
    names = labels.get("category", {})
    codes = sorted(
        {code for counts in table.values() for code in counts},
        key=lambda c: (c == NO_CATEGORY, names.get(c, c)),
    )
    return Table(
        "areas",
        _("Searches without a result by postcode area and category in %(region)s")
        % {"region": title},
        [
            _("Postcode area"),
            *[names.get(c, c) if c else _("no category") for c in codes],
            _("Total"),
        ],
        [
            [
                f"{area}xx" if area else _("no place"),
                *[counts.get(c, 0) for c in codes],
                sum(counts.values()),
            ]
            for area, counts in table.items()
        ],
    )


def density_table(cover: Coverage) -> Table:
    return Table(
        "density",
        _("Offers per municipality and category in %(region)s") % {"region": cover.region.title},
        [_("Municipality"), *[c.name for c in cover.categories], _("Total")],
        [
            [m.name, *[m.offers.get(c.code, 0) for c in cover.categories], m.offer_total]
            for m in cover.municipalities
        ],
    )


def gaps_table(cover: Coverage) -> Table:
    return Table(
        "gaps",
        _("Categories without an offer within %(km)s km of a municipality in %(region)s")
        % {"km": f"{cover.reach_km:g}", "region": cover.region.title},
        [_("Municipality"), _("Postcodes"), _("Categories without an offer")],
        [
            [m.name, ", ".join(m.postcodes), ", ".join(c.name for c in gaps)]
            for m, gaps in cover.gap_rows()
        ],
    )
