"""Database access for API reads: what the caller may see, one query per page.

Permissions are a subquery on the caller's event grants, joined into the same SELECT, so
a list page costs one SQL query plus one count.
"""
import datetime
from dataclasses import dataclass

from django.db.models import Q

from racing.models import EventGrant

from .errors import not_found


@dataclass(frozen=True)
class ListContext:
    """What resource refinements may need to know about the request."""

    caller: object
    parent_segment: str | None


def granted_event_ids(user_id):
    return EventGrant.objects.filter(user_id=user_id).values("event_id")


def visible(resource, user_id):
    """Every entity of the resource that belongs to an event granted to the user."""
    queryset = resource.model.objects.all()
    events = granted_event_ids(user_id)
    if resource.visible is not None:
        return resource.visible(queryset, events)
    return queryset.filter(**{f"{resource.event_lookup}__in": events})


def require_visible(resource, entity_id, user_id):
    """404 unless the entity exists and the user may see it (existence is not leaked)."""
    if not visible(resource, user_id).filter(pk=entity_id).exists():
        raise not_found(f"No {resource.title.lower()} with id {entity_id} is visible to you.")


def collection_filter(collection, parent_id):
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
