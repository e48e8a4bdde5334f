"""Every format on every kind of path, negotiation and streaming, over real HTTP (SPEC §1, §7)."""
import gzip
import json
from xml.etree import ElementTree

import pytest

from racing.models import Race

from .api_client import basic
from .test_api_read import COLLECTIONS, SINGLE, director, marathon, sample_ids  # noqa: F401  (fixtures)
from .wire_readers import MEDIA_TYPES, body_text, entities, error, read
from .writes_client import Writer

CODES = list(MEDIA_TYPES)
OTHER_CODES = [code for code in CODES if code != "json"]


@pytest.mark.parametrize("code", OTHER_CODES)
@pytest.mark.parametrize("parent, sub, envelope", COLLECTIONS)
def test_every_collection_in_every_format(director, sample_ids, parent, sub, envelope, code):
    expected = director.rows(f"/api/{parent}/{sample_ids[parent]}/{sub}", envelope, {"size": "5"})
    response = director.get(f"/api/{parent}.{code}/{sample_ids[parent]}/{sub}", {"size": "5"})
    assert response.status_code == 200, response.text
    assert entities(code, response, envelope) == expected
    assert response.headers["X-Ctlive-Row-Count"].isdigit() and 'rel="first"' in response.headers["Link"]


@pytest.mark.parametrize("code", OTHER_CODES)
@pytest.mark.parametrize("segment, envelope", SINGLE.items())
def test_every_single_entity_in_every_format(director, sample_ids, segment, envelope, code):
    expected = director.get(f"/api/{segment}/{sample_ids[segment]}").json()[envelope]
    response = director.get(f"/api/{segment}/{sample_ids[segment]}.{code}")
    assert response.status_code == 200, response.text
    body = read(code, response)
    assert body == ([expected] if code in ("csv", "tsv") else {envelope: expected})


@pytest.mark.parametrize("code", CODES)
def test_errors_in_every_format(director, served_api, demo, code):
    cases = [
        (director.get(f"/api/entry.{code}/999999999"), "404", "not_found"),
        (director.get(f"/api/event.{code}", {"page": "abc"}), "400", "invalid_parameter"),
        (served_api.get(f"/api/event.{code}", params={"client_id": demo["client_id"]}), "401", "missing_credentials"),
        (director.get(f"/api/event.{code}/nonsense/x/y"), "404", "not_found"),
    ]
    for response, status, error_code in cases:
        assert str(response.status_code) == status
        body = error(code, response)
        assert body["status"] == status and body["code"] == error_code and body["message"]
    detailed = error(code, cases[1][0])
    assert (detailed["details"]["parameter"] if "details" in detailed else detailed["details_parameter"]) == "page"


def test_precedence_suffix_then_format_then_accept_then_json(director):
    yaml_accept = {"Accept": "application/yaml"}
    assert director.get("/api/event.xml", {"format": "csv"}, yaml_accept).headers["Content-Type"].startswith(
        "application/xml")
    assert director.get("/api/event", {"format": "csv"}, yaml_accept).headers["Content-Type"].startswith("text/csv")
    assert director.get("/api/event", headers=yaml_accept).headers["Content-Type"].startswith("application/yaml")
    assert director.get("/api/event").headers["Content-Type"] == "application/json; charset=utf-8"


@pytest.mark.parametrize("accept, media_type", [
    ("application/json;q=0.5, application/xml", "application/xml"),
    ("text/html, text/tab-delimited-values;q=0.9, text/csv;q=0.8", "text/tab-delimited-values"),
    ("text/tab-separated-values", "text/tab-delimited-values"),
    ("text/*", "text/csv"),
    ("image/png, */*;q=0.1", "application/json"),
    ("application/x-yaml", "application/yaml"),
])
def test_accept_q_values_aliases_and_wildcards(director, accept, media_type):
    response = director.get("/api/event", headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["Content-Type"] == f"{media_type}; charset=utf-8"


def test_unsupported_codes_list_the_five_and_unsupported_accept_is_406(director):
    response = director.get("/api/event", {"format": "pdf"})
    assert response.status_code == 400
    assert "json, xml, yaml, csv, tsv" in response.json()["error"]["message"]
    refused = director.get("/api/event", headers={"Accept": "image/png, application/xml;q=0"})
    assert refused.status_code == 406 and refused.json()["error"]["code"] == "not_acceptable"


@pytest.fixture(scope="module")
def long_results(director, marathon):
    """The marathon's results at every interval: more rows than one unstreamed page holds."""
    path = f"/api/event/{marathon['event_id']}/results"
    total = int(director.get(path, {"interval": "ALL", "size": "1"}).headers["X-Ctlive-Row-Count"])
    assert total > 400, "the demo data should give a page long enough to stream"
    return path


@pytest.mark.parametrize("code", CODES)
def test_long_pages_are_streamed_with_the_same_rows_as_short_ones(director, long_results, code):
    params = {"interval": "ALL", "format": code}
    streamed = director.get(long_results, {**params, "size": "400"})
    assert streamed.status_code == 200
    assert streamed.headers.get("Transfer-Encoding") == "chunked" and "Content-Length" not in streamed.headers
    assert streamed.headers["X-Ctlive-Current-Rows"] == "1-400"
    short = director.get(long_results, {**params, "size": "200"})
    second = director.get(long_results, {**params, "size": "200", "page": "2"})
    assert "Content-Length" in short.headers
    assert entities(code, streamed, "event_results") == (
        entities(code, short, "event_results") + entities(code, second, "event_results"))


def test_streamed_pages_are_compressed_as_they_stream(served_api, demo, long_results):
    response = served_api.get(long_results, stream=True,
                              params={"client_id": demo["client_id"], "interval": "ALL", "size": "1000",
                                      "format": "csv"},
                              headers={**basic(*demo["director"]), "Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert response.headers.get("Transfer-Encoding") == "chunked"
    text = gzip.decompress(response.raw.read(decode_content=False)).decode("utf-8")
    assert text.count("\r\n") - 1 == int(response.headers["X-Ctlive-Current-Rows"].split("-")[1])


@pytest.mark.django_db
@pytest.mark.parametrize("code", CODES)
def test_write_replies_with_errors_by_field_in_every_format(client, demo, code):
    """A refused entity's reply carries its errors by field, a nested value, in every format."""
    race = Race.objects.filter(event__name__contains="Marathon").order_by("order").first()
    response = Writer(client, *demo["director"]).call("post", f"/api/race/{race.pk}/entry",
                                                      {"athlete_first_name": "Solo"}, format=code)
    assert response.status_code == 200, response.content
    text = body_text(code, response)
    if code == "xml":
        reply = ElementTree.fromstring(text)[0]
        assert reply.find("status").text == "error" and reply.find("errors/athlete_last_name/item").text
    else:
        [reply] = entities(code, response, "race_entry")
        errors = json.loads(reply["errors"]) if code in ("csv", "tsv") else reply["errors"]
        assert reply["status"] == "error" and errors["athlete_last_name"]
