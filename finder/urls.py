from django.urls import path

from . import views

app_name = "finder"

urlpatterns = [
    path("", views.finder, name="finder"),
    path("ergebnisse/", views.results, name="results"),
]
