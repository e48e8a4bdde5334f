"""The URL grammar: `/api/{resource}[.{fmt}][/{id}[/{sub}]]`, the suffix also on the last segment."""
from dataclasses import dataclass

from django.utils.translation import gettext as _

from ctlive.base_urls import API_PATHS

from .errors import not_found
from .numerals import parse_id

API_PREFIXES = tuple(API_PATHS.values())


@dataclass(frozen=True)
class ApiPath:
    resource: str
    entity_id: int | None
    sub: str | None
    format: str | None


def is_api(path_info):
    """Whether a request path is under /api or /testing/api (the API's middleware leaves
    other paths alone)."""
    return any(path_info == prefix or path_info.startswith(prefix + "/") for prefix in API_PREFIXES)


def api_subpath(path_info):
    """The path after its API prefix: "event.xml/1" for /testing/api/event.xml/1."""
    for prefix in API_PREFIXES:
        if path_info.startswith(prefix + "/"):
            return path_info[len(prefix) + 1:]
    return ""


def split_suffix(segment):
    name, dot, suffix = segment.rpartition(".")
    if dot and name and suffix:
        return name, suffix
    return segment, None


def suffix_format(path):
    """The format suffix of the first or last segment, also of a path outside the grammar
    (so that its 404 is answered in the format asked for)."""
    segments = [segment for segment in (path or "").split("/") if segment]
    if not segments:
        return None
    return split_suffix(segments[0])[1] or split_suffix(segments[-1])[1]


def parse(path):
    """An ApiPath, or a 404 for a path outside the grammar. A trailing slash is ignored."""
    segments = (path or "").split("/")
    if segments and segments[-1] == "":
        segments.pop()
    if not segments or len(segments) > 3 or "" in segments:
        raise not_found(_("API paths have the form /api/{resource}[/{id}[/{sub-resource}]]."))
    resource, first_format = split_suffix(segments[0])
    last_format = None
    if len(segments) > 1:
        segments[-1], last_format = split_suffix(segments[-1])
    if first_format and last_format and first_format != last_format:
        raise not_found(_("The path names two different formats."))
    entity_id = None
    if len(segments) > 1:
        entity_id = parse_id(segments[1])
        if entity_id is None:
            raise not_found(_("%(segment)r is not a resource id.") % {"segment": segments[1]})
    return ApiPath(resource, entity_id, segments[2] if len(segments) > 2 else None, first_format or last_format)
