"""Request bodies (SPEC §6, §9): five formats, three shapes, and every way they can be wrong."""
import pytest
from django.test import RequestFactory, override_settings

from api.bodies import entities_from_body, entities_from_request
from api.errors import ApiError

ONE = {"entry_bib": "7", "entry_name": "Ana Pérez, \"Ani\""}
TWO = {"entry_bib": "8", "entry_name": "Bo <&> Li"}

SAME_ENTITIES = {
    "application/json": [
        '{"entry_bib": "7", "entry_name": "Ana Pérez, \\"Ani\\""}',
        '[{"entry_bib": "7", "entry_name": "Ana Pérez, \\"Ani\\""}, {"entry_bib": "8", "entry_name": "Bo <&> Li"}]',
        '{"race_entry": [{"entry_bib": "7", "entry_name": "Ana Pérez, \\"Ani\\""},'
        ' {"entry_bib": "8", "entry_name": "Bo <&> Li"}]}',
        '{"entry": {"entry_bib": "7", "entry_name": "Ana Pérez, \\"Ani\\""}}',
    ],
    "application/xml": [
        "<entry><entry_bib>7</entry_bib><entry_name>Ana Pérez, \"Ani\"</entry_name></entry>",
        "<?xml version='1.0' encoding='UTF-8'?>\n<race_entry>\n  <entry>\n    <entry_bib>7</entry_bib>\n"
        "    <entry_name>Ana Pérez, \"Ani\"</entry_name>\n  </entry>\n  <entry><entry_bib>8</entry_bib>"
        "<entry_name>Bo &lt;&amp;&gt; Li</entry_name></entry>\n</race_entry>\n",
    ],
    "application/yaml": [
        "entry_bib: '7'\nentry_name: Ana Pérez, \"Ani\"\n",
        "- entry_bib: '7'\n  entry_name: Ana Pérez, \"Ani\"\n- entry_bib: '8'\n  entry_name: Bo <&> Li\n",
        "race_entry:\n- {entry_bib: '7', entry_name: 'Ana Pérez, \"Ani\"'}\n- {entry_bib: '8', entry_name: Bo <&> Li}\n",
    ],
    "text/csv": [
        'entry_bib,entry_name\r\n7,"Ana Pérez, ""Ani"""\r\n',
        'entry_bib,entry_name\n7,"Ana Pérez, ""Ani"""\n8,Bo <&> Li\n',
    ],
    "text/tab-delimited-values": [
        'entry_bib\tentry_name\r\n7\tAna Pérez, "Ani"\r\n',
        'entry_bib\tentry_name\r\n7\tAna Pérez, "Ani"\r\n8\tBo <&> Li\r\n',
    ],
}
CASES = [(content_type, body) for content_type, bodies in SAME_ENTITIES.items() for body in bodies]


@pytest.mark.parametrize("content_type, body", CASES)
def test_one_entity_a_list_or_the_envelope_form_in_every_format(content_type, body):
    entities = entities_from_body(body.encode("utf-8"), f"{content_type}; charset=utf-8")
    assert entities in ([ONE], [ONE, TWO])


def test_without_content_type_the_body_is_json():
    assert entities_from_body(b'{"entry_bib": "7"}', "") == [{"entry_bib": "7"}]


def test_json_and_yaml_scalars_become_the_strings_the_api_writes():
    assert entities_from_body(b'{"a": 7, "b": 1.5, "c": true, "d": false, "e": null}', "application/json") == [
        {"a": "7", "b": "1.5", "c": "1", "d": "0", "e": ""}]
    assert entities_from_body(b"a: 2026-04-19\nb: yes\n", "application/yaml") == [{"a": "2026-04-19", "b": "1"}]


def error_of(body, content_type):
    with pytest.raises(ApiError) as raised:
        entities_from_body(body, content_type)
    return raised.value


def test_an_unsupported_type_is_415_listing_the_supported_ones():
    error = error_of(b"%PDF", "application/pdf")
    assert error.status == 415 and error.code == "unsupported_media_type"
    assert "application/pdf" in error.message and "text/csv" in error.message
    assert error_of(b"{}", "application/json; charset=latin-1").status == 415


def test_invalid_utf8_is_400_naming_the_byte():
    error = error_of('{"entry_name": "Pérez"}'.encode("latin-1"), "application/json")
    assert error.status == 400 and error.code == "invalid_encoding"
    assert error.details == {"position": 17}


def test_malformed_input_is_400_with_line_and_column():
    error = error_of(b'[{"entry_bib": "7"},\n {"entry_bib" "8"}]', "application/json")
    assert error.status == 400 and error.code == "malformed_body"
    assert error.details == {"format": "json", "line": 2, "column": 15}
    assert "line 2, column 15" in error.message


def test_nested_values_and_other_shapes_are_400():
    assert error_of(b'{"entry_bib": ["7"], "entry_name": "x"}', "application/json").details == {
        "field": "entry_bib"}
    assert error_of(b'"just a string"', "application/json").code == "malformed_body"
    assert error_of(b'{"a": [], "b": []}', "application/json").code == "malformed_body"


@override_settings(API_MAX_BODY_BYTES=64)
def test_bodies_over_the_limit_are_413():
    small = b'[' + b'{"a": "1"},' * 4 + b'{"a": "1"}]'
    assert len(entities_from_body(small, "application/json")) == 5
    assert error_of(b"[" + b'{"a": "1"},' * 10 + b'{"a": "1"}]', "application/json").status == 413


@override_settings(API_MAX_BODY_BYTES=64)
def test_a_request_declaring_too_much_is_refused_before_reading():
    request = RequestFactory().post("/api/race/1/entry", data=b"x" * 65, content_type="text/csv")
    with pytest.raises(ApiError) as raised:
        entities_from_request(request)
    assert raised.value.status == 413 and raised.value.code == "body_too_large"
    fine = RequestFactory().post("/api/race/1/entry", data=b"entry_bib\r\n7\r\n", content_type="text/csv")
    assert entities_from_request(fine) == [{"entry_bib": "7"}]


@override_settings(API_MAX_BODY_BYTES=64)
def test_a_body_without_a_length_is_read_only_to_the_limit():
    request = RequestFactory().post("/api/race/1/entry", data=b"entry_bib\r\n" + b"7\r\n" * 40, content_type="text/csv")
    del request.META["CONTENT_LENGTH"]
    with pytest.raises(ApiError) as raised:
        entities_from_request(request)
    assert raised.value.status == 413
