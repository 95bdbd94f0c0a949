"""The providers' verification links (views.py); German only, outside the language prefixes,
as the mail that carries them."""

from django.urls import path

from . import views

urlpatterns = [
    path("angaben-pruefen/<str:token>/", views.verify, name="offer_verification"),
    path(
        "angaben-pruefen/<str:token>/aendern/",
        views.report_change,
        name="offer_verification_change",
    ),
]
