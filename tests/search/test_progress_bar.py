"""The progress bar of `search_index --rebuild`: drawn per percent, not per document."""

from __future__ import annotations

import io

from search.index import ProgressBar


def test_a_large_rebuild_draws_the_bar_about_a_hundred_times() -> None:
    stream = io.StringIO()
    bar = ProgressBar(stream, width=10)
    for done in range(1, 100_001):
        bar(done, 100_000)

    output = stream.getvalue()
    assert output.count("\r") == 101  # the first document (0 %), then each percent
    assert output.endswith("\r[##########] 100000/100000\n")
    assert "\r[#####-----] 50000/100000" in output


def test_every_step_of_a_small_rebuild_is_drawn_and_the_last_ends_the_line() -> None:
    stream = io.StringIO()
    bar = ProgressBar(stream, width=4)
    for done in range(1, 4):
        bar(done, 3)

    assert stream.getvalue() == "\r[#---] 1/3\r[##--] 2/3\r[####] 3/3\n"


def test_documents_beyond_the_estimate_draw_nothing_more() -> None:
    stream = io.StringIO()
    bar = ProgressBar(stream, width=4)
    for done in range(1, 6):
        bar(done, 3)

    assert stream.getvalue().count("\r") == 3
    assert stream.getvalue().endswith("3/3\n")
