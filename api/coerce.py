"""From wire strings to stored values, by the registry type of each writable field.

The reverse of `api/wire.py`. Each function raises `Invalid` with a message that names
what is wrong; the write path collects them per field.
"""
import datetime
import math

from django.db import models

EPOCH_MAX = 253402300799  # 9999-12-31T23:59:59Z


class Invalid(ValueError):
    pass


def _integer(text):
    try:
        return int(text)
    except ValueError:
        raise Invalid(f"must be a whole number, not {text!r}")


def _number(text):
    try:
        value = float(text)
    except ValueError:
        raise Invalid(f"must be a number, not {text!r}")
    if not math.isfinite(value):
        raise Invalid(f"must be a finite number, not {text!r}")
    return value


def _boolean(text):
    if text in ("1", "0"):
        return text == "1"
    raise Invalid(f'must be "1" or "0", not {text!r}')


def _date(text):
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise Invalid(f"must be a date YYYY-MM-DD, not {text!r}")


def _epoch(text, model_field):
    seconds = _number(text)
    if not 0 <= seconds <= EPOCH_MAX:
        raise Invalid(f"must be epoch seconds between 0 and {EPOCH_MAX}, not {text!r}")
    if isinstance(model_field, models.DateTimeField):
        return datetime.datetime.fromtimestamp(seconds, tz=datetime.timezone.utc)
    return seconds


def _resource_id(text):
    value = _integer(text)
    if value < 1:
        raise Invalid(f"must be a resource id (a positive whole number), not {text!r}")
    return value


def _text(text, field, single_line):
    if single_line and ("\n" in text or "\r" in text):
        raise Invalid("must be a single line")
    limit = getattr(field.model_field, "max_length", None)
    if limit and len(text) > limit:
        raise Invalid(f"must be at most {limit} characters")
    return text


def coerce(field, text):
    """The stored value of `text` for a writable registry field (see `WritableField`)."""
    if text == "":
        if field.model_field.null:
            return None
        if field.type in ("string", "text", "enum") and field.model_field.blank:
            return ""
        raise Invalid("must not be empty")
    if field.type in ("string", "text"):
        return _text(text, field, single_line=field.type == "string")
    if field.type == "enum":
        if text not in field.choices:
            raise Invalid(f"must be one of {', '.join(field.choices)}, not {text!r}")
        return text
    if field.type == "integer":
        return _integer(text)
    if field.type == "float":
        return _number(text)
    if field.type == "boolean":
        return _boolean(text)
    if field.type == "date":
        return _date(text)
    if field.type == "epoch_time":
        return _epoch(text, field.model_field)
    if field.type == "resource_id":
        return _resource_id(text)
    raise Invalid(f"has a type ({field.type}) that cannot be written")
