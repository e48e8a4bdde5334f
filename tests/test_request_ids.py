"""X-Request-Id on every API and OAuth answer, in error bodies of every format, on log lines."""
import logging
import re

import pytest
from django.test import override_settings

from api.formats import FORMATS
from ctlive import request_id
from ctlive.request_id_middleware import RequestIdLogFilter

from .api_client import basic
from .wire_readers import error

pytestmark = pytest.mark.django_db
HEX_ID = re.compile(r"^[0-9a-f]{32}$")


@pytest.fixture()
def director(demo):
    return {"client_id": demo["client_id"]}, basic(*demo["director"])


def answers(client, director):
    """One answer of each status the API gives, with the call that made it."""
    query, auth = director
    yield 200, client.get("/api/event", query, headers=auth)
    yield 400, client.get("/api/event", {**query, "page": "abc"}, headers=auth)
    yield 401, client.get("/api/event", query)
    with override_settings(API_DAILY_QUOTA=0):
        yield 403, client.get("/api/event", query, headers=auth)
    yield 404, client.get("/api/no-such-thing", query, headers=auth)
    yield 405, client.patch("/api/event", query, headers=auth)
    yield 406, client.get("/api/event", query, headers={**auth, "Accept": "image/png"})
    with override_settings(API_MAX_BODY_BYTES=10):
        yield 413, client.post("/api/event/1/race?client_id=" + query["client_id"], '{"race_name": "Too long"}',
                               content_type="application/json", headers=auth)
    yield 415, client.post("/api/event/1/race?client_id=" + query["client_id"], "<p>hi</p>",
                           content_type="text/html", headers=auth)
    with override_settings(API_RATE_LIMIT_REQUESTS=0):
        yield 503, client.get("/api/event", query, headers=auth)


def test_every_status_carries_a_new_request_id_and_errors_carry_it_in_the_body(client, director):
    seen = set()
    statuses = []
    for status, response in answers(client, director):
        statuses.append(response.status_code)
        assert response.status_code == status, response.content
        assert HEX_ID.match(response["X-Request-Id"])
        seen.add(response["X-Request-Id"])
        if status >= 400:
            assert response.json()["error"]["request_id"] == response["X-Request-Id"]
    assert statuses == [200, 400, 401, 403, 404, 405, 406, 413, 415, 503]
    assert len(seen) == len(statuses), "a new id for every request"


@pytest.mark.parametrize("code", list(FORMATS))
def test_error_bodies_carry_the_request_id_in_every_format(client, director, code):
    query, auth = director
    response = client.get("/api/event/999999999", {**query, "format": code}, headers=auth)
    assert response.status_code == 404
    assert error(code, response)["request_id"] == response["X-Request-Id"]


def test_oauth_answers_carry_a_request_id(client):
    response = client.get("/oauth2/token", {"grant_type": "password"})
    assert HEX_ID.match(response["X-Request-Id"])


def test_an_incoming_id_is_kept_only_from_a_trusted_proxy(client, director):
    query, auth = director
    sent = {**auth, "X-Request-Id": "edge-4f1c2a9b"}
    assert client.get("/api/event", query, headers=sent)["X-Request-Id"] != "edge-4f1c2a9b"
    with override_settings(API_TRUSTED_PROXIES=["127.0.0.1"]):
        assert client.get("/api/event", query, headers=sent)["X-Request-Id"] == "edge-4f1c2a9b"
        malformed = {**auth, "X-Request-Id": "bad id\twith spaces"}
        assert HEX_ID.match(client.get("/api/event", query, headers=malformed)["X-Request-Id"])


def test_log_lines_name_the_request():
    record = logging.LogRecord("api", logging.ERROR, __file__, 1, "boom", None, None)
    token = request_id.bind("abc123")
    try:
        RequestIdLogFilter().filter(record)
    finally:
        request_id.reset(token)
    assert record.request_id == "abc123"
    RequestIdLogFilter().filter(record)
    assert record.request_id == "-"


def test_the_console_result_shows_the_id_of_the_api_call(client):
    response = client.post("/console/run", {"op": "get-event-list", "env": "production", "scheme": "bearer",
                                            "q.size": "1"}, HTTP_X_CONSOLE_FRAGMENT="1")
    shown = response.content.decode()
    found = re.search(r'class="console-request-id">Request id <code>([0-9a-f]{32})</code>', shown)
    assert found, shown[:2000]
    assert f"X-Request-Id</code></dt><dd><code>{found.group(1)}</code>" in shown


def test_the_error_line_of_a_4xx_answer_is_written_while_its_id_is_bound(client, director):
    seen = []

    class Probe(logging.Handler):
        def emit(self, record):
            seen.append(request_id.current())

    logger = logging.getLogger("django.request")
    probe = Probe()
    logger.addHandler(probe)
    try:
        response = client.get("/api/event", {**director[0], "page": "abc"}, headers=director[1])
    finally:
        logger.removeHandler(probe)
    assert seen == [response["X-Request-Id"]]
