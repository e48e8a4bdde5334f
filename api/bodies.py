"""Request bodies (SPEC §6, §9): any of the five formats, read into a list of entities.

`Content-Type` names the format (JSON when absent). A body may be one entity, a list of
entities, or the envelope form `{"<envelope>": [...]}` / `{"<envelope>": {...}}`; every
value comes back as a string, the way the API writes them (numbers as their text, true and
false as "1" and "0", null as ""). Every failure is an ApiError naming the problem:
415 for a type we do not read, 413 over `API_MAX_BODY_BYTES`, 400 for bytes that are not
UTF-8 and for malformed input, with the line and column the parser stopped at.

What a parser reads is bounded: nesting deeper than the parser's recursion allows is a
400 `body_too_deep` (an entity is flat, so anything past an envelope holding a list is
refused anyway), numbers are finite and short (see the formats), and no name or value
may hold NUL or a lone surrogate (which no database column stores and no encoder writes
back): a 400 `invalid_value` naming the field, before anything is written.
"""
import datetime
import math
import re

from django.conf import settings
from django.utils.translation import gettext as _

from .errors import ApiError
from .formats import BY_MEDIA_TYPE, DEFAULT, FORMATS
from .formats.base import BodyError

NOT_STORABLE = re.compile("[\x00\ud800-\udfff]")


def body_format(content_type):
    """The format a Content-Type header names; 415 for another type or a charset not UTF-8."""
    media_type, *parameters = [part.strip() for part in content_type.split(";")]
    if not media_type:
        return DEFAULT
    fmt = BY_MEDIA_TYPE.get(media_type.lower())
    if fmt is None:
        supported = ", ".join(fmt.media_type for fmt in FORMATS.values())
        raise ApiError(415, "unsupported_media_type",
                       _("Request bodies of type %(type)r are not read; send one of: %(supported)s.")
                       % {"type": media_type, "supported": supported},
                       {"content_type": content_type, "supported": supported})
    for parameter in parameters:
        name, _separator, value = parameter.partition("=")
        if name.strip().lower() == "charset" and value.strip().strip('"').lower() not in ("utf-8", "utf8"):
            raise ApiError(415, "unsupported_charset",
                           _("Request bodies must be UTF-8, not %(charset)s.") % {"charset": value.strip()},
                           {"content_type": content_type})
    return fmt


def too_large(limit):
    return ApiError(413, "body_too_large", _("The request body is larger than %(limit)s bytes.") % {"limit": limit},
                    {"limit": limit})


def utf8_text(raw):
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        raise ApiError(400, "invalid_encoding",
                       _("The request body is not valid UTF-8 (byte %(position)s).") % {"position": error.start},
                       {"position": error.start})


def malformed(fmt, error):
    if error.line is None:
        message = _("The %(format)s body cannot be read: %(problem)s.") % {"format": fmt.code, "problem": error.problem}
        return ApiError(400, "malformed_body", message, {"format": fmt.code})
    message = _("The %(format)s body cannot be read at line %(line)s, column %(column)s: %(problem)s.") % {
        "format": fmt.code, "line": error.line, "column": error.column, "problem": error.problem}
    return ApiError(400, "malformed_body", message, {"format": fmt.code, "line": error.line, "column": error.column})


def printable_name(name):
    """A field name safe to write back in any format (lone surrogates and NUL escaped)."""
    return name.encode("utf-8", "backslashreplace").decode("utf-8").replace("\x00", "\\x00")


def not_storable(name, problem):
    shown = printable_name(name)
    return ApiError(400, "invalid_value", _("The field %(name)r %(problem)s.") % {"name": shown, "problem": problem},
                    {"field": shown})


def storable_text(name, text):
    """`text` itself; a 400 naming the field when it holds NUL or a lone surrogate."""
    found = NOT_STORABLE.search(text)
    if found:
        problem = _("holds NUL") if found.group() == "\x00" else _("holds a lone surrogate (U+%(code)04X)") % {
            "code": ord(found.group())}
        raise not_storable(name, problem)
    return text


def wire_value(name, value):
    """A parsed value as the string the API would have written; 400 for nested data."""
    if isinstance(value, str):
        return storable_text(name, value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        raise not_storable(name, _("must be a finite number"))
    if isinstance(value, (int, float)):
        return str(value)
    raise ApiError(400, "malformed_body", _("The field %(name)r must hold a single value, not a list or an object.")
                   % {"name": name}, {"field": name})


def entity(data):
    return {storable_text(str(name), str(name)): wire_value(str(name), value) for name, value in data.items()}


def entities_of(data):
    """One entity, a list of them, or the envelope form around either, as a list of dicts.
    Entities are flat, so an object with one key holding an object or a list is an envelope."""
    if isinstance(data, dict) and len(data) == 1 and isinstance(next(iter(data.values())), (dict, list)):
        data = next(iter(data.values()))
    if isinstance(data, dict):
        return [entity(data)]
    if isinstance(data, list) and all(isinstance(item, dict) for item in data):
        return [entity(item) for item in data]
    raise ApiError(400, "malformed_body",
                   _("The body must be one entity, a list of entities, or an envelope object holding either."))


def entities_from_body(raw, content_type):
    """The entities in a body of bytes, as a list of dicts of strings."""
    fmt = body_format(content_type)
    if len(raw) > settings.API_MAX_BODY_BYTES:
        raise too_large(settings.API_MAX_BODY_BYTES)
    try:
        data = fmt.parse(utf8_text(raw))
    except BodyError as error:
        raise malformed(fmt, error)
    except RecursionError:
        raise ApiError(400, "body_too_deep", _("The %(format)s body is nested too deeply to be read.")
                       % {"format": fmt.code}, {"format": fmt.code})
    except (ValueError, OverflowError) as error:  # a value the parser recognised but could not build
        raise malformed(fmt, BodyError(str(error)))
    return entities_of(data)


def entities_from_request(request):
    """The entities a request carries. The declared length is checked before reading, and
    never more than one byte over the limit is read (a chunked body has no length)."""
    limit = settings.API_MAX_BODY_BYTES
    declared = request.META.get("CONTENT_LENGTH") or "0"
    if declared.isdigit() and int(declared) > limit:
        raise too_large(limit)
    return entities_from_body(request.read(limit + 1), request.META.get("CONTENT_TYPE", ""))
