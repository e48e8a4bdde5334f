"""`Last-Modified` on entity answers and list pages (SPEC §7).

An entity's answer carries its own modification time, a list page the newest of its rows,
so that a client syncing incrementally can send it back as `last_modified` (api/params.py).
The modification column is selected with the page's other columns, as epoch seconds
truncated to the second: a row changed within that second is sent again, never missed.
"""
from django.utils.http import http_date


def selecting_modified(resource, sources):
    """`sources` with the resource's modification column, and its position in a row."""
    column = resource.modified_source
    if column in sources:
        return sources, sources.index(column)
    return (*sources, column), len(sources)


def header(epoch_seconds):
    """{"Last-Modified": …} for the newest of `epoch_seconds` (None where unknown), or {}."""
    known = [seconds for seconds in epoch_seconds if seconds is not None]
    return {"Last-Modified": http_date(max(known))} if known else {}
