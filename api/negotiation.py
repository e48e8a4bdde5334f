"""Choosing the response format: path suffix, then `format`, then `Accept`, then JSON."""
from .errors import ApiError
from .formats import BY_MEDIA_TYPE, DEFAULT, FORMATS, NOT_YET_AVAILABLE


def format_by_code(code, where):
    fmt = FORMATS.get(code.lower())
    if fmt is not None:
        return fmt
    supported = ", ".join(FORMATS)
    if code.lower() in NOT_YET_AVAILABLE:
        message = f"The {code.lower()} format is not available on this server yet; supported: {supported}."
    else:
        message = f"Unknown format {code!r} in the {where}; supported: {supported}."
    raise ApiError(400, "unsupported_format", message, {"format": code, "supported": supported})


def parse_accept(header):
    """(media type, q) pairs of an Accept header, best first; ties keep header order."""
    choices = []
    for position, part in enumerate(header.split(",")):
        pieces = [piece.strip() for piece in part.split(";")]
        if not pieces[0]:
            continue
        quality = 1.0
        for parameter in pieces[1:]:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        choices.append((pieces[0].lower(), quality, position))
    choices.sort(key=lambda choice: (-choice[1], choice[2]))
    return [(media_type, quality) for media_type, quality, _ in choices]


def format_from_accept(header):
    for media_type, quality in parse_accept(header):
        if quality <= 0:
            continue
        if media_type in BY_MEDIA_TYPE:
            return BY_MEDIA_TYPE[media_type]
        if media_type in ("*/*", "application/*"):
            return DEFAULT
    supported = ", ".join(BY_MEDIA_TYPE)
    raise ApiError(406, "not_acceptable", f"None of the Accept types can be produced; available: {supported}.",
                   {"accept": header, "supported": supported})


def negotiate(path_format, params, accept_header):
    if path_format:
        return format_by_code(path_format, "path")
    if params.get("format"):
        return format_by_code(params["format"].strip(), "format parameter")
    if accept_header.strip():
        return format_from_accept(accept_header)
    return DEFAULT
