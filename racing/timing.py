"""Arithmetic of race times: durations, paces and their written forms.

Pure functions with no database access, so they can be used while serializing rows. The
written forms are memoized: a results page writes four times and two paces per row, and
the pages most read (the live leaders) repeat the same values from request to request.
"""
import math
from functools import lru_cache

METRES_PER_UNIT = {"km": 1000.0, "mi": 1609.344}


@lru_cache(maxsize=8192)  # a 1,000-row page has at most about 2,000 distinct times; about 1.5 MB
def format_duration(seconds):
    """`H:MM:SS`, with tenths (`H:MM:SS.f`) when the time has any; '' for no time.

    Tenths are truncated, never rounded up, as timing systems do.
    """
    if seconds is None:
        return ""
    tenths = math.floor(seconds * 10 + 1e-6)  # the epsilon keeps 59.99999999 from losing a tenth
    whole, tenth = divmod(tenths, 10)
    hours, rest = divmod(int(whole), 3600)
    minutes, secs = divmod(rest, 60)
    text = f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{text}.{tenth}" if tenth else text


def pace_seconds(seconds, distance_metres, unit):
    """Seconds per kilometre or per mile, or None when it cannot be known."""
    if seconds is None or not distance_metres or unit not in METRES_PER_UNIT:
        return None
    return seconds / (distance_metres / METRES_PER_UNIT[unit])


@lru_cache(maxsize=4096)
def format_pace(seconds, distance_metres, unit):
    """`H:MM:SS` per unit, hours always present (`0:04:57` for min/km), as the original
    service writes it (a client splits it in three); '' when unknown."""
    pace = pace_seconds(seconds, distance_metres, unit)
    if pace is None:
        return ""
    hours, rest = divmod(int(pace), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}"


@lru_cache(maxsize=64)
def pace_unit_label(unit):
    return f"min/{unit}" if unit in METRES_PER_UNIT else ""


def age_on(birthdate, reference):
    """Whole years between a birth date and a reference date (the race's age date)."""
    if birthdate is None or reference is None:
        return None
    years = reference.year - birthdate.year
    if (reference.month, reference.day) < (birthdate.month, birthdate.day):
        years -= 1
    return years


def parse_duration(text):
    """Seconds from `H:MM:SS[.f]`, `M:SS[.f]` or plain seconds; ValueError when malformed."""
    parts = text.strip().split(":")
    if not 1 <= len(parts) <= 3 or any(part.strip() == "" for part in parts):
        raise ValueError(text)
    *whole, seconds = parts
    total = float(seconds)
    if not math.isfinite(total) or total < 0 or (whole and total >= 60):
        raise ValueError(text)
    for position, part in enumerate(reversed(whole)):
        if not (part.isascii() and part.isdigit()) or (position == 0 and len(whole) == 2 and int(part) >= 60):
            raise ValueError(text)
        total += int(part) * 60 ** (position + 1)
    return total
