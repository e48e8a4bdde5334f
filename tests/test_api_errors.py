"""Error answers: format choice, methods, and the error envelope."""
import pytest

from .api_client import basic


@pytest.fixture()
def get(served_api, demo):
    def call(path, params=None, headers=None):
        return served_api.get(path, params={"client_id": demo["client_id"], **(params or {})},
                              headers={**basic(*demo["director"]), **(headers or {})})
    return call


def test_unknown_format_code_is_400_listing_supported_codes(get):
    for response in (get("/api/event.pdf"), get("/api/event", {"format": "pdf"})):
        assert response.status_code == 400
        error = response.json()["error"]
        assert error["code"] == "unsupported_format" and "json" in error["message"] and "pdf" in error["message"]


def test_accept_naming_only_unsupported_types_is_406(get):
    response = get("/api/event", headers={"Accept": "image/png, text/html;q=0.5"})
    assert response.status_code == 406
    assert response.json()["error"]["status"] == "406"


def test_accept_wildcards_and_q_values(get):
    assert get("/api/event", headers={"Accept": "text/html;q=0.9, */*;q=0.1"}).status_code == 200
    assert get("/api/event", headers={"Accept": "application/json;q=0"}).status_code == 406


def test_a_method_a_path_does_not_support_is_405_with_allow(served_api, demo):
    import requests

    response = requests.patch(f"{served_api.url}/api/event", params={"client_id": demo["client_id"]}, timeout=10)
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"]
    assert response.json()["error"]["code"] == "method_not_allowed"


def test_error_envelope_shape(get):
    error = get("/api/event/abc").json()["error"]
    assert set(error) >= {"status", "code", "message"}
    assert all(isinstance(value, str) for value in error.values() if not isinstance(value, dict))


def test_a_write_that_lost_to_a_concurrent_one_is_busy_not_a_server_error():
    """PostgreSQL's deadlock, serialization failure and lock timeout are a 503 to retry."""
    from django.db import OperationalError

    from api.errors import is_busy

    class DriverError(Exception):
        def __init__(self, sqlstate):
            self.sqlstate = sqlstate

    for sqlstate, busy in (("40P01", True), ("40001", True), ("55P03", True), ("23505", False)):
        problem = OperationalError("from the driver")
        problem.__cause__ = DriverError(sqlstate)
        assert is_busy(problem) is busy, sqlstate
    assert is_busy(OperationalError("database is locked"))
