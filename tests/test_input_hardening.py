"""No input gives a server error: whatever a client sends to /api or /oauth2, the answer is
the API's own error in the requested format (or a success), never a 500 and never HTML.

The cases the attacker's report named are checked one by one; then hypothesis generates
path segments, query values, headers and bodies in all five formats for every operation
of api/operations.py.
"""
import json
from urllib.parse import quote
from xml.etree import ElementTree

import pytest
import yaml
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from oauth2_provider.models import Application

from api.formats import FORMATS
from api.numerals import EPOCH_MAX
from api.oauth import issue_token
from api.operations import all_operations
from racing.models import Event

from .wire_readers import MEDIA_TYPES, READERS

pytestmark = pytest.mark.django_db

EXAMPLES = hypothesis_settings(max_examples=60, deadline=None, derandomize=True,
                               suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
OPERATIONS = all_operations()
READ_PATHS = sorted({op.example_path() for op in OPERATIONS if op.method == "GET"})
WRITE_OPERATIONS = [op for op in OPERATIONS if op.method in ("POST", "PUT")]


def error_status_in(fmt, text):
    """The status an error body states, read with an independent reader of `fmt`."""
    if fmt == "xml":
        root = ElementTree.fromstring(text)
        assert root.tag == "error", text
        return root.findtext("status")
    if fmt in ("csv", "tsv"):
        return READERS[fmt](text)[0]["status"]
    return READERS[fmt](text)["error"]["status"]


def assert_api_answer(response, fmt, expect_error=False):
    """Not a server error; an error is the API's own error body, in `fmt`."""
    assert response.status_code < 500, response.content[:500]
    content_type = response.get("Content-Type", "")
    if response.status_code >= 400 or expect_error:
        assert 400 <= response.status_code < 500, response.content[:500]
        assert content_type.split(";")[0] == MEDIA_TYPES[fmt], (content_type, response.content[:300])
        assert error_status_in(fmt, response.content.decode("utf-8")) == str(response.status_code)


@pytest.fixture()
def bearer():
    """A Bearer header of the demo director: reads and writes, no slow password hash."""
    user = get_user_model().objects.get(email=settings.DEMO_DIRECTOR_EMAIL)
    application = Application.objects.get(client_id=settings.DEMO_CLIENT_ID)
    return {"HTTP_AUTHORIZATION": f"Bearer {issue_token(user, application)['access_token']}"}


@pytest.mark.parametrize("path", ["/api/event/%C2%B2", "/api/event/%D9%A1", "/api/event/%EF%BC%91",
                                  "/api/event/%0A", "/api/event/1%0A", "/api/%0A", "/api/event%0A/1",
                                  "/api/event/99999999999999999999", "/oauth2/nothing-here"])
@pytest.mark.parametrize("fmt", list(FORMATS))
def test_ids_are_ascii_digits_and_unknown_paths_are_the_api_404(bearer, path, fmt):
    response = Client().get(path, HTTP_ACCEPT=MEDIA_TYPES[fmt], **bearer)
    assert response.status_code == 404
    assert_api_answer(response, fmt)


@pytest.mark.parametrize("name", ["modified_after", "modified_before"])
@pytest.mark.parametrize("value", [str(EPOCH_MAX + 1), "1e17", "-1", "inf", "nan", "١٢", "1" * 5000])
def test_epoch_parameters_are_limited_to_what_the_database_holds(bearer, name, value):
    response = Client().get("/api/event", {name: value}, **bearer)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["details"] == {"parameter": name}
    assert str(EPOCH_MAX) in error["message"] and name in error["message"]


def test_the_last_representable_second_is_accepted(bearer):
    assert Client().get("/api/event", {"modified_before": str(EPOCH_MAX)}, **bearer).status_code == 200


def test_a_page_far_past_the_end_is_empty_not_an_overflow(bearer):
    response = Client().get("/api/event", {"page": "9" * 60}, **bearer)
    assert response.status_code == 200 and response.json()["event"] == []


def post_event(bearer, body, content_type="application/json"):
    return Client().post("/api/event", data=body, content_type=content_type, **bearer)


@pytest.mark.parametrize("body, code", [
    (b"[" * 100_000, "body_too_deep"),
    (b'{"event_name": ' + b"7" * 5000 + b"}", "malformed_body"),
    (b'{"event_name": 1e999999}', "malformed_body"),
    (b'{"event_name": NaN}', "malformed_body"),
    (b'{"event_name": "x\\ud800y"}', "invalid_value"),
    (b'{"event_name": "x\\u0000y"}', "invalid_value"),
])
def test_json_bodies_are_read_with_limits_and_nothing_is_written(bearer, body, code):
    before = Event.objects.count()
    response = post_event(bearer, body)
    assert response.status_code == 400, response.content[:300]
    error = response.json()["error"]
    assert error["code"] == code
    if code == "invalid_value":
        assert error["details"] == {"field": "event_name"}
    assert Event.objects.count() == before


@pytest.mark.parametrize("fmt, body", [
    ("yaml", 'event_name: "x\\0y"\n'), ("yaml", "event_name: .inf\n"), ("yaml", "event_name: 2020-13-45\n"),
    ("yaml", "event_name: 1" + "0" * 5000 + "\n"), ("yaml", "[" * 20_000),
    ("csv", "event_name\r\nx\x00y\r\n"), ("tsv", "event_name\r\nx\x00y\r\n"),
    ("xml", "<event><event_name>x&#0;y</event_name></event>"), ("xml", "<a>" * 50_000 + "</a>" * 50_000),
])
def test_every_body_format_refuses_what_cannot_be_stored(bearer, fmt, body):
    before = Event.objects.count()
    response = post_event(bearer, body.encode("utf-8"), MEDIA_TYPES[fmt])
    assert response.status_code == 400, response.content[:300]
    assert Event.objects.count() == before


# --- generated input ------------------------------------------------------------------

formats = st.sampled_from(list(FORMATS))
# Besides any encodable text: NUL, lone surrogates and the line breaks of other scripts.
any_text = st.text(st.characters(codec="utf-8") | st.sampled_from(["\x00", "\ud800", "\udfff", "\x85", "\u2028"]),
                   max_size=40)
segments = st.lists(st.text(st.characters(codec="utf-8", exclude_characters="./?#"), min_size=1, max_size=12),
                    min_size=1, max_size=4)


@EXAMPLES
@given(parts=segments, fmt=formats)
def test_any_path_without_credentials_is_a_4xx_in_the_requested_format(parts, fmt):
    path = "/api/" + "/".join(quote(part, safe="") for part in parts)
    assert_api_answer(Client().get(path, HTTP_ACCEPT=MEDIA_TYPES[fmt]), fmt, expect_error=True)


@EXAMPLES
@given(parts=segments, fmt=formats)
def test_any_path_with_credentials_is_answered_by_the_api(bearer, parts, fmt):
    path = "/api/" + "/".join(quote(part, safe="") for part in parts)
    assert_api_answer(Client().get(path, {"format": fmt}, **bearer), fmt)


QUERY_NAMES = ["page", "size", "last_id", "modified_after", "modified_before", "columns", "interval", "bracket",
               "include_test_events", "include_test_entries", "include_not_wants_results", "elide_json", "mode",
               "client_id", "user_id", "user_pass", "anything"]


@EXAMPLES
@given(path=st.sampled_from(READ_PATHS), query=st.dictionaries(st.sampled_from(QUERY_NAMES), any_text, max_size=4),
       fmt=formats)
def test_any_query_value_is_answered_by_the_api(bearer, path, query, fmt):
    query = {**query, "format": fmt}
    assert_api_answer(Client().get(path, query, **bearer), fmt)


header_values = st.text(st.characters(codec="latin-1", exclude_characters="\r\n"), max_size=40)
HEADER_NAMES = ["HTTP_ACCEPT_LANGUAGE", "HTTP_ACCEPT_ENCODING", "HTTP_X_HTTP_METHOD_OVERRIDE", "HTTP_DATE",
                "HTTP_IF_MODIFIED_SINCE", "HTTP_X_FORWARDED_FOR", "CONTENT_TYPE", "HTTP_AUTHORIZATION"]


@EXAMPLES
@given(path=st.sampled_from(READ_PATHS), headers=st.dictionaries(st.sampled_from(HEADER_NAMES), header_values,
                                                                 max_size=3), fmt=formats)
def test_any_header_value_is_answered_by_the_api(bearer, path, headers, fmt):
    response = Client().get(path, {"format": fmt, "client_id": settings.DEMO_CLIENT_ID}, **{**bearer, **headers})
    assert_api_answer(response, fmt)


scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), any_text,
                    st.text(st.characters(codec="utf-8", categories=["Nd", "No"]), min_size=1, max_size=6))
entities = st.dictionaries(st.text(st.characters(codec="utf-8"), min_size=1, max_size=20) | st.sampled_from(
    ["event_name", "event_start_time", "race_id", "entry_bib", "interval_distance", "event_id"]), scalars,
    max_size=4)


def encoded(fmt, data):
    """`data` (a list of entities) in `fmt`, as a careless client might write it."""
    if fmt == "json":
        return json.dumps(data, allow_nan=True)
    if fmt == "yaml":
        return yaml.safe_dump(data, allow_unicode=False)
    if fmt == "xml":
        rows = "".join("<item>" + "".join(f"<{name}>{value}</{name}>" for name, value in row.items()) + "</item>"
                       for row in data)
        return f"<list>{rows}</list>"
    separator = "," if fmt == "csv" else "\t"
    names = sorted({name for row in data for name in row})
    lines = [separator.join(names)] + [separator.join(str(row.get(name, "")) for name in names) for row in data]
    return "\r\n".join(lines) + "\r\n"


@EXAMPLES
@given(operation=st.sampled_from(WRITE_OPERATIONS), data=st.lists(entities, max_size=3), body_fmt=formats,
       reply_fmt=formats)
def test_any_body_in_any_format_is_answered_by_the_api(bearer, operation, data, body_fmt, reply_fmt):
    body = encoded(body_fmt, data).encode("utf-8", "surrogatepass")
    method = getattr(Client(), operation.method.lower())
    response = method(f"{operation.example_path()}?format={reply_fmt}", data=body,
                      content_type=MEDIA_TYPES[body_fmt], **bearer)
    assert_api_answer(response, reply_fmt)


@EXAMPLES
@given(body=st.binary(max_size=200), body_fmt=formats)
def test_any_bytes_as_a_body_are_answered_by_the_api(bearer, body, body_fmt):
    response = Client().post("/api/event?format=json", data=body, content_type=MEDIA_TYPES[body_fmt], **bearer)
    assert_api_answer(response, "json")
