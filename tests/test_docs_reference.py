"""Reference pages follow the registry: every resource, field and operation is on its page,
and a field or operation added to the registry appears with no other edit."""
import dataclasses
import html
import json
import re

import pytest

from api.operations import Operation, OperationParameter, operations_of
from api.registry import Field, Parameter, registry
from docsite import page_cache, reference

RESOURCES = list(registry)
# Each operation carries the console's try-it form, which looks up the visitor's identity.
pytestmark = pytest.mark.django_db


@pytest.fixture()
def fresh_pages():
    """Pages are built once per process; tests that change the registry rebuild them."""
    reference.reference_page.cache_clear(), page_cache.forget()
    yield
    reference.reference_page.cache_clear(), page_cache.forget()


def page_text(client, segment):
    response = client.get(f"/reference/{segment}")
    assert response.status_code == 200
    return response.content.decode()


def row_of(text, anchor):
    match = re.search(rf'<tr id="{re.escape(anchor)}">(.*?)</tr>', text, re.S)
    assert match, anchor
    return match.group(1)


def section_of(text, anchor):
    match = re.search(rf'<section class="operation" id="{re.escape(anchor)}".*?</section>', text, re.S)
    assert match, anchor
    return match.group(0)


@pytest.mark.parametrize("resource", RESOURCES, ids=lambda r: r.segment)
def test_every_field_has_a_row_with_anchor_type_writable_and_description(client, resource):
    text = page_text(client, resource.segment)
    for field in resource.fields:
        row = row_of(text, f"field-{field.name}")
        assert f'href="#field-{field.name}"' in row
        assert f"<code>{field.name}</code>" in row
        assert f">{field.type}</abbr>" in row
        assert f"<td>{'yes' if field.writable else 'no'}</td>" in row
        assert html.escape(field.description) in row
        for choice in field.choices:
            assert f"<code>{choice}</code>" in row


@pytest.mark.parametrize("resource", RESOURCES, ids=lambda r: r.segment)
def test_every_operation_has_a_section_with_parameters_and_examples(client, resource):
    text = page_text(client, resource.segment)
    operations = operations_of(resource)
    assert operations, resource.segment
    for operation in operations:
        section = section_of(text, operation.operation_id)
        assert f'href="#{operation.operation_id}"' in text  # linked from the page's list of operations
        assert f'<span class="method method-{operation.method.lower()}">{operation.method}</span> <code>{html.escape(operation.path)}</code>' in section
        assert f"<code>{operation.envelope}</code>" in section
        for parameter in operation.parameters:
            assert f"<code>{parameter.name}</code>" in section
            if parameter.default:
                assert f"<code>{parameter.default}</code>" in section
        assert html.escape(operation.example_path()) in section
        body = html.unescape(re.search(r'class="example-response"[^>]*><code>(.*?)</code>', section, re.S).group(1))
        example = json.loads(body.split("\n\n", 1)[1])
        entities = example[operation.envelope]
        entity = entities[0] if operation.many else entities
        if operation.method == "POST":
            assert list(entity) == ["status", resource.id_field, "errors"]
        elif operation.method == "DELETE":
            assert entity == {"status": "deleted", resource.id_field: "1"}
        else:
            assert list(entity) == [field.name for field in resource.fields]
            assert all(isinstance(value, str) for value in entity.values())
        for field in operation.body:
            assert f"<code>{field.name}</code>" in section


@pytest.mark.parametrize("resource", RESOURCES, ids=lambda r: r.segment)
def test_related_resources_are_linked(client, resource):
    text = page_text(client, resource.segment)
    for collection in resource.collections:
        assert f'href="/reference/{collection.parent}"' in text
    for other in registry:
        if other.collection_under(resource.segment):
            assert f'href="/reference/{other.segment}"' in text


def test_an_id_field_links_to_its_resource(client):
    row = row_of(page_text(client, "entry"), "field-race_id")
    assert 'href="/reference/race"' in row


def test_a_field_added_to_the_registry_appears_on_its_page(client, monkeypatch, fresh_pages):
    wave = registry.get("wave")
    added = Field("wave_color", "enum", "Colour of the bibs of the wave.", "name", writable=True,
                  choices=("red", "blue"))
    monkeypatch.setitem(registry.resources, "wave", dataclasses.replace(wave, fields=wave.fields + (added,)))
    row = row_of(page_text(client, "wave"), "field-wave_color")
    assert "<code>red</code>" in row and "<td>yes</td>" in row and "Colour of the bibs" in row


def test_an_operation_added_to_the_registry_appears_on_its_page(client, monkeypatch, fresh_pages):
    """An operation the registry does not declare today renders through the same template."""
    wave = registry.get("wave")
    update = Operation(
        "PATCH", "/api/wave/{wave_id}", wave, "wave", False, None,
        (OperationParameter(Parameter("wave_id", "resource_id", "The wave's identifier."), "path", True),),
        "Change one wave")
    monkeypatch.setattr(reference, "operations_of", lambda resource: operations_of(resource) + (
        (update,) if resource is wave else ()))
    text = page_text(client, "wave")
    section = section_of(text, "patch-wave")
    assert '<span class="method method-patch">PATCH</span>' in section and "Change one wave" in section
    assert "curl -i -X PATCH" in section


def test_unknown_resource_is_404(client):
    assert client.get("/reference/no-such-thing").status_code == 404


def test_reference_pages_are_sent_compressed_when_asked(client):
    import gzip

    from api.registry import registry

    for resource in registry:
        response = client.get(f"/reference/{resource.segment}", headers={"Accept-Encoding": "gzip"})
        assert response.status_code == 200 and response["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in response["Vary"]
        html = gzip.decompress(response.content)
        assert len(response.content) < len(html) / 3 and b"</html>" in html
    assert "Content-Encoding" not in client.get("/reference/entry").headers


def test_compressed_pages_are_padded_against_breach(client):
    """The same page compressed again differs in length (random bytes in the gzip header),
    so a body's compressed size does not tell a guessed secret."""
    import gzip

    lengths = {len(client.get("/reference/entry", headers={"Accept-Encoding": "gzip"}).content) for _ in range(8)}
    assert len(lengths) > 1
    body = client.get("/reference/entry", headers={"Accept-Encoding": "gzip"}).content
    assert body[3] & gzip.FNAME and b"</html>" in gzip.decompress(body)


def test_small_api_answers_keep_the_apis_own_compression_rule(client):
    response = client.get("/api/event", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 401 and "Content-Encoding" not in response.headers
