"""Turning stored values into wire strings: every scalar the API sends is a string.

Values arrive as the database driver gives them (api/prepared.py); datetimes arrive as
epoch seconds, computed in SQL.
"""

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
    "epoch_time": number_text,  # datetimes are selected as epoch seconds; float epochs keep their fraction
    "date": date,
}
