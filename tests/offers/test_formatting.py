"""Distances as families read them: one function for the finder, the partner directory and
the API's labels."""

from django.utils import translation

import pytest

from offers_directory.formatting import AT_PLACE_KM, format_distance


@pytest.mark.parametrize(
    ("km", "german"),
    [
        (0.0, "am Ort"),
        (AT_PLACE_KM / 2, "am Ort"),
        (AT_PLACE_KM, "0,1 km entfernt"),
        (2.449, "2,4 km entfernt"),
        (23.06, "23,1 km entfernt"),
    ],
)
def test_distances_in_german(km, german):
    with translation.override("de"):
        assert format_distance(km) == german


def test_distances_follow_the_visitors_language():
    with translation.override("en"):
        assert format_distance(0.02) == "at the place"
        assert format_distance(3.0) == "3.0 km away"
    with translation.override("tr"):
        assert format_distance(0.02) != format_distance(3.0)
        assert "3,0" in format_distance(3.0)
