"""The operations the API offers, derived from the registry: method, path, envelope, parameters.

The reference pages, the OpenAPI document and the console all list operations; they read
them from here so that a resource, collection or parameter declared in the registry shows
up everywhere at once.
"""
from dataclasses import dataclass

from django.conf import settings

from .formats import DEFAULT, FORMATS
from .registry import Parameter, registry


@dataclass(frozen=True)
class OperationParameter:
    """A registry Parameter placed in the request: `location` is "path" or "query"."""

    parameter: Parameter
    location: str
    required: bool = False

    def __getattr__(self, name):
        return getattr(self.parameter, name)


@dataclass(frozen=True)
class Operation:
    method: str
    path: str               # template with the id placeholder, e.g. /api/event/{event_id}/race
    resource: object        # the registry Resource the operation returns
    envelope: str
    many: bool              # a list (paged) rather than one entity
    parent: object | None   # the Resource whose id is in the path, for collections
    parameters: tuple       # OperationParameter, path parameters first
    summary: str
    body: tuple = ()        # registry Fields a request body may carry (PUT, POST)
    required: tuple = ()    # names of body fields a create needs

    @property
    def writes(self):
        return self.method in ("PUT", "POST", "DELETE")

    @property
    def operation_id(self):
        """Unique and stable: the HTML anchor on the reference page and the OpenAPI operationId."""
        if not self.many:
            return f"{self.method.lower()}-{self.resource.segment}"
        if self.parent is None:
            return f"{self.method.lower()}-{self.resource.segment}-list"
        return f"{self.method.lower()}-{self.parent.segment}-{self.resource.segment}"

    def example_path(self):
        """The path with id 1 in its placeholder, for examples."""
        path = self.path
        for parameter in self.parameters:
            if parameter.location == "path":
                path = path.replace("{" + parameter.name + "}", "1")
        return path


def format_parameter():
    codes = tuple(FORMATS)
    return Parameter(
        "format", "enum",
        "Response format code. A suffix on the resource name (/api/event.json) or an Accept header "
        "choose it too; the suffix wins, then this parameter, then Accept.",
        DEFAULT.code, choices=codes)


AUTHENTICATION_PARAMETERS = (
    Parameter("client_id", "string", "Your application's id. Required on every request, whatever the scheme."),
    Parameter("user_id", "string", "Test scheme: the user's login (email address)."),
    Parameter("user_pass", "string", "Test scheme: the user's password, or better its SHA1 as 40 lowercase hex digits."),
)
COLUMNS = Parameter(
    "columns", "string",
    "Comma-separated field names: only these fields are returned, in this order. An unknown name is a 400.")
PAGE = Parameter("page", "integer", "1-based page number. A page past the last one is an empty list.", "1")
LAST_ID = Parameter(
    "last_id", "resource_id",
    "Keyset paging: only entities whose id is greater, in id order. Deep pages stay as fast as the first.",
    example="0")
MODIFIED_AFTER = Parameter("modified_after", "epoch_time", "Only entities changed after this time.",
                           example="1761469200")
MODIFIED_BEFORE = Parameter("modified_before", "epoch_time", "Only entities changed before this time.",
                            example="4102444800")
LAST_MODIFIED = Parameter(
    "last_modified", "string",
    "Like modified_after, as epoch seconds or an HTTP date: send back the Last-Modified (or Date) header of "
    "the previous answer to get only what changed since. With both, the later time counts.",
    example="Sun, 26 Oct 2025 09:00:00 GMT")


def size_parameter():
    return Parameter(
        "size", "integer",
        f"Entities per page, at most {settings.API_MAX_PAGE_SIZE}; a larger value is clamped and the "
        "X-Ctlive-Page-Size header says the size used.",
        str(settings.API_DEFAULT_PAGE_SIZE))


def query(*parameters):
    return tuple(OperationParameter(parameter, "query") for parameter in parameters)


def single_entity_parameters():
    """Query parameters every single-entity read accepts."""
    return query(format_parameter(), COLUMNS)


def common_list_parameters():
    """Query parameters every list accepts: format, columns, paging and change filters."""
    return query(format_parameter(), COLUMNS, PAGE, size_parameter(), LAST_ID, MODIFIED_AFTER, MODIFIED_BEFORE,
                 LAST_MODIFIED)


def list_parameters(resource):
    """Query parameters of the lists of `resource`: the common ones, then its own."""
    return common_list_parameters() + query(*resource.parameters)


def path_id(resource):
    identifier = Parameter(resource.id_field, "resource_id", f"The {resource.title.lower()}'s identifier.")
    return OperationParameter(identifier, "path", required=True)


def operations_of(resource):
    """The operations that return `resource`, in reference-page order: its own list, one by
    id, then each list under a parent."""
    found = []
    noun = resource.title.lower()
    if resource.top_level_envelope:
        found.append(Operation(
            "GET", f"/api/{resource.segment}", resource, resource.top_level_envelope, True, None,
            list_parameters(resource), f"{resource.title} list: every {noun} you may see"))
    if resource.has_single:
        found.append(Operation(
            "GET", f"/api/{resource.segment}/{{{resource.id_field}}}", resource, resource.envelope, False, None,
            (path_id(resource), *single_entity_parameters()), f"One {noun} by its id"))
    for collection in resource.collections:
        parent = registry.get(collection.parent)
        found.append(Operation(
            "GET", f"/api/{parent.segment}/{{{parent.id_field}}}/{resource.segment}", resource,
            collection.envelope, True, parent, (path_id(parent), *list_parameters(resource)),
            f"{resource.title} list of one {parent.title.lower()}"))
    return tuple(found) + write_operations_of(resource)


def plural(noun):
    """English plural of a resource noun: entry → entries, race → races, groups stays."""
    if noun.endswith("s"):
        return noun
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + "s"


def upsert_body(resource):
    """The id (to update) and every writable field."""
    return tuple(f for f in resource.fields if f.writable or f.name == resource.id_field)


def write_operations_of(resource):
    """PUT and DELETE of one entity, POST of a list, where the registry allows them."""
    found = []
    noun = resource.title.lower()
    single = f"/api/{resource.segment}/{{{resource.id_field}}}"
    if resource.has_single and "PUT" in resource.single_methods:
        found.append(Operation(
            "PUT", single, resource, resource.envelope, False, None, (path_id(resource), query(format_parameter())[0]),
            f"Change some fields of one {noun}; the reply is the whole {noun}",
            body=tuple(f for f in resource.fields if f.writable)))
    if resource.has_single and "DELETE" in resource.single_methods:
        found.append(Operation(
            "DELETE", single, resource, resource.envelope, False, None,
            (path_id(resource), query(format_parameter())[0]), f"Delete one {noun}"))
    if resource.top_level_envelope and "POST" in resource.list_methods:
        found.append(Operation(
            "POST", f"/api/{resource.segment}", resource, resource.top_level_envelope, True, None,
            query(format_parameter()), f"Create or update {plural(noun)}",
            body=upsert_body(resource), required=resource.required))
    for collection in resource.collections:
        if "POST" not in collection.methods:
            continue
        parent = registry.get(collection.parent)
        if collection.post is not None:
            body = tuple(resource.field_named(name) for name in collection.post_fields)
            summary = collection.post_summary
        else:
            body, summary = upsert_body(resource), f"Create or update {plural(noun)} of one {parent.title.lower()}"
            if not resource.creatable:
                summary = f"Update {plural(noun)} of one {parent.title.lower()} ({resource.not_creatable_reason})"
        bound = {f.name for f in resource.fields if f.source in (collection.binds or {})}
        found.append(Operation(
            "POST", f"/api/{parent.segment}/{{{parent.id_field}}}/{resource.segment}", resource,
            collection.envelope, True, parent, (path_id(parent), query(format_parameter())[0]), summary,
            body=body, required=tuple(n for n in resource.required if n not in bound) if collection.post is None else ()))
    return tuple(found)


def all_operations():
    return tuple(operation for resource in registry for operation in operations_of(resource))
