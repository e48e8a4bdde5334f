"""The five wire formats, each checked with an independent reader (SPEC §7)."""
import csv
import io
import json
import xml.etree.ElementTree as ElementTree

import pytest
import yaml

from api.formats import BY_MEDIA_TYPE, FORMATS
from api.formats.base import ROWS_PER_CHUNK, BodyError, ListShape

SHAPE = ListShape("event_entry", "entry", ("entry_id", "entry_name"))
TRICKY = 'Zoë "Zed", <b>&\tco\r\nline two\\'
ROWS = [{"entry_id": "1", "entry_name": TRICKY}, {"entry_id": "2", "entry_name": ""}]
ERROR = {"status": "400", "code": "invalid_parameter", "message": "page must be a whole number, not 'x'.",
         "details": {"parameter": "page"}}


def text(body):
    return body.decode("utf-8")


def test_every_format_has_the_media_type_of_the_contract():
    assert {code: fmt.content_type for code, fmt in FORMATS.items()} == {
        "json": "application/json; charset=utf-8", "xml": "application/xml; charset=utf-8",
        "yaml": "application/yaml; charset=utf-8", "csv": "text/csv; charset=utf-8",
        "tsv": "text/tab-delimited-values; charset=utf-8",
    }
    assert BY_MEDIA_TYPE["text/tab-separated-values"] is FORMATS["tsv"]


def test_json_list_single_and_error():
    fmt = FORMATS["json"]
    assert json.loads(fmt.render_list(SHAPE, ROWS)) == {"event_entry": ROWS}
    assert json.loads(fmt.render("entry", ROWS[0])) == {"entry": ROWS[0]}
    assert json.loads(fmt.render_error(ERROR)) == {"error": ERROR}
    assert "Zoë" in text(fmt.render("entry", ROWS[0])), "non-ASCII text is written as UTF-8, not escaped"


def test_xml_root_is_the_envelope_with_one_element_per_entity_and_field():
    fmt = FORMATS["xml"]
    root = ElementTree.fromstring(fmt.render_list(SHAPE, ROWS))
    assert root.tag == "event_entry" and [child.tag for child in root] == ["entry", "entry"]
    assert [(field.tag, field.text or "") for field in root[0]] == [("entry_id", "1"), ("entry_name", TRICKY)]
    single = ElementTree.fromstring(fmt.render("entry", ROWS[0]))
    assert single.tag == "entry" and single.find("entry_name").text == TRICKY
    error = ElementTree.fromstring(fmt.render_error(ERROR))
    assert error.tag == "error" and error.find("status").text == "400"
    assert error.find("details/parameter").text == "page"


def test_xml_replaces_characters_xml_cannot_carry():
    body = FORMATS["xml"].render("entry", {"entry_name": "bell\x07 and form feed\x0c"})
    assert ElementTree.fromstring(body).find("entry_name").text == "bell\ufffd and form feed\ufffd"


def test_yaml_is_the_json_tree_and_every_value_stays_a_string():
    fmt = FORMATS["yaml"]
    rows = [{"entry_id": "1", "entry_name": "yes"}, {"entry_id": "007", "entry_name": "null"}]
    assert yaml.safe_load(fmt.render_list(SHAPE, rows)) == {"event_entry": rows}
    assert yaml.safe_load(fmt.render_list(SHAPE, ROWS)) == {"event_entry": ROWS}
    assert yaml.safe_load(fmt.render_list(SHAPE, [])) == {"event_entry": []}
    assert yaml.safe_load(fmt.render_error(ERROR)) == {"error": ERROR}


def test_csv_follows_rfc_4180():
    body = text(FORMATS["csv"].render_list(SHAPE, ROWS))
    assert body == 'entry_id,entry_name\r\n1,"Zoë ""Zed"", <b>&\tco\r\nline two\\"\r\n2,\r\n'
    assert list(csv.reader(io.StringIO(body, newline=""))) == [list(SHAPE.names), ["1", TRICKY], ["2", ""]]


def test_csv_and_tsv_single_entity_is_one_row_and_an_error_one_row_with_its_details():
    for code, separator in (("csv", ","), ("tsv", "\t")):
        fmt = FORMATS[code]
        assert text(fmt.render("entry", {"entry_id": "1", "entry_bib": "7"})) == \
            f"entry_id{separator}entry_bib\r\n1{separator}7\r\n"
        header, row = text(fmt.render_error(ERROR)).split("\r\n")[:2]
        assert header.split(separator) == ["status", "code", "message", "details_parameter"]
        assert row.split(separator)[:2] == ["400", "invalid_parameter"]


def test_an_empty_list_still_has_its_header_row():
    assert text(FORMATS["csv"].render_list(SHAPE, [])) == "entry_id,entry_name\r\n"
    assert text(FORMATS["tsv"].render_list(SHAPE, [])) == "entry_id\tentry_name\r\n"


def test_tsv_escapes_tabs_line_breaks_and_backslashes():
    body = text(FORMATS["tsv"].render_list(SHAPE, ROWS))
    assert body == 'entry_id\tentry_name\r\n1\tZoë "Zed", <b>&\\tco\\r\\nline two\\\\\r\n2\t\r\n'
    assert body.count("\t") == 3 and body.count("\n") == 3


def test_streaming_in_chunks_gives_the_same_bytes_as_one_render():
    rows = [{"entry_id": str(number), "entry_name": f"Runner {number}, {TRICKY}"} for number in range(1234)]
    for fmt in FORMATS.values():
        chunks = list(fmt.stream(SHAPE, iter(rows)))
        assert len(chunks) == 2 + 1234 // ROWS_PER_CHUNK
        assert b"".join(chunks) == fmt.render_list(SHAPE, rows)
        assert fmt.parse(text(b"".join(chunks))) in ({"event_entry": rows}, rows)


@pytest.mark.parametrize("code, body, line, column", [
    ("json", '{"entry_name": "x",\n  "entry_bib": }', 2, 16),
    ("xml", "<entry>\n  <entry_name>x</entry_bib>\n</entry>", 2, 18),
    ("yaml", "entry:\n  entry_name: [unclosed\n", 3, 1),
    ("csv", 'entry_id,entry_name\r\n1,"half"quoted\r\n', 2, 1),
    ("tsv", "entry_id\tentry_name\r\n1\tx\r\n2\r\n", 3, 1),
])
def test_malformed_bodies_say_where(code, body, line, column):
    with pytest.raises(BodyError) as raised:
        FORMATS[code].parse(body)
    assert (raised.value.line, raised.value.column) == (line, column)
    assert raised.value.problem


def test_xml_bodies_with_entity_declarations_are_refused():
    bomb = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><entry><n>&b;</n></entry>'
    with pytest.raises(BodyError) as raised:
        FORMATS["xml"].parse(bomb)
    assert "DTD" in raised.value.problem or "entit" in raised.value.problem


def test_yaml_bodies_are_loaded_safely():
    with pytest.raises(BodyError):
        FORMATS["yaml"].parse("entry: !!python/object/apply:os.system ['true']\n")


def test_delimited_bodies_need_a_header_and_matching_rows():
    with pytest.raises(BodyError) as raised:
        FORMATS["csv"].parse("")
    assert "header" in raised.value.problem
    with pytest.raises(BodyError) as raised:
        FORMATS["csv"].parse("a,a\r\n1,2\r\n")
    assert "twice" in raised.value.problem
    assert FORMATS["tsv"].parse("a\tb\n1\t2\n\n") == [{"a": "1", "b": "2"}], "LF line ends and blank lines are fine"


REPLIES = [{"status": "error", "entry_id": "", "errors": {"entry_bib": ["Required.", "Ünique <please>."]}},
           {"status": "created", "entry_id": "9", "errors": {}}]


def test_write_replies_with_errors_by_field_in_every_format():
    assert json.loads(FORMATS["json"].render("race_entry", REPLIES)) == {"race_entry": REPLIES}
    assert yaml.safe_load(FORMATS["yaml"].render("race_entry", REPLIES)) == {"race_entry": REPLIES}
    root = ElementTree.fromstring(FORMATS["xml"].render("race_entry", REPLIES))
    assert [item.text for item in root.findall("race_entry/errors/entry_bib/item")] == ["Required.", "Ünique <please>."]
    assert root[1].find("errors").text is None and root[1].find("status").text == "created"
    for code in ("csv", "tsv"):
        rows = FORMATS[code].parse(text(FORMATS[code].render("race_entry", REPLIES)))
        assert [json.loads(row["errors"]) for row in rows] == [REPLIES[0]["errors"], {}]
        assert [row["status"] for row in rows] == ["error", "created"]


def test_a_job_with_its_results_in_every_format():
    job = {"job_id": "4", "job_status": "done", "results": REPLIES}
    assert json.loads(FORMATS["json"].render("job", job)) == {"job": job}
    assert yaml.safe_load(FORMATS["yaml"].render("job", job)) == {"job": job}
    assert len(ElementTree.fromstring(FORMATS["xml"].render("job", job)).findall("results/item")) == 2
    for code in ("csv", "tsv"):
        [row] = FORMATS[code].parse(text(FORMATS[code].render("job", job)))
        assert json.loads(row["results"]) == REPLIES
