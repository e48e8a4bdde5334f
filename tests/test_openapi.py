"""The OpenAPI 3.1 document: valid, and complete with respect to the registry."""
import json

import pytest
import yaml
from django.conf import settings
from openapi_schema_validator import OAS31Validator
from openapi_spec_validator import validate

from api.operations import all_operations
from api.registry import registry

LIST_HEADERS = {"X-Ctlive-Api-Version", "X-Ctlive-Row-Count", "X-Ctlive-Page-Count", "X-Ctlive-Page-Size",
                "X-Ctlive-Current-Page", "X-Ctlive-Current-Rows", "Link"}
ERROR_STATUSES = {"400", "401", "403", "404", "406", "503"}


@pytest.fixture(scope="module")
def document():
    from django.test import Client

    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return json.loads(response.content)


def test_the_document_is_valid_openapi_3_1(document):
    assert document["openapi"].startswith("3.1")
    validate(document)


def test_yaml_is_the_same_document(document, client):
    response = client.get("/api/openapi.yaml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/yaml; charset=utf-8"
    assert yaml.safe_load(response.content) == document


def test_served_before_the_api_catch_all_and_without_credentials(client):
    assert client.get("/api/openapi.json").status_code == 200
    assert client.get("/api/event").status_code == 401


def resolve(document, node):
    """`node`, or what its $ref points at (followed until it is no reference)."""
    while "$ref" in node:
        target = document
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def test_every_operation_is_described_with_its_parameters(document):
    for operation in all_operations():
        described = document["paths"][operation.path.removeprefix("/api")][operation.method.lower()]
        assert described["operationId"] == operation.operation_id
        names = []
        for parameter in described["parameters"]:
            assert "$ref" in parameter, "each parameter is described once, under components"
            parameter = resolve(document, parameter)
            names.append((parameter["name"], parameter["in"]))
            if parameter["in"] == "path":
                assert parameter["required"] is True
        assert names == [(p.name, p.location) for p in operation.parameters]
        accepted_as_job = {"202"} if operation.method == "POST" else set()
        assert set(described["responses"]) == {"200"} | ERROR_STATUSES | accepted_as_job
        assert ("requestBody" in described) == bool(operation.body)


def test_list_responses_carry_the_envelope_and_paging_headers(document):
    for operation in all_operations():
        if operation.method != "GET":
            continue
        success = document["paths"][operation.path.removeprefix("/api")]["get"]["responses"]["200"]
        reference = success["content"]["application/json"]["schema"]
        assert set(reference) == {"$ref"}, "envelopes are named schemas"
        schema = resolve(document, reference)
        assert schema["required"] == [operation.envelope]
        body = schema["properties"][operation.envelope]
        if operation.many:
            assert body["type"] == "array" and set(body["items"]) == {"$ref"}
            assert set(success["headers"]) == LIST_HEADERS | {"Last-Modified"}
        else:
            assert set(body) == {"$ref"}
            assert set(success["headers"]) == {"X-Ctlive-Api-Version", "Last-Modified"}


@pytest.mark.parametrize("resource", list(registry), ids=lambda r: r.segment)
def test_every_field_is_a_string_property(document, resource):
    schemas = document["components"]["schemas"]
    schema = next(s for s in schemas.values() if s.get("title") == resource.title)
    assert list(schema["properties"]) == [field.name for field in resource.fields]
    for field in resource.fields:
        described = schema["properties"][field.name]
        assert described["type"] == "string"
        assert described["x-ctlive-type"] == field.type
        assert described.get("readOnly", False) is not field.writable


def test_security_schemes(document):
    schemes = document["components"]["securitySchemes"]
    flows = schemes["oauth2"]["flows"]
    assert flows["authorizationCode"]["authorizationUrl"].endswith("/oauth2/authorize")
    assert flows["authorizationCode"]["tokenUrl"].endswith("/oauth2/token")
    assert flows["password"]["tokenUrl"].endswith("/oauth2/token")
    assert schemes["basic"] == {"type": "http", "scheme": "basic", "description": schemes["basic"]["description"]}
    assert {(s["in"], s["name"]) for key, s in schemes.items() if s["type"] == "apiKey"} == {
        ("query", "client_id"), ("query", "user_id"), ("query", "user_pass")}


def test_oauth2_flows_list_the_scopes_with_descriptions(document):
    for flow in document["components"]["securitySchemes"]["oauth2"]["flows"].values():
        assert set(flow["scopes"]) == {"read", "write"} == set(settings.OAUTH2_PROVIDER["SCOPES"])
        assert all(len(description) > 10 for description in flow["scopes"].values())
    for operation in all_operations():
        described = document["paths"][operation.path.removeprefix("/api")][operation.method.lower()]
        assert described["security"][0] == {"oauth2": ["write" if operation.writes else "read"]}


def test_the_document_is_small_and_its_schemas_are_shared(client):
    body = client.get("/api/openapi.json").content
    assert len(body) < 250_000, f"{len(body)} bytes"
    document = json.loads(body)

    def inline_objects(node, path):
        """Object schemas written out inside paths rather than referenced."""
        if isinstance(node, dict):
            if node.get("type") == "object" and "properties" in node:
                yield path
            for key, value in node.items():
                if key != "example":
                    yield from inline_objects(value, f"{path}/{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                yield from inline_objects(value, f"{path}/{index}")
    assert list(inline_objects(document["paths"], "")) == []


def test_the_job_path_and_the_202_body(document):
    job = document["paths"]["/job/{job_id}"]["get"]
    assert job["operationId"] == "get-job"
    schema = resolve(document, job["responses"]["200"]["content"]["application/json"]["schema"])
    assert schema["required"] == ["job"]
    assert {"job_id", "job_status", "job_done", "job_total", "results"} <= set(resolve(document, schema["properties"]["job"])["properties"])
    accepted = resolve(document, document["paths"]["/race/{race_id}/entry"]["post"]["responses"]["202"])
    assert "Location" in accepted["headers"]
    assert accepted["content"]["application/json"]["schema"] == job["responses"]["200"]["content"]["application/json"]["schema"]


def validator(document, schema):
    """A JSON Schema validator of `schema`, whose $refs resolve inside the document."""
    return OAS31Validator({**schema, "components": document["components"]})


def test_every_success_response_and_request_body_has_an_example_that_fits(document):
    checked = 0
    for path, methods in document["paths"].items():
        for method, described in methods.items():
            media = [resolve(document, response)["content"]["application/json"]
                     for status, response in described["responses"].items() if status in ("200", "202")]
            if "requestBody" in described:
                media.append(described["requestBody"]["content"]["application/json"])
            for found in media:
                assert "example" in found, f"{method} {path}"
                errors = list(validator(document, found["schema"]).iter_errors(found["example"]))
                assert not errors, f"{method} {path}: {errors[0].message}"
                checked += 1
    assert checked > len(all_operations())


def test_request_bodies_are_json_and_name_the_other_formats(document):
    for operation in all_operations():
        if not operation.body:
            continue
        body = document["paths"][operation.path.removeprefix("/api")][operation.method.lower()]["requestBody"]
        assert set(body["content"]) == {"application/json"}
        for media_type in ("application/xml", "application/yaml", "text/csv", "text/tab-delimited-values"):
            assert media_type in body["description"]


def test_optional_parameters_have_a_real_default_or_a_working_example(document):
    for name, parameter in document["components"]["parameters"].items():
        if parameter["required"]:
            continue
        value = parameter["schema"].get("default", parameter.get("example"))
        assert value not in (None, ""), name
        assert "<" not in str(value), name


def test_errors_have_the_error_schema_and_their_headers(document):
    responses = document["components"]["responses"]
    for status in ERROR_STATUSES:
        response = responses[f"Error{status}"]
        assert response["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
    assert "WWW-Authenticate" in responses["Error401"]["headers"]
    assert "Retry-After" in responses["Error503"]["headers"]


@pytest.mark.django_db
@pytest.mark.parametrize("operation", [o for o in all_operations() if o.method == "GET"], ids=lambda o: o.operation_id)
def test_every_read_answers_200_with_every_optional_parameter_as_documented(document, client, demo, operation):
    """What a tool sends when it switches every optional parameter on (Postman does)."""
    from racing.models import Event

    from .api_client import basic

    described = document["paths"][operation.path.removeprefix("/api")]["get"]
    event = Event.objects.get(name__contains="Marathon")
    owner = operation.parent or operation.resource
    entity_id = owner.model.objects.filter(**{owner.event_lookup: event.pk}).values_list("pk", flat=True).first()
    path = operation.path.replace("{" + owner.id_field + "}", str(entity_id))
    query = {"client_id": demo["client_id"]}
    for parameter in (resolve(document, p) for p in described["parameters"]):
        if parameter["in"] == "query":
            query[parameter["name"]] = str(parameter["schema"].get("default", parameter.get("example")))
    response = client.get(path, query, headers=basic(*demo["director"]))
    assert response.status_code == 200, response.content
