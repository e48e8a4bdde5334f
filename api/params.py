"""Parsing of query parameters: lenient flags, strict numbers, errors that name the parameter."""
from django.utils.http import parse_http_date
from django.utils.translation import gettext as _

from .errors import ApiError, invalid_parameter
from .numerals import DECIMAL_NUMBER, EPOCH_MAX, WHOLE_NUMBER

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def flag(params, name, default=False):
    """`1`/`true`/`yes` are true, `0`/`false`/`no`/empty false; a trailing `;` is ignored."""
    if name not in params:
        return default
    word = params[name].strip().rstrip(";").strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise invalid_parameter(name, _("%(name)s must be a flag (1/0, true/false, yes/no), not %(value)r.")
                            % {"name": name, "value": params[name]})


def whole_number(params, name, minimum=0):
    """An integer parameter, or None when absent; 400 naming the parameter when malformed."""
    raw = params.get(name)
    if raw is None or raw.strip() == "":
        return None
    if not WHOLE_NUMBER.fullmatch(raw.strip()):
        raise invalid_parameter(name, _("%(name)s must be a whole number, not %(value)r.")
                                % {"name": name, "value": raw})
    value = int(raw.strip())
    if value < minimum:
        raise invalid_parameter(name, _("%(name)s must be at least %(minimum)s, not %(value)r.")
                                % {"name": name, "minimum": minimum, "value": raw})
    return value


def not_epoch_seconds(name, raw):
    """The range is what every supported database stores as a date and time (to year 9999)."""
    return invalid_parameter(name, _("%(name)s must be epoch seconds from 0 to %(max)s, not %(value)r.")
                             % {"name": name, "max": EPOCH_MAX, "value": raw})


def epoch_seconds(params, name):
    """An epoch-seconds parameter (fractions allowed), or None when absent."""
    raw = params.get(name)
    if raw is None or raw.strip() == "":
        return None
    if not DECIMAL_NUMBER.fullmatch(raw.strip()):
        raise not_epoch_seconds(name, raw)
    value = float(raw.strip())
    if not 0 <= value <= EPOCH_MAX:
        raise not_epoch_seconds(name, raw)
    return value


def epoch_or_http_date(params, name):
    """Epoch seconds from an epoch or an HTTP date (`Tue, 01 Dec 2026 10:00:00 GMT`, what a
    client copies from a previous answer's Last-Modified or Date), or None when absent."""
    raw = params.get(name)
    if raw is None or raw.strip() == "":
        return None
    try:
        return float(parse_http_date(raw.strip()))
    except ValueError:
        pass
    try:
        return epoch_seconds(params, name)
    except ApiError:
        raise invalid_parameter(name, _("%(name)s must be epoch seconds or an HTTP date, not %(value)r.")
                                % {"name": name, "value": raw})
