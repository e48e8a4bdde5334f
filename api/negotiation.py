"""Choosing the response format: path suffix, then `format`, then `Accept`, then JSON."""
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import paths
from .errors import ApiError
from .formats import BY_MEDIA_TYPE, DEFAULT, FORMATS

UNKNOWN_IN_PATH = gettext_lazy("Unknown format %(code)r in the path; supported: %(supported)s.")
UNKNOWN_IN_PARAMETER = gettext_lazy("Unknown format %(code)r in the format parameter; supported: %(supported)s.")


def format_by_code(code, unknown_message):
    fmt = FORMATS.get(code.lower())
    if fmt is not None:
        return fmt
    supported = ", ".join(FORMATS)
    raise ApiError(400, "unsupported_format", unknown_message % {"code": code, "supported": supported},
                   {"format": code, "supported": supported})


def parse_accept(header):
    """(media type, q) pairs of an Accept header, best first; ties keep header order."""
    choices = []
    for position, part in enumerate(header.split(",")):
        pieces = [piece.strip() for piece in part.split(";")]
        if not pieces[0]:
            continue
        quality = 1.0
        for parameter in pieces[1:]:
            name, _separator, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        choices.append((pieces[0].lower(), quality, position))
    choices.sort(key=lambda choice: (-choice[1], choice[2]))
    return [(media_type, quality) for media_type, quality, _position in choices]


def format_for_media_range(media_range):
    """The format an Accept media range asks for: exact, `*/*` (JSON), or `type/*` (the
    first format of that type); None when we have none."""
    if media_range in BY_MEDIA_TYPE:
        return BY_MEDIA_TYPE[media_range]
    if media_range == "*/*":
        return DEFAULT
    major, _slash, minor = media_range.partition("/")
    if minor == "*":
        return next((fmt for fmt in FORMATS.values() if fmt.media_type.startswith(major + "/")), None)
    return None


def format_from_accept(header):
    for media_range, quality in parse_accept(header):
        fmt = format_for_media_range(media_range) if quality > 0 else None
        if fmt is not None:
            return fmt
    supported = ", ".join(fmt.media_type for fmt in FORMATS.values())
    raise ApiError(406, "not_acceptable", _("None of the Accept types can be produced; available: %(supported)s.")
                   % {"supported": supported}, {"accept": header, "supported": supported})


def negotiate(path_format, params, accept_header):
    if path_format:
        return format_by_code(path_format, UNKNOWN_IN_PATH)
    if params.get("format"):
        return format_by_code(params["format"].strip(), UNKNOWN_IN_PARAMETER)
    if accept_header.strip():
        return format_from_accept(accept_header)
    return DEFAULT


def format_for_error(request):
    """The format of an error raised before negotiation (a path outside the grammar, the
    rate limit): as negotiated, or JSON when the request asks for nothing we produce."""
    path_format = paths.suffix_format(paths.api_subpath(request.path_info)) if paths.is_api(request.path_info) else None
    try:
        return negotiate(path_format, request.GET, request.META.get("HTTP_ACCEPT", ""))
    except ApiError:
        return DEFAULT
