"""What a reference page shows, built from the registry: fields, operations, examples, links.

Nothing here is written per resource. A field, parameter, collection or operation added to
the registry (or to `api.operations`) appears on the page by itself.
"""
from dataclasses import dataclass
from functools import cache, cached_property

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from api.operations import operations_of
from api.registry import registry
from api.wire import DATA_TYPES

from .examples import example_request, example_response
from .markdown import render


@dataclass(frozen=True)
class FieldRow:
    field: object
    anchor: str
    type_help: str
    points_to: object | None   # the resource this id field refers to


@dataclass(frozen=True)
class OperationBlock:
    operation: object
    anchor: str
    request: str
    response: str

    @cached_property
    def head_html(self):
        """Heading and summary, the same for every visitor: rendered once, with the page."""
        return mark_safe(render_to_string("docsite/_operation_head.html", {"block": self}))

    @cached_property
    def details_html(self):
        """Parameters, body fields and examples: read beside (or after) the try-it panel."""
        return mark_safe(render_to_string("docsite/_operation_doc.html", {"block": self}))


@dataclass(frozen=True)
class ReferencePage:
    resource: object
    description_html: str
    fields: tuple
    operations: tuple
    listed_under: tuple   # resources with a list of this one
    lists: tuple          # resources listed under this one

    @cached_property
    def fields_html(self):
        return mark_safe(render_to_string("docsite/_fields.html", {"page": self}))


def field_anchor(field):
    return f"field-{field.name}"


def resource_by_id_field():
    return {resource.id_field: resource for resource in registry}


def field_rows(resource):
    referenced = resource_by_id_field()
    return tuple(
        FieldRow(field, field_anchor(field), DATA_TYPES[field.type],
                 referenced.get(field.name) if field.name != resource.id_field else None)
        for field in resource.fields
    )


def operation_blocks(resource):
    return tuple(
        OperationBlock(operation, operation.operation_id, example_request(operation), example_response(operation))
        for operation in operations_of(resource)
    )


@cache
def reference_page(segment):
    """The page of one resource, or None; built once per process (the registry is fixed)."""
    resource = registry.get(segment)
    if resource is None:
        return None
    return ReferencePage(
        resource=resource,
        description_html=render(resource.description, heading_links=False).html,
        fields=field_rows(resource),
        operations=operation_blocks(resource),
        listed_under=tuple(registry.get(collection.parent) for collection in resource.collections),
        lists=tuple(other for other in registry if other.collection_under(segment)),
    )
