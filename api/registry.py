"""The resource registry: each resource of the API declared once, as data.

The API view, the documentation pages, the console forms and the OpenAPI document all
read these declarations (`api/resources.py` fills the registry). Nothing here knows
about HTTP.
"""
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from . import wire

READ_METHODS = ("GET", "HEAD")


@dataclass(frozen=True)
class Field:
    """One field on the wire.

    `source` is the ORM lookup (or a tuple of lookups) relative to the resource's model;
    `compute`, when given, turns the source values into the wire string, otherwise the
    field's type decides.
    """

    name: str
    type: str
    description: str
    source: str | tuple
    compute: Callable | None = None
    writable: bool = False
    choices: tuple = ()
    # A secret (a password, a token): masked by the request log and shared console results.
    secret: bool = False
    # (written, stored) pairs: values a write may send besides `choices`, stored as another.
    aliases: tuple = ()

    def __post_init__(self):
        if self.type not in wire.CONVERTERS:
            raise ValueError(f"{self.name}: unknown type {self.type!r}")

    @property
    def sources(self):
        return self.source if isinstance(self.source, tuple) else (self.source,)

    def converter(self):
        """A function from the source values (in `sources` order) to the wire string."""
        if self.compute is not None:
            return self.compute
        return wire.CONVERTERS[self.type]


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    description: str
    default: str = ""
    choices: tuple = ()
    # A value that works as it is, for docs and tools (an OpenAPI example), when there is no default.
    example: str = ""


@dataclass(frozen=True)
class Collection:
    """A list of this resource under a parent: `/api/{parent}/{id}/{segment}`.

    `scope` is an ORM lookup matching the parent id, or a function of the parent id
    returning a Q (for relations that would repeat rows in a join), or None when the
    resource's `refine` applies the parent itself (results fold it into their subqueries).
    """

    parent: str
    envelope: str
    scope: str | Callable | None
    # POST here creates entities with these model values read from the parent row
    # (attname → parent field); None when entities cannot be created under this parent.
    binds: dict | None = None
    # A write of its own instead of create-or-update (results upload, group membership):
    # the handler, the fields its entities carry, and what it does in a few words.
    post: Callable | None = None
    post_fields: tuple = ()
    post_summary: str = ""
    # Leading columns of the resource's `order_by` whose every value pair is one range of an
    # index: a page is read from the one such range it falls in (api/query.py), by equality.
    partitioned_by: tuple = ()
    # (parent id Slot) -> a queryset of the distinct ids of the list, in id order, read from
    # another table's index: a page without a modification window takes its ids from it.
    page_ids: Callable | None = None
    # The list's order written on the scope's own table, where its index gives it: columns
    # equal to the resource's `order_by` (the rows come out the same), so no page sorts
    # everything the scope holds.
    order_by: tuple = ()

    @property
    def accepts_post(self):
        return self.binds is not None or self.post is not None

    @property
    def methods(self):
        """What `/api/{parent}/{id}/{segment}` allows."""
        return READ_METHODS + (("POST",) if self.accepts_post else ())


@dataclass(frozen=True)
class Resource:
    segment: str                 # path segment, e.g. "timing-point"
    title: str
    model: type
    envelope: str                # envelope key of a single entity
    id_field: str                # wire name of the id, e.g. "event_id"
    fields: tuple
    description: str             # Markdown, shown on the reference page
    event_lookup: str            # ORM path to the owning event's id, for permissions
    collections: tuple = ()
    top_level_envelope: str = ""  # set when `/api/{segment}` lists the resource
    has_single: bool = True      # `/api/{segment}/{id}` exists
    parameters: tuple = ()       # parameters of this resource's collections beyond the common ones
    order_by: tuple = ("id",)
    id_source: str = "id"        # ORM path of the entity id (keyset paging, single lookup)
    modified_source: str = "modified"
    visible: Callable | None = None  # (queryset, granted event ids) -> queryset, when a join would repeat rows
    refine: Callable | None = None   # (queryset, params, context) -> queryset: resource parameters on lists
    # Writes (api/writes.py): fields a create needs, fields that identify an existing
    # entity within its event besides the id, and whether POST may create at all.
    required: tuple = ()
    natural_keys: tuple = ()
    creatable: bool = True
    not_creatable_reason: str = ""
    deletable: bool = True
    # Derived results (racing/ranking.py) a write changes: `ranked_entries(ids, changed)` names
    # the entries to refresh (`changed`: the attnames written, None for new entities);
    # `ranked_races(ids)` the races to recompute whole (a bracket's rule changes every member).
    ranked_entries: Callable | None = None
    ranked_races: Callable | None = None

    @property
    def updatable(self):
        return any(f.writable for f in self.fields)

    @property
    def single_methods(self):
        """What `/api/{segment}/{id}` allows."""
        return READ_METHODS + (("PUT",) if self.updatable else ()) + (("DELETE",) if self.deletable else ())

    @property
    def list_methods(self):
        """What `/api/{segment}` allows (only for resources listed there)."""
        return READ_METHODS + (("POST",) if self.creatable and self.updatable else ())

    def field_named(self, name):
        return self.fields_by_name.get(name)

    @cached_property
    def fields_by_name(self):
        return {f.name: f for f in self.fields}

    def collection_under(self, parent_segment):
        for collection in self.collections:
            if collection.parent == parent_segment:
                return collection
        return None


@dataclass
class Registry:
    resources: dict = field(default_factory=dict)

    def register(self, resource):
        if resource.segment in self.resources:
            raise ValueError(f"resource {resource.segment!r} declared twice")
        names = [f.name for f in resource.fields]
        if len(names) != len(set(names)):
            raise ValueError(f"{resource.segment}: a field is declared twice")
        if resource.id_field not in names:
            raise ValueError(f"{resource.segment}: id field {resource.id_field!r} is not among its fields")
        self.resources[resource.segment] = resource
        return resource

    def get(self, segment):
        return self.resources.get(segment)

    def __iter__(self):
        return iter(self.resources.values())


registry = Registry()
