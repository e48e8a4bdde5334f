"""The API request log: every call recorded once, secrets masked, bodies of writes and
errors kept, retention purged. In process the rows are written inline (tests/conftest.py);
the background writer is exercised by the served tests (tests/test_my_requests.py)."""
import json
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings
from django.utils import timezone

from support import request_log
from support.masking import MASK, masked_headers, masked_query, masked_text
from support.models import ApiRequest, SharedResult

from .api_client import basic, sha1_hex
from .support_world import stored_text

pytestmark = pytest.mark.django_db


def only_row(request_id):
    rows = list(ApiRequest.objects.filter(request_id=request_id))
    assert len(rows) == 1, rows
    return rows[0]


def test_a_read_is_recorded_with_who_what_and_how_long(client, demo):
    login, password = demo["director"]
    response = client.get("/api/event", {"client_id": demo["client_id"], "size": "2"}, headers={
        **basic(login, password), "User-Agent": "probe/1.0"})
    row = only_row(response["X-Request-Id"])
    assert (row.method, row.path, row.status, row.environment) == ("GET", "/api/event", 200, "production")
    assert row.user.username == login and row.application.client_id == demo["client_id"]
    assert row.client_address == "127.0.0.1" and row.user_agent == "probe/1.0"
    assert row.response_bytes == len(response.content) and row.duration_ms > 0
    assert row.request_body == row.response_body == ""  # a successful read keeps no body
    assert ["Authorization", f"Basic {MASK}"] in row.request_headers
    assert password not in json.dumps(row.request_headers)


def test_an_error_keeps_its_code_and_bodies_and_the_test_scheme_password_is_masked(client, demo):
    login, password = demo["director"]
    for secret in (password, sha1_hex(password)):
        response = client.get("/api/event", {"client_id": demo["client_id"], "user_id": login, "user_pass": secret,
                                             "page": "abc"})
        row = only_row(response["X-Request-Id"])
        assert row.status == 400 and row.error_code == "invalid_parameter"
        assert f"user_pass={MASK}" in row.query and secret not in row.query
        assert json.loads(row.response_body)["error"]["request_id"] == row.request_id
        assert secret not in row.response_body  # the Link of a list would echo the query


def test_a_write_keeps_the_request_body(client, demo):
    response = client.post(f"/api/event/1/race?client_id={demo['client_id']}", '{"race_name": "", "password": "p1"}',
                           content_type="application/json", headers=basic(*demo["director"]))
    row = only_row(response["X-Request-Id"])
    assert row.method == "POST" and '"race_name"' in row.request_body and "p1" not in row.request_body
    assert row.response_body and row.request_bytes == len('{"race_name": "", "password": "p1"}')


def test_oauth_token_requests_are_recorded_with_secrets_masked(client, demo):
    login, password = demo["director"]
    response = client.get("/oauth2/token", {"grant_type": "password", "username": login, "password": password},
                          headers=basic(demo["client_id"], "demo-secret"))
    assert response.status_code == 200
    token = response.json()["access_token"]
    row = only_row(response["X-Request-Id"])
    assert row.client_id == demo["client_id"] and row.application is not None
    stored = stored_text(row)
    for secret in (password, token, response.json()["refresh_token"], "demo-secret"):
        assert secret not in stored


def test_a_console_call_is_recorded_once_as_from_the_console(client):
    before = ApiRequest.objects.count()
    response = client.post("/console/run", {"op": "get-event-list", "env": "production", "scheme": "test",
                                            "q.size": "1"}, HTTP_X_CONSOLE_FRAGMENT="1")
    assert response.status_code == 200
    assert ApiRequest.objects.count() == before + 1
    row = ApiRequest.objects.first()
    assert row.via_console and row.status == 200 and f"user_pass={MASK}" in row.query


def test_the_log_can_be_turned_off(client, demo):
    with override_settings(API_LOG_ENABLED=False):
        response = client.get("/api/event", {"client_id": demo["client_id"]}, headers=basic(*demo["director"]))
    assert not ApiRequest.objects.filter(request_id=response["X-Request-Id"]).exists()


def test_rows_past_retention_are_purged(client, demo):
    response = client.get("/api/event", {"client_id": demo["client_id"]})
    row = only_row(response["X-Request-Id"])
    ApiRequest.objects.filter(pk=row.pk).update(time=timezone.now() - timedelta(days=15))
    fresh = only_row(client.get("/api/event", {"client_id": demo["client_id"]})["X-Request-Id"])
    owner = row.user or get_user_model().objects.create_user("sharer@example.com", "sharer@example.com", "x-pass-123")
    now = timezone.now()
    for token, expires in (("old", now - timedelta(seconds=1)), ("new", now + timedelta(days=1))):
        SharedResult.objects.create(token_hash=token, owner=owner, expires=expires, request_line="GET /api/event")
    with override_settings(API_LOG_RETENTION_DAYS=14):
        assert request_log.purge() >= 1
    assert not ApiRequest.objects.filter(pk=row.pk).exists() and ApiRequest.objects.filter(pk=fresh.pk).exists()
    assert list(SharedResult.objects.values_list("token_hash", flat=True)) == ["new"]


@pytest.mark.parametrize("content_type, body", [
    ("application/json", '{"a": 1, "user_pass": "s3cret", "nested": [{"access_token": "s3cret"}]}'),
    ("application/json", '{"refresh_token": "s3cr'),  # cut short
    ("application/xml", "<entry><password>s3cret</password></entry>"),
    ("application/yaml", "entry:\n  client_secret: s3cret\n"),
    ("text/csv", "entry_bib,password\r\n12,s3cret\r\n"),
    ("text/tab-delimited-values", "entry_bib\tcode\r\n12\ts3cret\r\n"),
    ("application/x-www-form-urlencoded", "grant_type=authorization_code&code=s3cret&redirect_uri=x"),
])
def test_masking_covers_every_format(content_type, body):
    assert "s3cr" not in masked_text(body, content_type)


def test_masking_of_queries_and_headers():
    assert masked_query("client_id=a&user_pass=x1&Code=x2") == f"client_id=a&user_pass={MASK}&Code={MASK}"
    shown = masked_headers([("Authorization", "Bearer abc"), ("Cookie", "s=1"), ("X-CSRFToken", "t"),
                            ("Location", "https://cb.example/?code=abc&state=1")])
    assert shown == [["Authorization", f"Bearer {MASK}"], ["Cookie", MASK], ["X-CSRFToken", MASK],
                     ["Location", f"https://cb.example/?code={MASK}&state=1"]]


def test_a_compressed_body_is_kept_decoded_even_from_a_cut_prefix():
    import gzip

    body = json.dumps({"race": [{"race_name": f"Race {n}", "status": "created"} for n in range(2000)]}).encode()
    compressed = gzip.compress(body)
    start = request_log.decoded(compressed[: len(compressed) // 2], "gzip")
    assert start and body.startswith(start)
    assert request_log.decoded(body, "") == body
