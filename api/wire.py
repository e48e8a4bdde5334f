"""Turning stored values into wire strings: every scalar the API sends is a string."""
import datetime

DATA_TYPES = {
    "resource_id": "A numeric identifier assigned by the service; unique within its resource and never changes.",
    "string": "UTF-8 text without line breaks, rarely over 250 characters.",
    "text": "UTF-8 text that may contain line breaks and may be long.",
    "boolean": '"1" for true, "0" for false.',
    "integer": "A whole number.",
    "float": "A number that may have a fractional part.",
    "enum": "One string from a small fixed set of values.",
    "date": "A calendar date, YYYY-MM-DD.",
    "epoch_time": "Seconds since 1970-01-01T00:00:00Z; may carry a fraction.",
}


def number_text(value):
    """Shortest exact text of a number: 42195.0 → '42195', 21097.5 → '21097.5'."""
    if value is None:
        return ""
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return f"{value:.3f}".rstrip("0").rstrip(".")
    return str(value)


def text(value):
    return "" if value is None else str(value)


def boolean(value):
    if value is None:
        return ""
    return "1" if value else "0"


def epoch(value):
    """Datetimes become whole seconds; stored float epochs keep up to milliseconds.

    A datetime may come as SQLite stores it, ISO text in UTC (api/prepared.py reads it so).
    """
    if value is None:
        return ""
    if isinstance(value, (float, int)):
        return number_text(value)
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
        if value.tzinfo is None:
            value = value.replace(tzinfo=datetime.timezone.utc)
    return str(int(value.timestamp()))


def date(value):
    return "" if value is None else value.isoformat()


CONVERTERS = {
    "resource_id": number_text,
    "integer": number_text,
    "float": number_text,
    "string": text,
    "text": text,
    "enum": text,
    "boolean": boolean,
    "epoch_time": epoch,
    "date": date,
}
