"""The one generic view behind every API path.

Request path (DESIGN.md): negotiation → authentication → registry lookup → permission →
query → serialization → rendering with paging headers. Errors are ApiError, rendered
in the negotiated format.
"""
from django.conf import settings
from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt

from . import paths, query
from .auth.schemes import authenticate
from .errors import ApiError, invalid_parameter, not_found
from .formats import DEFAULT
from .negotiation import negotiate
from .pagination import Page, page_request
from .params import epoch_seconds
from .registry import registry
from .serialize import RowPlan, choose_fields

READ_METHODS = ("GET", "HEAD")


def respond(fmt, body, status=200, headers=None):
    response = HttpResponse(body, status=status, content_type=fmt.content_type)
    response["X-Ctlive-Api-Version"] = settings.API_VERSION
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def requested_columns(resource, params):
    raw = params.get("columns", "").strip()
    if not raw:
        return ()
    names = []
    for name in (part.strip() for part in raw.split(",")):
        if not name:
            continue
        if resource.field_named(name) is None:
            raise invalid_parameter("columns", f"Unknown column {name!r} for {resource.segment}.")
        if name not in names:
            names.append(name)
    return tuple(names)


def lookup(target):
    """(resource to return, collection or None) for a parsed path; 404 when unknown."""
    parent = registry.get(target.resource)
    if parent is None:
        known = ", ".join(registry.resources)
        raise not_found(f"Unknown resource {target.resource!r}; resources: {known}.")
    if target.sub is None:
        if target.entity_id is None and not parent.top_level_envelope:
            raise not_found(f"{parent.segment} is listed under its parent resources, not at /api/{parent.segment}.")
        if target.entity_id is not None and not parent.has_single:
            raise not_found(f"{parent.segment} has no single-entity path.")
        return parent, None
    child = registry.get(target.sub)
    collection = child.collection_under(parent.segment) if child else None
    if collection is None:
        raise not_found(f"{parent.segment} has no sub-resource {target.sub!r}.")
    return child, collection


def read_single(resource, entity_id, caller, params, fmt):
    plan = RowPlan(resource, choose_fields(resource, requested_columns(resource, params)))
    row = query.visible(resource, caller.user_id).filter(pk=entity_id).values_list(*plan.sources).first()
    if row is None:
        raise not_found(f"No {resource.title.lower()} with id {entity_id} is visible to you.")
    return respond(fmt, fmt.render(resource.envelope, plan(row)))


def read_list(request, resource, collection, target, caller, params, fmt):
    plan = RowPlan(resource, choose_fields(resource, requested_columns(resource, params)))
    paging = page_request(params)
    queryset = query.visible(resource, caller.user_id)
    if collection is not None:
        query.require_visible(registry.get(target.resource), target.entity_id, caller.user_id)
        queryset = queryset.filter(query.collection_filter(collection, target.entity_id))
    if resource.refine is not None:
        context = query.ListContext(caller=caller, parent_segment=collection and collection.parent)
        queryset = resource.refine(queryset, params, context)
    queryset = query.with_modified_window(
        queryset, resource, epoch_seconds(params, "modified_after"), epoch_seconds(params, "modified_before"))
    if paging.last_id is not None:
        queryset = queryset.filter(**{f"{resource.id_source}__gt": paging.last_id}).order_by(resource.id_source)
    else:
        queryset = queryset.order_by(*resource.order_by)
    total = queryset.count()
    rows = queryset.values_list(*plan.sources)[paging.offset:paging.offset + paging.size]
    entities = [plan(row) for row in rows]
    page = Page(request=paging, total=total, count=len(entities))
    headers = page.headers()
    headers["Link"] = page.link_header(request.build_absolute_uri(request.path), request.GET)
    envelope = collection.envelope if collection else resource.top_level_envelope
    return respond(fmt, fmt.render(envelope, entities), headers=headers)


@csrf_exempt
def endpoint(request, path=""):
    fmt = DEFAULT
    try:
        target = paths.parse(path)
        params = request.GET
        fmt = negotiate(target.format, params, request.META.get("HTTP_ACCEPT", ""))
        if request.method not in READ_METHODS:
            raise ApiError(405, "method_not_allowed", f"{request.method} is not allowed on this path.",
                           headers={"Allow": ", ".join(READ_METHODS)})
        caller = authenticate(request, params)
        resource, collection = lookup(target)
        if target.entity_id is not None and collection is None:
            return read_single(resource, target.entity_id, caller, params, fmt)
        return read_list(request, resource, collection, target, caller, params, fmt)
    except ApiError as error:
        return respond(fmt, fmt.render("error", error.as_envelope()["error"]), status=error.status,
                       headers=error.headers)
