"""Independent readers of the five response formats, for HTTP tests: the standard library
and PyYAML, not the API's own parsers, so a test can catch the API misreading itself."""
import csv
import io
import json
import re
from xml.etree import ElementTree

import yaml

TSV_ESCAPES = {"\\t": "\t", "\\n": "\n", "\\r": "\r", "\\\\": "\\"}


def xml_tree(element):
    """{field: text} for an element holding fields, else a list of those for its children."""
    if len(element) and all(len(child) == 0 for child in element):
        return {child.tag: child.text or "" for child in element}
    return [xml_tree(child) for child in element]


def read_xml(text):
    root = ElementTree.fromstring(text)
    return {root.tag: xml_tree(root)}


def read_csv(text):
    return list(csv.DictReader(io.StringIO(text, newline="")))


def read_tsv(text):
    lines = text.split("\r\n")
    assert lines[-1] == "", "TSV rows end with CRLF"
    rows = [[re.sub(r"\\[tnr\\]", lambda m: TSV_ESCAPES[m.group()], value) for value in line.split("\t")]
            for line in lines[:-1]]
    return [dict(zip(rows[0], row)) for row in rows[1:]]


READERS = {"json": json.loads, "xml": read_xml, "yaml": yaml.safe_load, "csv": read_csv, "tsv": read_tsv}
MEDIA_TYPES = {"json": "application/json", "xml": "application/xml", "yaml": "application/yaml",
               "csv": "text/csv", "tsv": "text/tab-delimited-values"}


def body_text(code, response):
    assert response.headers["Content-Type"] == f"{MEDIA_TYPES[code]}; charset=utf-8"
    return response.content.decode("utf-8")


def read(code, response):
    """The body of a response in `code`, after checking its Content-Type: for JSON, XML and
    YAML the envelope object; for CSV and TSV the list of rows."""
    return READERS[code](body_text(code, response))


def entities(code, response, envelope):
    """The entities of a list response, whatever the format."""
    body = read(code, response)
    if code in ("csv", "tsv"):
        return body
    assert list(body) == [envelope]
    return body[envelope] or []


def xml_error(text):
    root = ElementTree.fromstring(text)
    assert root.tag == "error"
    return {child.tag: {item.tag: item.text or "" for item in child} if len(child) else child.text or ""
            for child in root}


def error(code, response):
    """The error object of an error response, whatever the format (CSV and TSV: one row
    with details as `details_<name>` columns)."""
    if code == "xml":
        return xml_error(body_text(code, response))
    body = read(code, response)
    if code in ("csv", "tsv"):
        assert len(body) == 1
        return body[0]
    return body["error"]
