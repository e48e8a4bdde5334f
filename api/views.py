"""The one generic view behind every API path.

Request path (DESIGN.md): negotiation → method override → authentication → registry
lookup → permission → query → serialization → rendering with paging headers (streamed
for long pages). Errors are ApiError, rendered in the negotiated format. The rate limit,
compression and Content-Language are middleware (api/ratelimit.py, api/compression.py).
"""
from django.conf import settings
from django.db import OperationalError
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from ctlive import base_urls, environment

from . import data_version, jobs, last_modified, paths, prepared, query, quota, write_handlers
from .auth.schemes import authenticate
from .errors import ApiError, database_busy, invalid_parameter, is_busy, not_found
from .formats.base import ListShape
from .negotiation import format_for_error, negotiate
from .override import effective_method
from .pagination import Page, page_request
from .params import epoch_or_http_date, epoch_seconds
from .refinements import shape_of
from .registry import READ_METHODS, registry
from .responses import error_response, respond
from .serialize import plan_for
from .write_queue import queued_write

STREAM_FETCH_ROWS = 2000


def requested_columns(resource, params):
    raw = params.get("columns", "").strip()
    if not raw:
        return ()
    names = []
    for name in (part.strip() for part in raw.split(",")):
        if not name:
            continue
        if resource.field_named(name) is None:
            raise invalid_parameter("columns", _("Unknown column %(name)r for %(resource)s.")
                                    % {"name": name, "resource": resource.segment})
        if name not in names:
            names.append(name)
    return tuple(names)


def lookup(target):
    """(resource to return, collection or None) for a parsed path; 404 when unknown."""
    parent = registry.get(target.resource)
    if parent is None:
        known = ", ".join(registry.resources)
        raise not_found(_("Unknown resource %(name)r; resources: %(known)s.")
                        % {"name": target.resource, "known": known})
    if target.sub is None:
        if target.entity_id is None and not parent.top_level_envelope:
            raise not_found(_("%(resource)s is listed under its parent resources, not at /api/%(resource)s.")
                            % {"resource": parent.segment})
        if target.entity_id is not None and not parent.has_single:
            raise not_found(_("%(resource)s has no single-entity path.") % {"resource": parent.segment})
        return parent, None
    child = registry.get(target.sub)
    collection = child.collection_under(parent.segment) if child else None
    if collection is None:
        raise not_found(_("%(resource)s has no sub-resource %(sub)r.")
                        % {"resource": parent.segment, "sub": target.sub})
    return child, collection


def read_single(resource, entity_id, caller, params, fmt):
    plan = plan_for(resource, requested_columns(resource, params))
    sources, modified = last_modified.selecting_modified(resource, plan.sources)
    row = query.visible_row(resource, entity_id, caller.user_id, sources)
    if row is None:
        raise query.invisible(resource, entity_id)
    return respond(fmt, fmt.render(resource.envelope, plan(row)), headers=last_modified.header((row[modified],)))


def list_values(caller, target, paging, params, own_values):
    """The values of a list statement's Slots for this request; `last_modified` is a
    `modified_after` written as an epoch or an HTTP date (the later of the two counts)."""
    afters = [epoch_seconds(params, "modified_after"), epoch_or_http_date(params, "last_modified")]
    after = max((seconds for seconds in afters if seconds is not None), default=None)
    before = epoch_seconds(params, "modified_before")
    return {"user": caller.user_id, "parent": target.entity_id, "last_id": paging.last_id,
            "modified_after": None if after is None else query.epoch_to_datetime(after),
            "modified_before": None if before is None else query.epoch_to_datetime(before), **own_values}


def read_list(request, resource, collection, target, caller, params, fmt):
    plan = plan_for(resource, requested_columns(resource, params))
    sources = last_modified.selecting_modified(resource, plan.sources)[0]  # newest_of finds it in the page
    paging = page_request(params)
    own, own_values = shape_of(resource, params)
    values = list_values(caller, target, paging, params, own_values)
    if collection is not None:
        query.require_parent_visible(registry.get(target.resource), target.entity_id, caller.user_id)
    reading = query.ListQuery(
        resource=resource, collection=collection, sources=sources,
        own=own,
        after=values["modified_after"] is not None, before=values["modified_before"] is not None,
        keyset=paging.last_id is not None)
    listed = query.count_rows(reading, values)
    page = Page(request=paging, total=listed.total, count=paging.rows_on_page(listed.total))
    headers = page.headers()
    headers["Link"] = page.link_header(base_urls.origin(request) + request.path, request.GET)
    shape = ListShape(collection.envelope if collection else resource.top_level_envelope, resource.envelope,
                      plan.names)
    db = prepared.database()
    if page.count > settings.API_STREAM_MIN_ROWS:
        # Rows are fetched, converted and written a chunk at a time: memory stays flat.
        if page.count <= STREAM_FETCH_ROWS:  # one fetch brings the whole page: its newest row is known
            fetched = query.page_rows(reading, values, paging.size, paging.offset, listed)
            data_version.confirm(db, fetched.token)
            headers.update(newest_of(fetched, resource))
        else:  # the headers go out before the rows are read: the database finds the newest
            data_version.confirm(db)
            headers.update(last_modified.header((query.newest_on_page(reading, values, paging.size, paging.offset),)))
            fetched = query.page_rows(reading, values, paging.size, paging.offset, listed,
                                      chunk_size=STREAM_FETCH_ROWS)
        return respond(fmt, fmt.page(shape, plan.within(fetched.constant), fetched.rows), headers=headers)
    if not page.count:
        data_version.confirm(db)
        return respond(fmt, b"".join(fmt.page(shape, plan, ())), headers=headers)
    fetched = query.page_rows(reading, values, paging.size, paging.offset, listed)
    data_version.confirm(db, fetched.token)
    headers.update(newest_of(fetched, resource))
    return respond(fmt, b"".join(fmt.page(shape, plan.within(fetched.constant), fetched.rows)), headers=headers)


def newest_of(fetched, resource):
    """The Last-Modified header of a page read whole (query.PageRows), from its rows."""
    modified = fetched.sources.index(resource.modified_source)
    return last_modified.header(row[modified] for row in fetched.rows)


def write(request, method, resource, collection, target, caller, params, fmt):
    """PUT, DELETE and POST, after the same visibility check as a read (404 when unseen)."""
    if "write" not in caller.scopes:
        raise ApiError(403, "insufficient_scope", _("This access token was granted without the write scope."),
                       {"scope": " ".join(sorted(caller.scopes))})
    if collection is not None:
        query.require_visible(registry.get(target.resource), target.entity_id, caller.user_id)
    elif target.entity_id is not None:
        query.require_visible(resource, target.entity_id, caller.user_id)
    if method == "PUT":
        with queued_write():
            write_handlers.put(request, resource, target.entity_id, caller)
        return read_single(resource, target.entity_id, caller, params, fmt)
    if method == "DELETE":
        with queued_write():
            deleted = write_handlers.delete(resource, target.entity_id, caller)
        return respond(fmt, fmt.render(resource.envelope, deleted))
    with queued_write():
        envelope, replies = write_handlers.post(request, resource, collection, target, caller)
    if isinstance(replies, jobs.Job):
        location = f"{base_urls.for_request(request).of(environment.current())}/{jobs.SEGMENT}/{replies.pk}"
        return respond(fmt, fmt.render(jobs.SEGMENT, jobs.describe(replies, with_results=False)), status=202,
                       headers={"Location": location})
    return respond(fmt, fmt.render(envelope, replies))


def job_status(request, target, method, fmt):
    """GET /api/job/{id}: the progress of a bulk write, for its owner only."""
    if target.entity_id is None or target.sub is not None:
        raise not_found(_("Jobs are read one at a time: /api/job/{id}."))
    write_handlers.require_allowed(method, READ_METHODS)
    caller = request.api_caller = authenticate(request, request.GET)
    return respond(fmt, fmt.render(jobs.SEGMENT, jobs.read(target.entity_id, caller.user_id)))


@csrf_exempt
def endpoint(request, path=""):
    fmt = None
    try:
        target = paths.parse(path)
        params = request.GET
        fmt = negotiate(target.format, params, request.META.get("HTTP_ACCEPT", ""))
        method = effective_method(request)
        if target.resource == jobs.SEGMENT:
            return job_status(request, target, method, fmt)
        resource, collection = lookup(target)
        write_handlers.require_allowed(method, write_handlers.allowed_methods(resource, collection, target))
        caller = request.api_caller = authenticate(request, params)  # read by the request log too
        quota.count_request(caller.application_id)
        if method in READ_METHODS:
            if target.entity_id is not None and collection is None:
                return read_single(resource, target.entity_id, caller, params, fmt)
            # the count, the parent's visibility and the partition's constants share one token
            return data_version.consistent_read(
                lambda: read_list(request, resource, collection, target, caller, params, fmt))
        return write(request, method, resource, collection, target, caller, params, fmt)
    except ApiError as error:
        return error_response(fmt or format_for_error(request), error)
    except OperationalError as problem:
        if not is_busy(problem):
            raise
        return error_response(fmt or format_for_error(request), database_busy())


def in_environment(name, chunks):
    """A streamed body's chunks, produced in environment `name` (they are read from the
    database after the view has returned)."""
    with environment.using(name):
        yield from chunks


def serving(name):
    """The API endpoint of environment `name`: the request, and a streamed body, work on
    that environment's domain data."""
    @csrf_exempt
    def view(request, path=""):
        request.api_environment = name  # read by the request log after the view returns
        with environment.using(name):
            response = endpoint(request, path)
        if response.streaming:
            response.streaming_content = in_environment(name, response.streaming_content)
        return response
    return view


production_endpoint = serving(environment.PRODUCTION)
testing_endpoint = serving(environment.TESTING)
