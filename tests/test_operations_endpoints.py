"""What the people who run the service and the tools around it use (issue 18): CORS on the
API and the token endpoint, /healthz and /readyz, one structured log line per request,
the job worker's progress, and Prometheus metrics by operation."""
import json
import logging
import os
import time

import pytest
import requests
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.test import override_settings

from api.operations import all_operations
from ctlive import health
from ctlive.metrics import operation_label

from .api_client import basic
from .served import free_port, start_server, stop_server

APP = "https://app.example.com"


@pytest.fixture()
def cors(settings):
    settings.CORS_ALLOWED_ORIGINS = [APP]


def preflight(client, path, origin=APP, method="GET", headers="authorization"):
    return client.options(path, headers={"Origin": origin, "Access-Control-Request-Method": method,
                                         "Access-Control-Request-Headers": headers})


@pytest.mark.parametrize("path", ["/api/event", "/api/event.json/1/race", "/oauth2/token", "/testing/api/event"])
def test_a_preflight_from_an_allowed_origin_is_answered(client, cors, path):
    response = preflight(client, path, method="POST", headers="authorization, content-type, x-http-method-override")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == APP
    allowed = {h.strip() for h in response["Access-Control-Allow-Headers"].split(",")}
    assert {"authorization", "content-type", "x-http-method-override"} <= allowed
    assert "POST" in response["Access-Control-Allow-Methods"]
    assert "Access-Control-Allow-Credentials" not in response


@pytest.mark.django_db
def test_an_api_answer_to_an_allowed_origin_exposes_the_paging_headers(client, cors, demo):
    response = client.get("/api/event", {"client_id": demo["client_id"]},
                          headers={"Origin": APP, **basic(*demo["director"])})
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == APP
    exposed = {h.strip().lower() for h in response["Access-Control-Expose-Headers"].split(",")}
    assert {"link", "x-ctlive-row-count", "last-modified", "x-request-id"} <= exposed


def test_other_origins_and_other_paths_get_no_cors_headers(client, cors):
    assert "Access-Control-Allow-Origin" not in preflight(client, "/api/event", origin="https://evil.example")
    assert "Access-Control-Allow-Origin" not in preflight(client, "/accounts/login")
    assert "Access-Control-Allow-Origin" not in preflight(client, "/oauth2/authorize")


def test_no_origin_is_allowed_by_default(client):
    assert settings.CORS_ALLOWED_ORIGINS == [] and not settings.CORS_ALLOW_CREDENTIALS
    assert "Access-Control-Allow-Origin" not in preflight(client, "/api/event")


def test_a_wildcard_origin_is_refused_by_the_checks():
    from django.core.checks import run_checks

    with override_settings(CORS_ALLOWED_ORIGINS=["*"]):
        assert any(message.id.startswith("corsheaders.") for message in run_checks())


def test_healthz_answers_without_credentials_or_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_needs_a_recent_job_worker_heartbeat(client, settings):
    cache.delete(health.HEARTBEAT_KEY)
    missing = client.get("/readyz")
    assert missing.status_code == 503
    checks = missing.json()["checks"]
    assert checks["database"]["ok"] and checks["cache"]["ok"] and not checks["job_worker"]["ok"]
    call_command("job_worker", once=True, verbosity=0)  # a real worker, one look at the queue
    ready = client.get("/readyz")
    assert ready.status_code == 200, ready.content
    assert ready.json()["status"] == "ready" and ready.json()["checks"]["job_worker"]["worker"]
    settings.JOB_WORKER_HEARTBEAT_SECONDS = 0
    time.sleep(0.05)
    assert client.get("/readyz").status_code == 503


@pytest.mark.django_db
def test_one_log_line_per_request_with_its_id_user_and_application(client, demo, caplog):
    with caplog.at_level(logging.INFO, logger="ctlive.requests"):
        answer = client.get("/api/event", {"client_id": demo["client_id"], "size": "1", "user_pass": "secret-in-query"},
                            headers=basic(*demo["director"]))
    lines = [r for r in caplog.records if r.name == "ctlive.requests"]
    assert len(lines) == 1
    line = lines[0]
    assert (line.request_id, line.method, line.path, line.status) == (answer["X-Request-Id"], "GET", "/api/event", 200)
    assert line.user and line.application and line.duration_ms > 0
    assert "secret-in-query" not in line.getMessage()


def json_formatter():
    """The formatter LOG_FORMAT=json configures, built from the settings as dictConfig does."""
    from pythonjsonlogger.json import JsonFormatter

    options = {k: v for k, v in settings.LOGGING["formatters"]["json"].items() if k != "()"}
    assert settings.LOGGING["formatters"]["json"]["()"] == "pythonjsonlogger.json.JsonFormatter"
    return JsonFormatter(**options)


@pytest.mark.django_db
def test_with_log_format_json_each_line_is_one_json_object(client, caplog):
    with caplog.at_level(logging.INFO, logger="ctlive.requests"):
        client.get("/healthz")
    record = next(r for r in caplog.records if r.name == "ctlive.requests")
    line = json.loads(json_formatter().format(record))
    assert {"request_id", "method", "path", "status", "duration_ms", "user", "application", "timestamp"} <= set(line)
    assert line["path"] == "/healthz" and line["status"] == 200 and line["levelname"] == "INFO"


@pytest.mark.django_db
def test_the_job_worker_logs_its_progress(client, demo, caplog, settings):
    from racing.models import Race

    settings.API_ASYNC_THRESHOLD, settings.JOB_CHUNK_ENTITIES = 3, 2
    race = Race.objects.first()
    body = [{"athlete_first_name": f"Job{n}", "athlete_last_name": "Logger"} for n in range(5)]
    response = client.post(f"/api/race/{race.pk}/entry?client_id={demo['client_id']}", data=json.dumps(body),
                           content_type="application/json", headers=basic(*demo["director"]))
    assert response.status_code == 202
    with caplog.at_level(logging.INFO, logger="api.jobs"):
        call_command("job_worker", once=True, verbosity=0)
    progress = [(r.getMessage().split(":")[0], r.done, r.total) for r in caplog.records if r.name == "api.jobs"]
    assert progress == [("job started", 0, 5), ("job progress", 2, 5), ("job progress", 4, 5),
                        ("job progress", 5, 5), ("job done", 5, 5)]


def test_every_operation_has_its_own_metrics_label():
    for operation in all_operations():
        assert operation_label(operation.method, operation.example_path().removeprefix("/api/")) == \
            operation.operation_id
    assert operation_label("GET", "no-such-thing/1") == "api-other"
    assert operation_label("GET", "event/1/nope") == "api-other"
    assert operation_label("GET", "job/7") == "get-job"


@pytest.fixture(scope="module")
def metered(served_api, tmp_path_factory):
    """The served demo site once more, with METRICS=1 and two workers sharing their metrics."""
    shared = tmp_path_factory.mktemp("prometheus")
    env = {**served_api.env, "METRICS": "1", "PROMETHEUS_MULTIPROC_DIR": str(shared)}
    port = free_port()
    process = start_server(env, port)
    yield f"http://127.0.0.1:{port}"
    stop_server(process)


def test_metrics_count_requests_and_latency_by_operation(metered, demo):
    for _ in range(3):
        requests.get(f"{metered}/api/event", params={"client_id": demo["client_id"]},
                     headers=basic(*demo["director"]), timeout=30)
    requests.get(f"{metered}/api/event/1/race", params={"client_id": demo["client_id"]},
                 headers=basic(*demo["director"]), timeout=30)
    text = requests.get(f"{metered}/metrics", timeout=30).text
    counted = [line for line in text.splitlines()
               if line.startswith("django_http_responses_total_by_status_view_method_total{")
               and 'view="get-event-list"' in line and 'status="200"' in line]
    assert counted and float(counted[0].rsplit(" ", 1)[1]) >= 3
    assert any(line.startswith("django_http_requests_latency_seconds_by_view_method_bucket{")
               and 'view="get-event-race"' in line for line in text.splitlines())


def test_metrics_are_off_by_default(served_api):
    assert os.environ.get("METRICS") is None
    assert served_api.get("/metrics").status_code == 404
