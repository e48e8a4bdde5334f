"""The URL grammar: `/api/{resource}[.{fmt}][/{id}[/{sub}]]`, the suffix also on the last segment."""
from dataclasses import dataclass

from .errors import not_found


@dataclass(frozen=True)
class ApiPath:
    resource: str
    entity_id: int | None
    sub: str | None
    format: str | None


def split_suffix(segment):
    name, dot, suffix = segment.rpartition(".")
    if dot and name and suffix:
        return name, suffix
    return segment, None


def parse(path):
    """An ApiPath, or a 404 for a path outside the grammar. A trailing slash is ignored."""
    segments = (path or "").split("/")
    if segments and segments[-1] == "":
        segments.pop()
    if not segments or len(segments) > 3 or "" in segments:
        raise not_found("API paths have the form /api/{resource}[/{id}[/{sub-resource}]].")
    resource, first_format = split_suffix(segments[0])
    last_format = None
    if len(segments) > 1:
        segments[-1], last_format = split_suffix(segments[-1])
    if first_format and last_format and first_format != last_format:
        raise not_found("The path names two different formats.")
    entity_id = None
    if len(segments) > 1:
        if not segments[1].isdigit():
            raise not_found(f"{segments[1]!r} is not a resource id.")
        entity_id = int(segments[1])
    return ApiPath(resource, entity_id, segments[2] if len(segments) > 2 else None, first_format or last_format)
