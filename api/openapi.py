"""The OpenAPI 3.1 document of the API, generated from the registry (via `api.operations`).

Served at /api/openapi.json and /api/openapi.yaml for Swagger UI, Postman, code
generators and schemathesis. Every entity property is `type: string`, as on the wire
(SPEC §3); the registry's data type is kept in `x-ctlive-type` and the description.
"""
import json
from functools import cache

import yaml
from django.conf import settings

from ctlive import base_urls

from . import operations
from .formats import FORMATS
from .registry import registry
from .wire import DATA_TYPES

TREE_FORMATS = ("json", "yaml")  # formats whose body is the envelope tree; the others are text tables
PAGING_HEADERS = {
    "X-Ctlive-Row-Count": "Number of entities in the whole list.",
    "X-Ctlive-Page-Count": "Number of pages at this page size; at least 1.",
    "X-Ctlive-Page-Size": "Entities per page, as used.",
    "X-Ctlive-Current-Page": "Number of this page, from 1.",
    "X-Ctlive-Current-Rows": "Positions of this page's rows, `first-last`; `0-0` when empty.",
    "Link": "RFC 8288 links to the first, prev, next and last pages, keeping the query.",
}
VERSION_HEADER = "X-Ctlive-Api-Version"
ERRORS = {
    "400": "The request is malformed; the body names the parameter or value.",
    "401": "The application or the user could not be authenticated.",
    "403": "The application is over its daily quota, or the caller may only read this event.",
    "404": "No such resource or entity, or none visible to the caller.",
    "406": "No format named in Accept can be produced.",
    "503": "Over the rate limit, or the service is unavailable.",
}
ERROR_HEADERS = {"401": ("WWW-Authenticate",), "403": ("Retry-After",), "503": ("Retry-After",)}
PARAMETER_SCHEMAS = {
    "integer": {"type": "integer"},
    "resource_id": {"type": "integer", "minimum": 0},
    "epoch_time": {"type": "number", "minimum": 0},
    "boolean": {"type": "string", "description": "1, true or yes; 0, false, no or empty."},
}


def site_root():
    """Where the /api and /oauth2 paths start (a placeholder that each response replaces by
    the visitor's origin when API_PRODUCTION_URL is unset: ctlive/base_urls.py)."""
    return base_urls.placeholders().site


def header_ref(name):
    return {"$ref": f"#/components/headers/{name}"}


def schema_name(resource):
    return "".join(part.capitalize() for part in resource.segment.split("-"))


def entity_schema(resource):
    properties = {}
    for field in resource.fields:
        description = field.description
        if field.choices:
            description += f" One of: {', '.join(field.choices)}."
        schema = {"type": "string", "description": f"{description} ({field.type}: {DATA_TYPES[field.type]})",
                  "x-ctlive-type": field.type}
        if not field.writable:
            schema["readOnly"] = True
        properties[field.name] = schema
    return {"type": "object", "title": resource.title, "description": resource.description, "properties": properties}


def parameter_schema(parameter):
    schema = dict(PARAMETER_SCHEMAS.get(parameter.type, {"type": "string"}))
    if parameter.choices:
        schema["enum"] = list(parameter.choices)
    if parameter.default:
        schema["default"] = int(parameter.default) if schema["type"] == "integer" else parameter.default
    return schema


def parameter_object(placed):
    return {"name": placed.name, "in": placed.location, "required": placed.required,
            "description": placed.description, "schema": parameter_schema(placed)}


def success_response(operation):
    entity = {"$ref": f"#/components/schemas/{schema_name(operation.resource)}"}
    body = {"type": "array", "items": entity} if operation.many else entity
    envelope = {"type": "object", "required": [operation.envelope], "properties": {operation.envelope: body}}
    content = {
        fmt.media_type: {"schema": envelope if code in TREE_FORMATS else {"type": "string"}}
        for code, fmt in FORMATS.items()
    }
    headers = {VERSION_HEADER: header_ref(VERSION_HEADER)}
    if operation.many:
        headers.update({name: header_ref(name) for name in PAGING_HEADERS})
    kind = "A page of the list" if operation.many else "The entity"
    return {"description": f"{kind} under the envelope key `{operation.envelope}`.", "headers": headers,
            "content": content}


def shared_parameters():
    """Parameters every list takes: described once under components, referenced by name."""
    return {placed.name: placed for placed in operations.common_list_parameters()}


def parameter_or_ref(placed, shared):
    if shared.get(placed.name) == placed:
        return {"$ref": f"#/components/parameters/{placed.name}"}
    return parameter_object(placed)


def body_schema(operation):
    """One entity, a list of them, or the envelope around either (SPEC §6); values are strings."""
    text = {"type": "string"}
    entity = {"type": "object", "additionalProperties": False,
              "properties": {f.name: {**text, "description": f.description, "x-ctlive-type": f.type}
                             for f in operation.body}}
    if operation.required:
        entity["required"] = list(operation.required)
    if operation.method == "PUT":
        return entity
    return {"oneOf": [entity, {"type": "array", "items": entity},
                      {"type": "object", "required": [operation.envelope],
                       "properties": {operation.envelope: {"oneOf": [entity, {"type": "array", "items": entity}]}}}]}


def request_body(operation):
    return {"required": True, "content": {fmt.media_type: {"schema": body_schema(operation)} if code in TREE_FORMATS
                                          else {"schema": {"type": "string"}} for code, fmt in FORMATS.items()}}


def write_replies_response(operation):
    """POST: one reply per entity, in request order; large bodies are accepted as a job."""
    text = {"type": "string"}
    reply = {"type": "object", "required": ["status", "errors"], "properties": {
        "status": {"type": "string", "enum": ["created", "updated", "error"]},
        operation.resource.id_field: text,
        "errors": {"type": "object", "additionalProperties": {"type": "array", "items": text}}}}
    envelope = {"type": "object", "required": [operation.envelope],
                "properties": {operation.envelope: {"type": "array", "items": reply}}}
    return {"description": f"One reply per entity under `{operation.envelope}`.",
            "content": {fmt.media_type: {"schema": envelope if code in TREE_FORMATS else {"type": "string"}}
                        for code, fmt in FORMATS.items()}}


def deleted_response(operation):
    text = {"type": "string"}
    body = {"type": "object", "properties": {"status": {"const": "deleted"}, operation.resource.id_field: text}}
    envelope = {"type": "object", "required": [operation.envelope], "properties": {operation.envelope: body}}
    return {"description": "The entity is gone.", "content": {FORMATS["json"].media_type: {"schema": envelope}}}


def operation_object(operation, shared):
    if operation.method == "POST":
        responses = {"200": write_replies_response(operation),
                     "202": {"description": "A large body is run as a job: `Location` is `/api/job/{id}`.",
                             "headers": {"Location": {"schema": {"type": "string"}}}}}
    elif operation.method == "DELETE":
        responses = {"200": deleted_response(operation)}
    else:
        responses = {"200": success_response(operation)}
    responses.update({status: {"$ref": f"#/components/responses/Error{status}"} for status in ERRORS})
    found = {
        "operationId": operation.operation_id,
        "summary": operation.summary,
        "tags": [operation.resource.title],
        "parameters": [parameter_or_ref(placed, shared) for placed in operation.parameters],
        "responses": responses,
    }
    if operation.body:
        found["requestBody"] = request_body(operation)
    return found


def error_schema():
    text = {"type": "string"}
    return {"type": "object", "required": ["error"], "properties": {"error": {
        "type": "object", "required": ["status", "code", "message"],
        "properties": {"status": text, "code": text, "message": text,
                       "details": {"type": "object", "additionalProperties": text}},
    }}}


def error_responses():
    content = {fmt.media_type: {"schema": {"$ref": "#/components/schemas/Error"} if code in TREE_FORMATS
                                else {"type": "string"}} for code, fmt in FORMATS.items()}
    responses = {}
    for status, description in ERRORS.items():
        response = {"description": description, "content": content}
        if status in ERROR_HEADERS:
            response["headers"] = {name: header_ref(name) for name in ERROR_HEADERS[status]}
        responses[f"Error{status}"] = response
    return responses


def headers():
    text = {"schema": {"type": "string"}}
    found = {VERSION_HEADER: {"description": "Version of the API that answered.", **text}}
    found.update({name: {"description": description, **text} for name, description in PAGING_HEADERS.items()})
    found["WWW-Authenticate"] = {"description": "The authentication scheme to use.", **text}
    found["Retry-After"] = {"description": "Seconds to wait before trying again.", **text}
    return found


def security_schemes():
    authorization, token = f"{site_root()}/oauth2/authorize", f"{site_root()}/oauth2/token"

    def in_query(parameter):
        return {"type": "apiKey", "in": "query", "name": parameter.name, "description": parameter.description}

    client_id, user_id, user_pass = operations.AUTHENTICATION_PARAMETERS
    return {
        "oauth2": {"type": "oauth2", "description": "Access token in `Authorization: Bearer`; client_id optional.",
                   "flows": {"authorizationCode": {"authorizationUrl": authorization, "tokenUrl": token,
                                                   "refreshUrl": token, "scopes": {}},
                             "password": {"tokenUrl": token, "refreshUrl": token, "scopes": {}}}},
        "basic": {"type": "http", "scheme": "basic", "description": "The user's login and password."},
        "clientId": in_query(client_id),
        "userId": in_query(user_id),
        "userPass": in_query(user_pass),
    }


def paths(shared):
    found = {}
    for operation in operations.all_operations():
        path = operation.path.removeprefix("/api")
        found.setdefault(path, {})[operation.method.lower()] = operation_object(operation, shared)
    return found


@cache
def document():
    shared = shared_parameters()
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Open Platform API",
            "version": settings.API_VERSION,
            "description": "Events, races, entries, athletes, results and timing hardware of endurance races. "
                           "Every value on the wire is a string.",
        },
        "servers": base_urls.openapi_servers(),
        "security": [{"oauth2": []}, {"basic": [], "clientId": []}, {"clientId": [], "userId": [], "userPass": []}],
        "tags": [{"name": resource.title, "description": resource.description} for resource in registry],
        "paths": paths(shared),
        "components": {
            "schemas": {**{schema_name(resource): entity_schema(resource) for resource in registry},
                        "Error": error_schema()},
            "parameters": {name: parameter_object(placed) for name, placed in shared.items()},
            "responses": error_responses(),
            "headers": headers(),
            "securitySchemes": security_schemes(),
        },
    }


@cache
def as_json():
    return json.dumps(document(), indent=1, ensure_ascii=False).encode("utf-8")


class PlainDumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
    """Writes repeated parts out in full: some OpenAPI tools do not follow YAML aliases."""

    def ignore_aliases(self, data):
        return True


@cache
def as_yaml():
    return yaml.dump(document(), Dumper=PlainDumper, sort_keys=False, allow_unicode=True, width=120).encode("utf-8")
