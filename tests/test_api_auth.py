"""Application and user authentication of API requests (SPEC §5, simple schemes)."""
import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.test import override_settings
from oauth2_provider.models import Application

from api.auth import schemes
from api.models import ApplicationPolicy

from .api_client import basic, sha1_hex


@pytest.fixture()
def path(served_api, demo):
    return "/api/event"


def test_basic_and_both_forms_of_the_test_scheme_authenticate(served_api, demo, path):
    login, password = demo["director"]
    client = {"client_id": demo["client_id"]}
    by_basic = served_api.get(path, params=client, headers=basic(login, password))
    plain = served_api.get(path, params={**client, "user_id": login, "user_pass": password})
    hashed = served_api.get(path, params={**client, "user_id": login, "user_pass": sha1_hex(password)})
    assert by_basic.status_code == plain.status_code == hashed.status_code == 200
    assert by_basic.json() == plain.json() == hashed.json()


@pytest.mark.parametrize("params, headers, code", [
    ({}, {}, "missing_client_id"),
    ({"client_id": "no-such-client"}, None, "invalid_client"),
    ({"client_id": "DEMO"}, {}, "missing_credentials"),
    ({"client_id": "DEMO", "user_id": "director@example.com", "user_pass": "wrong"}, {}, "invalid_credentials"),
    ({"client_id": "DEMO", "user_id": "director@example.com", "user_pass": sha1_hex("wrong")}, {},
     "invalid_credentials"),
    ({"client_id": "DEMO"}, {"Authorization": "Basic bm90LWJhc2U2NA"}, "invalid_credentials"),
])
def test_missing_or_wrong_credentials_are_401_naming_the_schemes(served_api, demo, path, params, headers, code):
    params = {key: demo["client_id"] if value == "DEMO" else value for key, value in params.items()}
    response = served_api.get(path, params=params, headers=basic(*demo["director"]) if headers is None else headers)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == code
    assert "Basic" in response.headers["WWW-Authenticate"]


@pytest.mark.django_db
def test_unapproved_application_is_refused_with_a_reason(client, demo):
    application = Application.objects.create(
        name="Waiting", client_id="waiting-app", client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE, redirect_uris="https://example.com/cb")
    ApplicationPolicy.objects.create(application=application, is_approved=False)
    response = client.get("/api/event", {"client_id": "waiting-app"}, headers=basic(*demo["director"]))
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unapproved_client"
    assert "approval" in response.json()["error"]["message"]


class CountingHasher:
    """Counts password verifications while the real hasher does the work."""

    calls = 0


@pytest.fixture()
def counted_checks(monkeypatch):
    real = schemes.check_password

    def counting(password, encoded, *args, **kwargs):
        CountingHasher.calls += 1
        return real(password, encoded, *args, **kwargs)

    CountingHasher.calls = 0
    caches["local"].clear()
    monkeypatch.setattr(schemes, "check_password", counting)
    return CountingHasher


@pytest.mark.django_db
def test_a_verified_credential_is_remembered_not_rehashed(client, demo, counted_checks):
    headers = basic(*demo["director"])
    for _ in range(3):
        assert client.get("/api/event", {"client_id": demo["client_id"]}, headers=headers).status_code == 200
    assert counted_checks.calls == 1


@pytest.mark.django_db
def test_the_memo_is_keyed_by_an_hmac_never_the_password(client, demo):
    caches["local"].clear()
    client.get("/api/event", {"client_id": demo["client_id"]}, headers=basic(*demo["director"]))
    stored_keys = " ".join(str(key) for key in caches["local"]._cache)
    assert demo["director"][1] not in stored_keys
    assert demo["director"][0] not in stored_keys


@pytest.mark.django_db
def test_a_wrong_password_is_never_remembered(client, demo, counted_checks):
    login, _ = demo["director"]
    for _ in range(2):
        response = client.get("/api/event", {"client_id": demo["client_id"]}, headers=basic(login, "nope-nope"))
        assert response.status_code == 401
    assert counted_checks.calls == 2


@pytest.mark.django_db
def test_changing_a_password_keeps_the_sha1_form_in_step(client, demo):
    user = get_user_model().objects.get(username=demo["test_user"][0])
    user.set_password("a-new-secret-9")
    user.save()
    caches["local"].clear()
    response = client.get("/api/event", {"client_id": demo["client_id"], "user_id": user.username,
                                         "user_pass": sha1_hex("a-new-secret-9")})
    assert response.status_code == 200


@pytest.mark.django_db
@override_settings(API_CREDENTIAL_MEMO_SECONDS=0)
def test_inactive_users_cannot_authenticate(client, demo):
    get_user_model().objects.filter(username=demo["test_user"][0]).update(is_active=False)
    caches["local"].clear()
    response = client.get("/api/event", {"client_id": demo["client_id"]}, headers=basic(*demo["test_user"]))
    assert response.status_code == 401
