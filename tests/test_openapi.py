"""The OpenAPI 3.1 document: valid, and complete with respect to the registry."""
import json

import pytest
import yaml
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


def test_every_operation_is_described_with_its_parameters(document):
    shared = document["components"]["parameters"]
    for operation in all_operations():
        described = document["paths"][operation.path.removeprefix("/api")][operation.method.lower()]
        assert described["operationId"] == operation.operation_id
        names = []
        for parameter in described["parameters"]:
            if "$ref" in parameter:
                parameter = shared[parameter["$ref"].rsplit("/", 1)[1]]
            names.append((parameter["name"], parameter["in"]))
            if parameter["in"] == "path":
                assert parameter["required"] is True
        assert names == [(p.name, p.location) for p in operation.parameters]
        accepted_as_job = {"202"} if operation.method == "POST" else set()
        assert set(described["responses"]) == {"200"} | ERROR_STATUSES | accepted_as_job
        assert ("requestBody" in described) == bool(operation.body)


def test_list_responses_carry_the_envelope_and_paging_headers(document):
    for operation in all_operations():
        success = document["paths"][operation.path.removeprefix("/api")]["get"]["responses"]["200"]
        schema = success["content"]["application/json"]["schema"]
        assert schema["required"] == [operation.envelope]
        body = schema["properties"][operation.envelope]
        if operation.many:
            assert body["type"] == "array"
            assert set(success["headers"]) == LIST_HEADERS
        else:
            assert "$ref" in body
            assert set(success["headers"]) == {"X-Ctlive-Api-Version"}


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


def test_errors_have_the_error_schema_and_their_headers(document):
    responses = document["components"]["responses"]
    for status in ERROR_STATUSES:
        response = responses[f"Error{status}"]
        assert response["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
    assert "WWW-Authenticate" in responses["Error401"]["headers"]
    assert "Retry-After" in responses["Error503"]["headers"]
