"""Database access for API reads: what the caller may see, one query per page.

Permissions are a subquery on the caller's event grants, joined into the same SELECT, so
a list page costs one SQL query plus one count.
"""
import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from racing.models import EventGrant

from .errors import not_found


@dataclass(frozen=True)
class ListContext:
    """What resource refinements may need to know about the request."""

    caller: object
    parent_segment: str | None
    parent_id: int | None


def granted_event_ids(user_id):
    return EventGrant.objects.filter(user_id=user_id).values("event_id")


def visible(resource, user_id):
    """Every entity of the resource that belongs to an event granted to the user."""
    queryset = resource.model.objects.all()
    events = granted_event_ids(user_id)
    if resource.visible is not None:
        return resource.visible(queryset, events)
    return queryset.filter(**{f"{resource.event_lookup}__in": events})


def invisible(resource, entity_id):
    """The 404 of an entity that does not exist or that the caller may not see: the same
    answer for both, so existence is not leaked."""
    return not_found(_("No %(resource)s with id %(id)s is visible to you.")
                     % {"resource": resource.title.lower(), "id": entity_id})


def require_visible(resource, entity_id, user_id):
    if not visible(resource, user_id).filter(pk=entity_id).exists():
        raise invisible(resource, entity_id)


def collection_filter(collection, parent_id):
    if collection.scope is None:
        return Q()
    if callable(collection.scope):
        return collection.scope(parent_id)
    return Q(**{collection.scope: parent_id})


def with_modified_window(queryset, resource, after, before):
    lookup = resource.modified_source
    if after is not None:
        queryset = queryset.filter(**{f"{lookup}__gt": epoch_to_datetime(after)})
    if before is not None:
        queryset = queryset.filter(**{f"{lookup}__lt": epoch_to_datetime(before)})
    return queryset


def epoch_to_datetime(seconds):
    return datetime.datetime.fromtimestamp(seconds, tz=datetime.timezone.utc)
