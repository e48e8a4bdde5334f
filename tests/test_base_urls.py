"""Every URL the site shows follows the address the visitor used (unless API_PRODUCTION_URL /
API_TESTING_URL name one): guides, reference examples, the console's request, Link headers,
snippets and the OpenAPI servers. X-Forwarded-* counts only from a trusted proxy."""
import json
import re
from html import unescape

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db
HOST = "docs.example.test:8443"


@pytest.fixture()
def visitor(settings):
    settings.ALLOWED_HOSTS = ["docs.example.test", "127.0.0.1"]
    return Client(HTTP_HOST=HOST)


def test_openapi_servers_are_production_and_testing_at_the_visitors_address(visitor):
    servers = json.loads(visitor.get("/api/openapi.json").content)["servers"]
    assert servers == [{"url": f"http://{HOST}/api", "description": "Production"},
                       {"url": f"http://{HOST}/testing/api", "description": "Testing"}]
    assert f"http://{HOST}/testing/api" in visitor.get("/api/openapi.yaml").content.decode()


def test_configured_urls_win(visitor, settings):
    settings.API_ENVIRONMENTS = {"production": "https://api.example.com/api", "testing": ""}
    from api import openapi

    openapi.document.cache_clear(), openapi.as_json.cache_clear()
    try:
        servers = json.loads(visitor.get("/api/openapi.json").content)["servers"]
    finally:
        openapi.document.cache_clear(), openapi.as_json.cache_clear()
    assert [s["url"] for s in servers] == ["https://api.example.com/api", f"http://{HOST}/testing/api"]


def test_reference_page_console_and_snippets_show_the_visitors_address(visitor):
    page = unescape(visitor.get("/reference/event").content.decode())
    assert "ctlive.invalid" not in page and "127.0.0.1:8000" not in page
    assert f"testing — http://{HOST}/testing/api" in page
    response = visitor.post("/console/run", {"op": "get-event-list", "env": "testing", "scheme": "bearer",
                                             "q.size": "1"}, HTTP_X_CONSOLE_FRAGMENT="1")
    shown = unescape(response.content.decode())
    assert f"GET http://{HOST}/testing/api/event?" in shown
    assert f"<http://{HOST}/testing/api/event?" in shown  # the Link header the API sent
    code_page = re.search(r'data-snippets-url="([^"]+)"', shown).group(1)  # the result's "Code" section
    code = unescape(visitor.get(code_page, HTTP_X_CONSOLE_FRAGMENT="1").content.decode())
    snippets = re.findall(r'<code id="[^"]*-snippet-[a-z]+">(.*?)</code>', code, re.S)
    texts = [unescape(re.sub("<[^>]+>", "", s)) for s in snippets]
    # the token command first, then the call in eight languages
    assert len(texts) == 9 and f"http://{HOST}/oauth2/token" in texts[0], texts
    assert all(f"http://{HOST}/testing/api/event" in text for text in texts[1:]), texts


def test_forwarded_headers_count_only_from_a_trusted_proxy(settings):
    settings.ALLOWED_HOSTS = ["internal"]
    forwarded = {"HTTP_HOST": "internal:8000", "HTTP_X_FORWARDED_PROTO": "https",
                 "HTTP_X_FORWARDED_HOST": "docs.example.com", "REMOTE_ADDR": "10.0.0.5"}
    untrusted = json.loads(Client().get("/api/openapi.json", **forwarded).content)["servers"][0]["url"]
    assert untrusted == "http://internal:8000/api"
    settings.API_TRUSTED_PROXIES = ["10.0.0.0/8"]
    trusted = json.loads(Client().get("/api/openapi.json", **forwarded).content)["servers"][0]["url"]
    assert trusted == "https://docs.example.com/api"
