"""The write side of the generic view: which methods a path allows, and PUT, POST and
DELETE turned into calls of `api/writes.py` with replies in the negotiated format."""
from django.conf import settings
from django.utils.translation import gettext as _

from . import jobs, writes
from .bodies import entities_from_request
from .errors import ApiError
from .registry import registry


def allowed_methods(resource, collection, target):
    """The methods a path supports, for routing and for the Allow header of a 405."""
    if collection is not None:
        return collection.methods
    return resource.single_methods if target.entity_id is not None else resource.list_methods


def require_allowed(method, methods):
    if method not in methods:
        raise ApiError(405, "method_not_allowed",
                       _("%(method)s is not allowed on this path; allowed: %(allowed)s.")
                       % {"method": method, "allowed": ", ".join(methods)},
                       {"method": method}, headers={"Allow": ", ".join(methods)})


def post(request, resource, collection, target, caller):
    """(envelope, replies) of a POST, or a queued Job when the body is over the threshold."""
    entities = entities_from_request(request)
    if not entities:
        raise ApiError(400, "invalid_body", _("The body holds no entities."))
    envelope = collection.envelope if collection else resource.top_level_envelope
    parent_id = target.entity_id if collection else None
    if len(entities) > settings.API_ASYNC_THRESHOLD:
        return envelope, jobs.enqueue(caller.user_id, resource, collection, parent_id, entities)
    return envelope, run_post(resource, collection, parent_id, entities, caller.user_id)


def run_post(resource, collection, parent_id, entities, user_id):
    """The per-entity replies of a POST: the collection's own write, or create-or-update."""
    if collection is not None and collection.post is not None:
        return collection.post(parent_id, entities, user_id)
    if collection is not None:
        parent = registry.get(collection.parent)
        writes.require_writable(parent, parent_id, user_id)
    scope = writes.WriteScope(resource, collection, parent_id, writes.binding_of(collection, parent_id))
    return writes.create_or_update(scope, entities, user_id)


def put(request, resource, entity_id, caller):
    entities = entities_from_request(request)
    if len(entities) != 1:
        raise ApiError(400, "invalid_body",
                       _("PUT takes exactly one entity, not %(count)s.") % {"count": len(entities)})
    writes.update_one(resource, entity_id, entities[0], caller.user_id)


def delete(resource, entity_id, caller):
    writes.delete_one(resource, entity_id, caller.user_id)
    return {"status": "deleted", resource.id_field: str(entity_id)}
