"""The OpenAPI 3.1 document of the API, generated from the registry (via `api.operations`).

Served at /api/openapi.json and /api/openapi.yaml for Swagger UI, Postman, code
generators and schemathesis, which take it as it is: each entity, envelope, request body
and reply is one schema under `components/schemas`, referenced by `$ref`; every success
response and request body has a JSON example built from the registry's sample values
(api/samples.py); optional parameters carry a working example instead of a placeholder.
Every entity property is `type: string`, as on the wire (SPEC §3); the registry's data
type is kept in `x-ctlive-type` and the description.

JSON is the body type with a schema. Answers list the other four formats as text (a string
schema); request bodies list JSON alone and name the others in their description, since
code generators refuse a request body type they cannot build.
"""
import json
import re
from functools import cache

import yaml
from django.conf import settings

from ctlive import base_urls

from . import jobs, operations
from .formats import FORMATS
from .models import Job
from .registry import registry
from .samples import example_body, sample_entity, write_reply
from .wire import DATA_TYPES

JSON = FORMATS["json"].media_type
TEXT_FORMATS = tuple(code for code in FORMATS if code != "json")
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
TEXT = {"type": "string"}
FORMATS_TEXT = (
    "Every answer also comes as " + ", ".join(f"`{FORMATS[code].media_type}`" for code in TEXT_FORMATS)
    + " (the `format` parameter, a suffix such as `/api/event.xml`, or Accept): XML has one element per entity "
      "and field, YAML the same tree as JSON, CSV and TSV a header row of field names and one row per entity. "
      "Request bodies may be sent in the same five formats (Content-Type).")
BODY_FORMATS = ("JSON, or the same fields as " + ", ".join(f"`{FORMATS[code].media_type}`" for code in TEXT_FORMATS)
                + " (say which in Content-Type).")


def info_description():
    types = "\n".join(f"- `{name}`: {text}" for name, text in DATA_TYPES.items())
    return ("Events, races, entries, athletes, results and timing hardware of endurance races.\n\n"
            "Every value on the wire is a string; each property names its data type:\n\n"
            f"{types}\n\n{FORMATS_TEXT}")


def site_root():
    """Where the /api and /oauth2 paths start (a placeholder that each response replaces by
    the visitor's origin when API_PRODUCTION_URL is unset: ctlive/base_urls.py)."""
    return base_urls.placeholders().site


def camel(name):
    return "".join(part.capitalize() for part in re.split(r"[-_]", name))


def ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def header_ref(name):
    return {"$ref": f"#/components/headers/{name}"}


def schema_name(resource):
    return camel(resource.segment)


def property_schema(field):
    description = field.description
    if field.choices:
        description += f" One of: {', '.join(field.choices)}."
    return {"type": "string", "description": f"{description} ({field.type})", "x-ctlive-type": field.type}


def entity_schema(resource):
    properties = {}
    for field in resource.fields:
        schema = property_schema(field)
        if not field.writable:
            schema["readOnly"] = True
        properties[field.name] = schema
    return {"type": "object", "title": resource.title, "description": resource.description, "properties": properties}


class Components:
    """The schemas and parameters named so far: each operation adds the ones it uses, once."""

    def __init__(self):
        self.parameters = {}
        self.schemas = {schema_name(resource): entity_schema(resource) for resource in registry}
        self.schemas["Error"] = error_schema()
        self.schemas["Job"] = job_schema()
        self.schemas["JobAnswer"] = envelope({jobs.SEGMENT: ref("Job")})
        self.schemas["WriteErrors"] = {"type": "object", "description": "Messages by field name.",
                                       "additionalProperties": {"type": "array", "items": TEXT}}

    def named(self, name, make):
        if name not in self.schemas:
            self.schemas[name] = make()
        return ref(name)


def envelope(properties):
    return {"type": "object", "required": list(properties), "properties": properties}


def job_schema():
    statuses = ", ".join(Job.Status.values)
    return {"type": "object", "title": "Job", "description": "A bulk write run in the background (202 Accepted).",
            "required": ["job_id", "job_status"], "properties": {
                "job_id": {**TEXT, "description": "The job's identifier."},
                "job_status": {**TEXT, "enum": list(Job.Status.values), "description": f"One of: {statuses}."},
                "job_total": {**TEXT, "description": "Entities in the body."},
                "job_done": {**TEXT, "description": "Entities applied so far."},
                "job_progress": {**TEXT, "description": "`done/total`."},
                "job_created": {**TEXT, "description": "When the job was queued (epoch seconds)."},
                "job_finished": {**TEXT, "description": "When it ended (epoch seconds); empty while it runs."},
                "job_error": {**TEXT, "description": "Why it failed; empty otherwise."},
                "results": {"type": "array", "description": "When done: one reply per entity, in request order.",
                            "items": {"type": "object", "additionalProperties": True}},
            }}


def job_example(done):
    example = {"job_id": "7", "job_status": "done" if done else "queued", "job_total": "1500",
               "job_done": "1500" if done else "0", "job_progress": "1500/1500" if done else "0/1500",
               "job_created": "1761469200", "job_finished": "1761469260" if done else "", "job_error": ""}
    if done:
        example["results"] = [{"status": "created", "entry_id": "1", "errors": {}}]
    return {jobs.SEGMENT: example}


def json_and_text(schema, example):
    """The media types of a response: JSON with its schema and example, the others as text
    (their shapes are described once, in `info`)."""
    content = {JSON: {"schema": schema, "example": example}}
    content.update({FORMATS[code].media_type: {"schema": TEXT} for code in TEXT_FORMATS})
    return content


def read_response(operation, components):
    resource = operation.resource
    entity = ref(schema_name(resource))
    if operation.many:
        schema = components.named(f"{camel(operation.envelope)}List",
                                  lambda: envelope({operation.envelope: {"type": "array", "items": entity}}))
        example = {operation.envelope: [sample_entity(resource)]}
    else:
        schema = components.named(f"{schema_name(resource)}Answer", lambda: envelope({operation.envelope: entity}))
        example = {operation.envelope: sample_entity(resource)}
    content = json_and_text(schema, example)
    headers = {VERSION_HEADER: header_ref(VERSION_HEADER), "Last-Modified": header_ref("Last-Modified")}
    if operation.many:
        headers.update({name: header_ref(name) for name in PAGING_HEADERS})
    kind = "A page of the list" if operation.many else "The entity"
    return {"description": f"{kind} under the envelope key `{operation.envelope}`.", "headers": headers,
            "content": content}


def write_reply_schema(resource):
    return {"type": "object", "required": ["status", "errors"], "properties": {
        "status": {**TEXT, "enum": ["created", "updated", "error"]},
        resource.id_field: {**TEXT, "description": "The entity's id; empty when it could not be created."},
        "errors": ref("WriteErrors")}}


def replies_response(operation, components):
    """POST: one reply per entity, in request order."""
    reply = components.named(f"{schema_name(operation.resource)}WriteReply",
                             lambda: write_reply_schema(operation.resource))
    schema = components.named(f"{camel(operation.envelope)}Replies",
                              lambda: envelope({operation.envelope: {"type": "array", "items": reply}}))
    content = json_and_text(schema, write_reply(operation))
    return {"description": f"One reply per entity under `{operation.envelope}`.", "content": content}


def deleted_response(operation, components):
    resource = operation.resource

    def make():
        return envelope({operation.envelope: {"type": "object", "required": ["status", resource.id_field],
                                              "properties": {"status": {"const": "deleted"},
                                                             resource.id_field: TEXT}}})
    schema = components.named(f"{schema_name(resource)}Deleted", make)
    content = json_and_text(schema, write_reply(operation))
    return {"description": "The entity is gone.", "content": content}


def accepted_response():
    content = json_and_text(ref("JobAnswer"), job_example(done=False))
    return {"description": "A body of more entities than the asynchronous threshold is run as a job: follow "
                           "`Location` (`/api/job/{job_id}`) to its progress and replies.",
            "headers": {"Location": {"description": "The job's URL.", "schema": TEXT}}, "content": content}


def body_item_schema(operation):
    entity = {"type": "object", "additionalProperties": False,  # the entity's schema has the long descriptions
              "properties": {f.name: {**TEXT, "description": f.description, "x-ctlive-type": f.type}
                             for f in operation.body}}
    if operation.required:
        entity["required"] = list(operation.required)
    return entity


def request_body(operation, components):
    """PUT: the fields to change. POST: one entity, a list of them, or the envelope around
    either (SPEC §6)."""
    if operation.method == "PUT":
        schema = components.named(f"{schema_name(operation.resource)}Changes", lambda: body_item_schema(operation))
    else:
        item = components.named(f"{camel(operation.envelope)}Item", lambda: body_item_schema(operation))
        many = {"type": "array", "items": item}
        wrapped = components.named(f"{camel(operation.envelope)}Envelope",
                                   lambda: envelope({operation.envelope: {"oneOf": [many, item]}}))
        schema = components.named(f"{camel(operation.envelope)}Body", lambda: {"oneOf": [many, item, wrapped]})
    # Only JSON is listed: code generators refuse other body types (openapi-python-client
    # warned once per type and operation); the description names them instead.
    return {"required": True, "description": BODY_FORMATS,
            "content": {JSON: {"schema": schema, "example": example_body(operation)}}}


def parameter_schema(parameter):
    schema = dict(PARAMETER_SCHEMAS.get(parameter.type, TEXT))
    if parameter.choices:
        schema["enum"] = list(parameter.choices)
    if parameter.default:
        schema["default"] = int(parameter.default) if schema["type"] == "integer" else parameter.default
    return schema


def parameter_object(placed, example=None):
    """A parameter; an optional one has its real default or a working example, never a
    placeholder a tool would send as it is."""
    found = {"name": placed.name, "in": placed.location, "required": placed.required,
             "description": placed.description, "schema": parameter_schema(placed)}
    example = example if example is not None else placed.example
    if example:
        found["example"] = typed(example, found["schema"])
    return found


def typed(text, schema):
    """A registry example (a string) in the JSON type its schema says."""
    if schema["type"] == "integer":
        return int(text)
    if schema["type"] == "number":
        return float(text) if "." in text else int(text)
    return text


def columns_example(resource):
    """Two of the resource's fields: an example that works on every list of it."""
    names = [resource.id_field] + [f.name for f in resource.fields if f.name != resource.id_field][:1]
    return ",".join(names)


def parameter_ref(placed, operation, components):
    """Every parameter is described once under components and referenced: path ids by
    their name, `columns` per resource (its example names the resource's fields)."""
    if placed.location == "path":
        key, example = placed.name, "1"
    elif placed.name == "columns":
        key, example = f"{operation.resource.segment}.columns", columns_example(operation.resource)
    else:
        key, example = placed.name, None
    described = parameter_object(placed, example)
    known = components.parameters.setdefault(key, described)
    if known != described:
        raise ValueError(f"two different parameters would be described as {key!r}")
    return {"$ref": f"#/components/parameters/{key}"}


def operation_security(operation):
    """Reads need the `read` scope, writes `write`; Basic and the test scheme may do both."""
    scope = "write" if operation.writes else "read"
    return [{"oauth2": [scope]}, {"basic": [], "clientId": []}, {"clientId": [], "userId": [], "userPass": []}]


def operation_object(operation, components):
    if operation.method == "POST":
        responses = {"200": replies_response(operation, components), "202": {"$ref": "#/components/responses/Job"}}
    elif operation.method == "DELETE":
        responses = {"200": deleted_response(operation, components)}
    else:
        responses = {"200": read_response(operation, components)}
    responses.update({status: {"$ref": f"#/components/responses/Error{status}"} for status in ERRORS})
    found = {
        "operationId": operation.operation_id,
        "summary": operation.summary,
        "tags": [operation.resource.title],
        "security": operation_security(operation),
        "parameters": [parameter_ref(placed, operation, components) for placed in operation.parameters],
        "responses": responses,
    }
    if operation.body:
        found["requestBody"] = request_body(operation, components)
    return found


def job_operation():
    identifier = operations.Parameter("job_id", "resource_id", "The job's identifier, from the 202's Location.")
    content = json_and_text(ref("JobAnswer"), job_example(done=True))
    return {
        "operationId": "get-job",
        "summary": "Progress of a bulk write and, when done, its replies (the job's owner only)",
        "tags": ["Job"],
        "security": [{"oauth2": ["read"]}, {"basic": [], "clientId": []}, {"clientId": [], "userId": [], "userPass": []}],
        "parameters": [parameter_object(operations.OperationParameter(identifier, "path", required=True), "1"),
                       {"$ref": "#/components/parameters/format"}],
        "responses": {"200": {"description": f"The job under `{jobs.SEGMENT}`.", "content": content},
                      **{status: {"$ref": f"#/components/responses/Error{status}"} for status in ERRORS}},
    }


def error_schema():
    return {"type": "object", "required": ["error"], "properties": {"error": {
        "type": "object", "required": ["status", "code", "message"],
        "properties": {"status": TEXT, "code": TEXT, "message": TEXT,
                       "details": {"type": "object", "additionalProperties": TEXT}},
    }}}


def error_responses():
    content = {JSON: {"schema": ref("Error")}}
    content.update({FORMATS[code].media_type: {"schema": TEXT} for code in TEXT_FORMATS})
    responses = {}
    for status, description in ERRORS.items():
        response = {"description": description, "content": content}
        if status in ERROR_HEADERS:
            response["headers"] = {name: header_ref(name) for name in ERROR_HEADERS[status]}
        responses[f"Error{status}"] = response
    responses["Job"] = accepted_response()
    return responses


def headers():
    found = {VERSION_HEADER: {"description": "Version of the API that answered.", "schema": TEXT}}
    found.update({name: {"description": description, "schema": TEXT} for name, description in PAGING_HEADERS.items()})
    found["Last-Modified"] = {"description": "The entity's last change, or the newest on the page (HTTP date); "
                                             "send it back as `last_modified` to get what changed since.",
                              "schema": TEXT}
    found["WWW-Authenticate"] = {"description": "The authentication scheme to use.", "schema": TEXT}
    found["Retry-After"] = {"description": "Seconds to wait before trying again.", "schema": TEXT}
    return found


def security_schemes():
    authorization, token = f"{site_root()}/oauth2/authorize", f"{site_root()}/oauth2/token"
    scopes = settings.OAUTH2_PROVIDER["SCOPES"]

    def in_query(parameter):
        return {"type": "apiKey", "in": "query", "name": parameter.name, "description": parameter.description}

    client_id, user_id, user_pass = operations.AUTHENTICATION_PARAMETERS
    return {
        "oauth2": {"type": "oauth2", "description": "Access token in `Authorization: Bearer`; client_id optional.",
                   "flows": {"authorizationCode": {"authorizationUrl": authorization, "tokenUrl": token,
                                                   "refreshUrl": token, "scopes": scopes},
                             "password": {"tokenUrl": token, "refreshUrl": token, "scopes": scopes}}},
        "basic": {"type": "http", "scheme": "basic", "description": "The user's login and password."},
        "clientId": in_query(client_id),
        "userId": in_query(user_id),
        "userPass": in_query(user_pass),
    }


def paths(components):
    found = {}
    for operation in operations.all_operations():
        path = operation.path.removeprefix("/api")
        found.setdefault(path, {})[operation.method.lower()] = operation_object(operation, components)
    found[f"/{jobs.SEGMENT}/{{job_id}}"] = {"get": job_operation()}
    return found


@cache
def document():
    components = Components()
    described = paths(components)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Open Platform API",
            "version": settings.API_VERSION,
            "description": info_description(),
        },
        "servers": base_urls.openapi_servers(),
        "security": [{"oauth2": ["read"]}, {"basic": [], "clientId": []}, {"clientId": [], "userId": [], "userPass": []}],
        "tags": [{"name": resource.title, "description": resource.description} for resource in registry]
        + [{"name": "Job", "description": "Bulk writes run in the background."}],
        "paths": described,
        "components": {
            "schemas": components.schemas,
            "parameters": components.parameters,
            "responses": error_responses(),
            "headers": headers(),
            "securitySchemes": security_schemes(),
        },
    }


@cache
def as_json():
    """Compact: tools read it, and a person reads it in Swagger UI or the YAML."""
    return json.dumps(document(), separators=(",", ":"), ensure_ascii=False).encode("utf-8")


class PlainDumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
    """Writes repeated parts out in full: some OpenAPI tools do not follow YAML aliases."""

    def ignore_aliases(self, data):
        return True


@cache
def as_yaml():
    return yaml.dump(document(), Dumper=PlainDumper, sort_keys=False, allow_unicode=True, width=120).encode("utf-8")
