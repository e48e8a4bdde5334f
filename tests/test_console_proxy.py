"""The console's proxy refuses what it must: other hosts and ports, private and metadata
addresses, non-HTTP schemes, followed redirects, paths that climb out of the API, CR/LF
in headers, and bodies over the cap."""
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.test import override_settings

from console import proxy
from console.credentials import Credentials
from console.environments import BadEnvironment, Environment, environments
from console.target import Refused, checked_headers, checked_url

NO_CREDENTIALS = Credentials("bearer", "demo-client", "nobody@example.com", "not-a-real-token")


def remote(base_url):
    return Environment("remote", base_url, local=False)


def send(environment, path="/event", headers=()):
    return proxy.send(proxy.Call(environment, "GET", environment.base_url + path, list(headers)), "127.0.0.1",
                      NO_CREDENTIALS)


class Upstream(BaseHTTPRequestHandler):
    """A real HTTP server: /moved redirects elsewhere, /big sends 3 MB."""

    hits = []
    received = []

    def do_GET(self):
        Upstream.hits.append(self.path)
        Upstream.received = list(self.headers.items())
        if self.path.startswith("/api/moved"):
            self.send_response(302)
            self.send_header("Location", "http://example.org/elsewhere")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = b"x" * (3 * 1024 * 1024)
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture()
def upstream():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Upstream)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    Upstream.hits = []
    yield f"http://127.0.0.1:{server.server_address[1]}/api"
    server.shutdown()
    server.server_close()


def test_loopback_on_another_port_is_refused(upstream):
    capture = send(remote(upstream))
    assert capture.error_kind == "refused" and "loopback" in capture.error
    assert Upstream.hits == []


def test_cloud_metadata_address_is_refused():
    capture = send(remote("http://169.254.169.254/api"))
    assert capture.error_kind == "refused" and "link-local" in capture.error and "metadata" in capture.error


@pytest.mark.parametrize("address", ["10.0.0.8", "192.168.1.1", "[::1]", "0.0.0.0", "[::ffff:127.0.0.1]"])
def test_private_addresses_are_refused(address):
    assert send(remote(f"http://{address}/api")).error_kind == "refused"


def test_file_and_other_schemes_are_refused():
    with override_settings(API_ENVIRONMENTS={"local": "file:///etc/passwd"}):
        with pytest.raises(BadEnvironment, match="http or https"):
            environments("http://testserver")
    environment = remote("https://api.example.com/api")
    for url in ("file:///etc/passwd", "ftp://api.example.com/api/event", "//evil.example/api/event",
                "https://evil.example/api/event", "https://api.example.com@evil.example/api/event"):
        with pytest.raises(Refused):
            checked_url(environment, url)


def test_redirect_is_shown_not_followed(upstream):
    with override_settings(CONSOLE_PERMITTED_NETWORKS=["127.0.0.1/32"]):
        capture = send(remote(upstream), "/moved")
    assert capture.status == 302 and capture.header("Location") == "http://example.org/elsewhere"
    assert Upstream.hits == ["/api/moved?client_id=demo-client"]


@pytest.mark.parametrize("path", ["/../admin/", "/event/..", "/%2e%2e/admin", "/%2E%2e/admin", "/event%2f..%2fadmin",
                                  "/event%5c..", "/event\\..\\admin", "//evil.example/api", "/./event"])
def test_traversal_is_refused(path):
    environment = remote("https://api.example.com/api")
    with pytest.raises(Refused):
        checked_url(environment, environment.base_url + path)
    assert send(environment, path).error_kind == "refused"


def test_paths_outside_the_api_are_refused():
    environment = remote("https://api.example.com/api")
    for url in ("https://api.example.com/admin/", "https://api.example.com/apix/event", "https://api.example.com/"):
        with pytest.raises(Refused, match="under /api"):
            checked_url(environment, url)
    assert checked_url(environment, "https://api.example.com/api/event?size=2")


@pytest.mark.parametrize("name, value", [("Accept", "text/csv\r\nX-Injected: 1"), ("Accept-Language", "es\nX: 1"),
                                         ("Bad\r\nName", "x"), ("Accept", "a\x00b")])
def test_header_injection_is_refused(name, value):
    with pytest.raises(Refused):
        checked_headers([(name, value)])
    assert send(remote("https://api.example.com/api"), headers=[(name, value)]).error_kind == "refused"


def test_body_over_the_cap_is_cut(upstream):
    with override_settings(CONSOLE_PERMITTED_NETWORKS=["127.0.0.1/32"], CONSOLE_MAX_RESPONSE_BYTES=1024 * 1024):
        capture = send(remote(upstream), "/big")
    assert capture.status == 200 and capture.cut
    assert len(capture.body) == 1024 * 1024


def test_unresolvable_host_is_named():
    capture = send(remote("https://no-such-host.invalid/api"))
    assert capture.error_kind == "refused" and "no-such-host.invalid" in capture.error


def test_refused_connection_is_explained(upstream):
    port = upstream.split(":")[2].split("/")[0]
    with override_settings(CONSOLE_PERMITTED_NETWORKS=["127.0.0.1/32"]):
        capture = send(remote(f"http://127.0.0.1:{int(port) + 1 if int(port) < 65535 else 1}/api"))
    assert capture.error_kind in ("connection", "timeout") and capture.error


def test_the_request_shown_is_the_request_sent(upstream):
    with override_settings(CONSOLE_PERMITTED_NETWORKS=["127.0.0.1/32"]):
        capture = send(remote(upstream), "/moved", headers=[("Accept", "text/csv"), ("Accept-Language", "es")])
    assert sorted(capture.sent.headers) == sorted(Upstream.received)
    assert ("Authorization", "Bearer not-a-real-token") in capture.sent.headers
