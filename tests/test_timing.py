"""Results arithmetic: durations, paces, ages."""
import datetime

import pytest

from racing.timing import age_on, format_duration, format_pace, pace_unit_label


@pytest.mark.parametrize("seconds, text", [
    (None, ""), (0, "0:00:00"), (59.99, "0:00:59.9"), (3600, "1:00:00"), (7384.3, "2:03:04.3"),
    (7384.0, "2:03:04"), (36000 * 3 + 5, "30:00:05"),
])
def test_durations_are_h_mm_ss_with_truncated_tenths(seconds, text):
    assert format_duration(seconds) == text


def test_pace_per_kilometre_and_per_mile():
    assert format_pace(3 * 3600, 42195, "km") == "0:04:15"
    assert format_pace(3 * 3600, 42195, "mi") == "0:06:51"
    # Hours are always written, also past the hour (a walker's pace over a short split).
    assert format_pace(2 * 3600 + 30, 1000, "km") == "2:00:30"
    assert format_pace(None, 42195, "km") == ""
    assert format_pace(100, 0, "km") == ""
    assert pace_unit_label("km") == "min/km"


def test_age_counts_whole_years_on_the_reference_date():
    born = datetime.date(1990, 6, 15)
    assert age_on(born, datetime.date(2026, 6, 14)) == 35
    assert age_on(born, datetime.date(2026, 6, 15)) == 36
