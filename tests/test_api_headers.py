"""Request and response headers over real HTTP (SPEC §6, §7): Link, method override,
compression, languages and Date."""
import gzip
import re
import zlib
from urllib.parse import parse_qs, urlparse

import pytest
import requests

from .api_client import basic
from .test_api_paging import director, event_id  # noqa: F401  (fixtures)
from .wire_readers import error


def links(response):
    """{relation: query parameters} of a Link header."""
    found = re.findall(r'<([^>]+)>; rel="(\w+)"', response.headers["Link"])
    return {relation: parse_qs(urlparse(target).query) for target, relation in found}


def test_link_relations_keep_the_other_parameters(director, event_id):
    path = f"/api/event/{event_id}/entry"
    total = int(director.get(path, {"size": "1"}).headers["X-Ctlive-Row-Count"])
    last_page = -(-total // 7)
    middle = links(director.get(path, {"size": "7", "page": "2", "columns": "entry_id,entry_bib"}))
    assert {relation: query["page"] for relation, query in middle.items()} == {
        "first": ["1"], "prev": ["1"], "next": ["3"], "last": [str(last_page)]}
    for query in middle.values():
        assert query["size"] == ["7"] and query["columns"] == ["entry_id,entry_bib"]
        assert query["client_id"] == [director.client_id]
    assert set(links(director.get(path, {"size": "7"}))) == {"first", "next", "last"}
    assert set(links(director.get(path, {"size": "7", "page": str(last_page)}))) == {"first", "prev", "last"}


def test_following_next_gives_the_next_page(director, event_id):
    path = f"/api/event/{event_id}/entry"
    first = director.get(path, {"size": "3", "columns": "entry_id"})
    following = director.get(path, {key: values[0] for key, values in links(first)["next"].items()})
    assert following.headers["X-Ctlive-Current-Rows"] == "4-6"
    assert list(following.json()["event_entry"][0]) == ["entry_id"]


@pytest.fixture()
def send(served_api, demo):
    def call(method, path, override=None, headers=None):
        headers = {**basic(*demo["director"]), **(headers or {})}
        if override is not None:
            headers["X-Http-Method-Override"] = override
        return requests.request(method, served_api.url + path, params={"client_id": demo["client_id"]},
                                headers=headers, timeout=30)
    return call


@pytest.mark.parametrize("method, override", [("POST", "PUT"), ("POST", "delete"), ("GET", "DELETE")])
def test_method_override_is_handled_as_the_method_it_names(send, method, override):
    """On a collection, where PUT and DELETE do not apply, the 405 names the overriding
    method: the request was handled as that method. (The served data is shared by the
    read-only tests, so nothing here may succeed; tests/test_api_writes.py runs a PUT.)"""
    response = send(method, "/api/event/1/race", override)
    assert response.status_code == 405
    body = response.json()["error"]
    assert body["code"] == "method_not_allowed" and body["details"]["method"] == override.upper()
    assert override.upper() in body["message"] and response.headers["Allow"] == "GET, HEAD, POST"


@pytest.mark.parametrize("method, override", [("GET", "PUT"), ("POST", "PATCH"), ("PUT", "DELETE"), ("GET", "")])
def test_any_other_override_is_400_naming_the_header(send, method, override):
    response = send(method, "/api/event.xml", override)
    assert response.status_code == 400
    body = error("xml", response)
    assert body["code"] == "invalid_method_override" and "X-Http-Method-Override" in body["message"]


def test_without_override_get_is_still_get(send):
    assert send("GET", "/api/event").status_code == 200


def raw_get(served_api, demo, path, params, accept_encoding):
    response = served_api.get(path, stream=True, params={"client_id": demo["client_id"], **params},
                              headers={**basic(*demo["director"]), "Accept-Encoding": accept_encoding})
    return response, response.raw.read(decode_content=False)


@pytest.mark.parametrize("accept_encoding, coding", [
    ("gzip", "gzip"), ("deflate", "deflate"), ("deflate, gzip", "deflate"),
    ("gzip;q=0.4, deflate;q=0.8", "deflate"), ("*", "gzip"), ("gzip;q=0, *", "deflate"),
    ("identity", None), ("gzip;q=0, deflate;q=0", None), ("br", None), ("", None),
])
def test_compression_follows_accept_encoding(served_api, demo, event_id, accept_encoding, coding):
    params = {"size": "100"}
    plain = served_api.get(f"/api/event/{event_id}/entry", params={"client_id": demo["client_id"], **params},
                           headers={**basic(*demo["director"]), "Accept-Encoding": "identity"}).content
    response, raw = raw_get(served_api, demo, f"/api/event/{event_id}/entry", params, accept_encoding)
    assert "Accept-Encoding" in response.headers["Vary"]
    assert response.headers.get("Content-Encoding") == coding
    decoders = {"gzip": gzip.decompress, "deflate": zlib.decompress, None: bytes}
    assert decoders[coding](raw) == plain
    if coding:
        assert int(response.headers["Content-Length"]) == len(raw) < len(plain)


def test_tiny_bodies_are_not_compressed(served_api, demo):
    response, raw = raw_get(served_api, demo, "/api/entry/999999999", {}, "gzip, deflate")
    assert response.status_code == 404 and len(raw) < 1024
    assert "Content-Encoding" not in response.headers
    assert "Accept-Encoding" in response.headers["Vary"]


@pytest.mark.parametrize("accept_language, language", [("es", "es"), ("es-MX,es;q=0.9,en;q=0.5", "es"),
                                                       ("fr, en;q=0.5", "en"), ("de", "en"), (None, "en")])
def test_content_language_follows_accept_language(director, accept_language, language):
    headers = {"Accept-Language": accept_language} if accept_language else {}
    response = director.get("/api/event", {"page": "abc"}, headers)
    assert response.headers["Content-Language"] == language
    message = response.json()["error"]["message"]
    expected = "page debe ser un número entero, no 'abc'." if language == "es" else \
        "page must be a whole number, not 'abc'."
    assert message == expected


def test_every_error_message_of_the_api_has_a_spanish_translation(director):
    headers = {"Accept-Language": "es"}
    messages = [director.get(path, params, headers).json()["error"]["message"] for path, params in [
        ("/api/nonsense", {}), ("/api/entry/999999999", {}), ("/api/event", {"format": "pdf"}),
        ("/api/event", {"columns": "shoe_size"}), ("/api/event", {"include_test_events": "maybe"}),
    ]]
    assert messages == [
        "Recurso 'nonsense' desconocido; recursos: " + messages[0].split("recursos: ")[1],
        "No tiene acceso a ningún recurso entry con id 999999999.",
        "Formato 'pdf' desconocido en el parámetro format; formatos admitidos: json, xml, yaml, csv, tsv.",
        "Columna 'shoe_size' desconocida para event.",
        "include_test_events debe ser un indicador (1/0, true/false, yes/no), no 'maybe'.",
    ]


def test_exactly_one_date_header_from_gunicorn(director):
    response = director.get("/api/event")
    assert len(response.raw.headers.getlist("Date")) == 1
    assert response.headers["Date"].endswith(" GMT")


def test_date_header_without_gunicorn(client):
    response = client.get("/api/event")
    assert response.status_code == 401 and response.headers["Date"].endswith(" GMT")
    assert response.headers["Content-Language"] == "en"


def test_authentication_errors_are_translated_too(served_api):
    response = served_api.get("/api/event", headers={"Accept-Language": "es"})
    assert response.status_code == 401 and response.headers["Content-Language"] == "es"
    assert response.json()["error"]["message"] == "El parámetro client_id es obligatorio en todas las peticiones."
