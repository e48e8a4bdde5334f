"""From wire strings to stored values, by the registry type of each writable field.

The reverse of `api/wire.py`. Each function raises `Invalid` with a message that names
what is wrong; the write path collects them per field.
"""
import datetime
import math

from django.db import connection, models
from django.utils.translation import gettext as _

from .numerals import DECIMAL_NUMBER, EPOCH_MAX, WHOLE_NUMBER, parse_id


class Invalid(ValueError):
    pass


def _integer(text, model_field=None):
    if not WHOLE_NUMBER.fullmatch(text):
        raise Invalid(_("must be a whole number, not %(text)s") % {"text": repr(text)})
    value = int(text)
    if model_field is not None:
        low, high = connection.ops.integer_field_range(model_field.get_internal_type())
        if not low <= value <= high:
            raise Invalid(_("must be a whole number from %(low)s to %(high)s, not %(text)s")
                          % {"low": low, "high": high, "text": repr(text)})
    return value


def _number(text):
    if not DECIMAL_NUMBER.fullmatch(text):
        raise Invalid(_("must be a number, not %(text)s") % {"text": repr(text)})
    value = float(text)
    if not math.isfinite(value):
        raise Invalid(_("must be a finite number, not %(text)s") % {"text": repr(text)})
    return value


def _boolean(text):
    if text in ("1", "0"):
        return text == "1"
    raise Invalid(_('must be "1" or "0", not %(text)s') % {"text": repr(text)})


def _date(text):
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise Invalid(_("must be a date YYYY-MM-DD, not %(text)s") % {"text": repr(text)})


def _epoch(text, model_field):
    seconds = _number(text)
    if not 0 <= seconds <= EPOCH_MAX:
        raise Invalid(_("must be epoch seconds between 0 and %(max)s, not %(text)s")
                      % {"max": EPOCH_MAX, "text": repr(text)})
    if isinstance(model_field, models.DateTimeField):
        return datetime.datetime.fromtimestamp(seconds, tz=datetime.UTC)
    return seconds


def _resource_id(text):
    value = parse_id(text)
    if not value:
        raise Invalid(_("must be a resource id (a positive whole number), not %(text)s") % {"text": repr(text)})
    return value


def _text(text, field, single_line):
    if single_line and ("\n" in text or "\r" in text):
        raise Invalid(_("must be a single line"))
    limit = getattr(field.model_field, "max_length", None)
    if limit and len(text) > limit:
        raise Invalid(_("must be at most %(limit)s characters") % {"limit": limit})
    return text


def coerce(field, text):
    """The stored value of `text` for a writable registry field (see `WritableField`)."""
    if text == "":
        if field.model_field.null:
            return None
        if field.type in ("string", "text", "enum") and field.model_field.blank:
            return ""
        raise Invalid(_("must not be empty"))
    if field.type in ("string", "text"):
        return _text(text, field, single_line=field.type == "string")
    if field.type == "enum":
        text = dict(field.aliases).get(text, text)
        if text not in field.choices:
            raise Invalid(_("must be one of %(choices)s, not %(text)s")
                          % {"choices": ", ".join(field.choices), "text": repr(text)})
        return text
    if field.type == "integer":
        return _integer(text, field.model_field)
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
    raise Invalid(_("has a type (%(type)s) that cannot be written") % {"type": field.type})
