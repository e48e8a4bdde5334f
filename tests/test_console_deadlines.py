"""Console calls have hard limits: one deadline for connect, headers and body, a cap on
calls at once per process and per visitor, and header values the HTTP library would
refuse are field errors before anything is sent. The dripping upstreams are on loopback,
opened to the console with CONSOLE_PERMITTED_NETWORKS."""
import socket
import threading
import time

import pytest
from django.test import Client

from console import choices, proxy
from console.credentials import Credentials
from console.environments import Environment
from console.forms import FormState, operation_by_id, validate

NO_CREDENTIALS = Credentials("bearer", "demo-client", "nobody@example.com", "not-a-real-token")
DEADLINE = 2


class Dripping:
    """A loopback server that answers one byte (or one header line) every `every` seconds."""

    def __init__(self, lines, every=0.5):
        self.lines, self.every, self.stop = lines, every, threading.Event()
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        threading.Thread(target=self.serve, daemon=True).start()

    def serve(self):
        self.server.settimeout(0.2)
        while not self.stop.is_set():
            try:
                connection, _ = self.server.accept()
            except OSError:
                continue
            threading.Thread(target=self.drip, args=(connection,), daemon=True).start()

    def drip(self, connection):
        with connection:
            try:
                connection.recv(65536)
                for piece in self.lines:
                    if self.stop.wait(self.every):
                        return
                    connection.sendall(piece)
            except OSError:
                pass

    def close(self):
        self.stop.set()
        self.server.close()


@pytest.fixture()
def limits(settings):
    settings.CONSOLE_PERMITTED_NETWORKS = ["127.0.0.0/8"]
    settings.CONSOLE_TOTAL_TIMEOUT = DEADLINE
    settings.CONSOLE_READ_TIMEOUT = 30


def call_to(upstream):
    environment = Environment("remote", f"http://127.0.0.1:{upstream.port}/api", local=False)
    return proxy.send(proxy.Call(environment, "GET", environment.base_url + "/event", []), "127.0.0.1",
                      NO_CREDENTIALS)


HEADER_LINES = [b"HTTP/1.1 200 OK\r\n"] + [b"X-Drip: %d\r\n" % n for n in range(100)]
BODY_BYTES = [b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n"] + [b"x"] * 100


@pytest.mark.parametrize("pieces", [HEADER_LINES, BODY_BYTES], ids=["header lines", "body bytes"])
def test_a_dripping_upstream_is_cut_at_the_total_deadline(limits, pieces):
    upstream = Dripping(pieces)
    try:
        started = time.monotonic()
        capture = call_to(upstream)
        elapsed = time.monotonic() - started
    finally:
        upstream.close()
    assert capture.error_kind == "timeout" and "total deadline" in capture.error
    assert DEADLINE <= elapsed < DEADLINE + 1.5


def test_calls_past_the_per_process_cap_are_refused_at_once(limits, settings):
    proxy.remote_calls.cache_clear()
    settings.CONSOLE_CALLS_PER_PROCESS = 1
    upstream = Dripping(HEADER_LINES)
    try:
        first = threading.Thread(target=call_to, args=(upstream,))
        first.start()
        time.sleep(0.3)
        started = time.monotonic()
        second = call_to(upstream)
        assert second.error_kind == "busy" and time.monotonic() - started < 0.5
        first.join()
    finally:
        upstream.close()
        proxy.remote_calls.cache_clear()


@pytest.mark.django_db
def test_a_visitor_over_the_calls_at_once_is_answered_429(settings):
    settings.CONSOLE_CALLS_PER_VISITOR = 0  # every call is one too many
    client = Client()
    client.get("/reference/event")
    response = client.post("/console/run", {"op": "get-event-list", "env": "production", "scheme": "test",
                                            "csrfmiddlewaretoken": client.cookies["csrftoken"].value})
    assert response.status_code == 429 and b"console calls at once" in response.content


@pytest.mark.parametrize("value", [" es", "\x85es", "es\x85", "espa\u00f1ol\u2028", "\u0100"])
def test_header_values_the_http_library_refuses_are_field_errors(value):
    operation = operation_by_id("get-event-list")
    state = FormState.from_data(operation, {"op": operation.operation_id, "env": "production",
                                            "h.accept_language": value})
    assert not validate(state)
    assert "h.accept_language" in state.errors


def test_the_id_chooser_takes_a_non_json_answer_as_no_ids(monkeypatch):
    answer = proxy.Capture(status=200, body=b"<html>not json</html>")
    monkeypatch.setattr(proxy, "send", lambda *args, **kwargs: answer)
    resource = choices.registry.get("event")
    environment = Environment("remote", "https://api.example.com/api", local=False)
    assert choices.fetch(resource, environment, "127.0.0.1", NO_CREDENTIALS) == []
