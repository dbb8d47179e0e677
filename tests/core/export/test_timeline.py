"""Stories per week: every week from the first to the last, empty ones too."""

from __future__ import annotations

from datetime import date

from newsreader.core.export.timeline import timeline_image, weekly_counts


def test_weeks_start_on_monday_and_empty_weeks_count() -> None:
    days = ["2024-03-03", "2024-03-04T10:00:00Z", "2024-03-10", "2024-03-25", None, "soon"]
    assert weekly_counts(days) == [(date(2024, 2, 26), 1), (date(2024, 3, 4), 2),
                                   (date(2024, 3, 11), 0), (date(2024, 3, 18), 0),
                                   (date(2024, 3, 25), 1)]


def test_no_dates_no_picture() -> None:
    assert weekly_counts([None, ""]) == [] and timeline_image([None]) == ""
    assert timeline_image(["2024-03-04"]).startswith(
        "![Stories per week: 1 in the week of 2024-03-04](data:image/svg+xml;base64,")
