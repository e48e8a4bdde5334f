"""The rate limit (SPEC §8): a small limit on a server of its own, shared by its processes."""
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from django.test import RequestFactory, override_settings

from api.ratelimit import client_address

from .api_client import basic
from .served import free_port, start_server, stop_server
from .wire_readers import error

LIMIT = 12
WINDOW = 10 * 86400  # long, so that no window ends during the test


@pytest.fixture(scope="module")
def limited_api(served_api, tmp_path_factory):
    """The served database behind a second gunicorn (two worker processes) with a small limit
    and a cache directory of its own. It trusts the local peer as a proxy, so each test
    counts under an X-Forwarded-For address of its own."""
    env = {**served_api.env, "API_RATE_LIMIT_REQUESTS": str(LIMIT), "API_RATE_LIMIT_WINDOW_SECONDS": str(WINDOW),
           "API_TRUSTED_PROXIES": "127.0.0.1", "CACHE_DIR": str(tmp_path_factory.mktemp("rate-limit-cache"))}
    port = free_port()
    process = start_server(env, port, workers=2, threads=4)
    yield f"http://127.0.0.1:{port}"
    stop_server(process)


def get_from(address, url, **kwargs):
    headers = {"X-Forwarded-For": address, **kwargs.pop("headers", {})}
    return requests.get(url, headers=headers, timeout=60, **kwargs)


def use_up(limited_api, address):
    for _ in range(LIMIT):
        assert get_from(address, f"{limited_api}/api/event").status_code == 401


def test_over_the_limit_is_503_over_rate_until_the_window_ends(limited_api, demo):
    def call(_):
        return get_from("198.51.100.1", f"{limited_api}/api/event", params={"client_id": demo["client_id"]},
                        headers=basic(*demo["director"]))

    with ThreadPoolExecutor(max_workers=8) as pool:  # spread over both worker processes at once
        responses = list(pool.map(call, range(LIMIT + 8)))
    assert sorted(response.status_code for response in responses) == [200] * LIMIT + [503] * 8
    refused = next(response for response in responses if response.status_code == 503)
    assert refused.json()["error"]["code"] == "over_rate"
    assert 0 < int(refused.headers["Retry-After"]) <= WINDOW
    assert get_from("198.51.100.99", f"{limited_api}/api/event").status_code == 401, "other addresses go on"


def test_the_503_comes_in_the_requested_format_and_language(limited_api):
    use_up(limited_api, "198.51.100.2")
    response = get_from("198.51.100.2", f"{limited_api}/api/event.xml", headers={"Accept-Language": "es"})
    assert response.status_code == 503 and response.headers["Content-Language"] == "es"
    body = error("xml", response)
    assert body["code"] == "over_rate" and body["message"].startswith("Se ha superado el límite")
    assert body["details"] == {"limit": str(LIMIT), "window_seconds": str(WINDOW)}
    csv_response = get_from("198.51.100.2", f"{limited_api}/api/event", params={"format": "csv"})
    assert error("csv", csv_response)["code"] == "over_rate"


def test_the_token_endpoint_counts_too_and_other_pages_do_not(limited_api):
    use_up(limited_api, "198.51.100.3")
    token = requests.post(f"{limited_api}/oauth2/token/", headers={"X-Forwarded-For": "198.51.100.3"}, timeout=60)
    assert token.status_code == 503
    assert get_from("198.51.100.3", f"{limited_api}/admin/login/").status_code == 200


def request_from(peer, forwarded=None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return RequestFactory().get("/api/event", REMOTE_ADDR=peer, **headers)


def test_the_direct_peer_counts_by_default():
    assert client_address(request_from("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


@override_settings(API_TRUSTED_PROXIES=["10.0.0.0/8", "192.0.2.1"])
def test_behind_trusted_proxies_the_first_untrusted_forwarded_address_counts():
    assert client_address(request_from("10.1.2.3", "198.51.100.1, 192.0.2.1")) == "198.51.100.1"
    assert client_address(request_from("10.1.2.3", "6.6.6.6, 198.51.100.1")) == "198.51.100.1", \
        "addresses left of the one the proxy saw may be forged"
    assert client_address(request_from("10.1.2.3")) == "10.1.2.3"
    assert client_address(request_from("203.0.113.9", "198.51.100.1")) == "203.0.113.9", \
        "an untrusted peer's X-Forwarded-For is ignored"
