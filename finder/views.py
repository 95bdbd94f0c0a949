"""The finder's views (filled in below)."""

from django.http import HttpRequest, HttpResponse


def finder(request: HttpRequest) -> HttpResponse:
    return HttpResponse("")
