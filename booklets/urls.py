"""Public routes (mounted inside config/urls.py's i18n_patterns: German has no prefix, the
finder's other languages get theirs, and the booklet follows the URL's language)."""

from django.urls import path

from . import views

app_name = "booklets"

PDF = {"pdf": True}

urlpatterns = [
    path("familienbegleitbuch/", views.index, name="index"),
    path("familienbegleitbuch/<slug:region>/", views.region_booklet, name="region"),
    path("familienbegleitbuch/<slug:region>.pdf", views.region_booklet, PDF, name="region_pdf"),
    path(
        "familienbegleitbuch/<slug:region>/<slug:place>/",
        views.region_booklet,
        name="municipality",
    ),
    path(
        "familienbegleitbuch/<slug:region>/<slug:place>.pdf",
        views.region_booklet,
        PDF,
        name="municipality_pdf",
    ),
    path("angebotskatalog/<slug:slug>/", views.catalogue, name="catalogue"),
    path("angebotskatalog/<slug:slug>.pdf", views.catalogue, PDF, name="catalogue_pdf"),
]
