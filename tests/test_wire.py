"""Wire conversions that read values as the database gives them (api/prepared.py keeps
datetimes unconverted)."""
import datetime

from api import wire


def test_epoch_reads_datetimes_in_each_stored_form():
    moment = datetime.datetime(2026, 11, 26, 10, 37, 5, 250000, tzinfo=datetime.timezone.utc)
    expected = str(int(moment.timestamp()))
    assert wire.epoch(moment) == expected                          # PostgreSQL: aware datetime
    assert wire.epoch("2026-11-26 10:37:05.250000") == expected    # SQLite: UTC text
    assert wire.epoch("2026-11-26 10:37:05") == expected
    assert wire.epoch("2026-11-26 11:37:05.25+01:00") == expected  # text with an offset
    assert wire.epoch(1795689425.25) == "1795689425.25"           # stored float epochs keep fractions
    assert wire.epoch(None) == ""
