"""Admin page offering the CSV/XLSX import template for coordinators. The import itself is
`manage.py import_offers` or, in the admin, the upload a project adds under the URL name
OFFERS_IMPORT_URL_NAME (this project's `imports` app)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from .importers.tabular import COLUMNS, template_csv, template_xlsx, term_codes

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
OFFERS_IMPORT_URL_NAME = ("imports:upload", ["offers"])


def _import_url() -> str:
    name, args = OFFERS_IMPORT_URL_NAME
    try:
        return reverse(name, args=args)
    except NoReverseMatch:  # the directory is used without the project's admin imports
        return ""


def import_template(request: HttpRequest) -> HttpResponse:
    """The overview page with both downloads and the meaning of every column."""
    return TemplateResponse(
        request,
        "offers_directory/admin/import_template.html",
        {
            "page_title": _("Offer import template"),
            "header_title": _("Offer import template"),
            "columns": [(header, help_text) for header, _key, help_text in COLUMNS],
            "terms": term_codes(),
            "import_url": _import_url(),
        },
    )


def import_template_download(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt == "xlsx":
        response = HttpResponse(template_xlsx(), content_type=XLSX_TYPE)
    else:
        response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="angebote-vorlage.{fmt}"'
    return response
