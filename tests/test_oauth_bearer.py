"""Bearer tokens on the API and the daily quota, over real HTTP (SPEC §5)."""
import time
from datetime import timedelta

import pytest
import requests
from django.utils import timezone
from oauth2_provider.models import AccessToken

from api.models import ApplicationPolicy

from .oauth_flow import (
    api_get,
    grant_event,
    make_client,
    make_developer,
    password_token,
    site,  # noqa: F401  (fixture)
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture()
def holder(site):
    """A developer with one event, an approved application and a token."""
    developer = make_developer()
    grant_event(developer)
    client = make_client(developer)
    return developer, client, password_token(site, client, developer)["access_token"]


def error_of(response):
    return response.json()["error"]


def test_the_token_names_the_application_so_client_id_may_be_left_out(site, holder):
    _, client, token = holder
    assert api_get(site, "/api/event", token).json()["event"][0]["event_name"] == "Harbour 10K"
    assert api_get(site, "/api/event", token, client_id=client.client_id).status_code == 200


def test_a_client_id_of_another_application_is_refused(site, holder):
    developer, _, token = holder
    other = make_client(developer, name="Another app")
    response = api_get(site, "/api/event", token, client_id=other.client_id)
    assert response.status_code == 401
    assert error_of(response)["code"] == "client_mismatch"


def test_an_expired_token_is_refused_with_a_bearer_challenge(site, holder):
    token = holder[2]
    AccessToken.objects.update(expires=timezone.now() - timedelta(seconds=1))
    response = api_get(site, "/api/event", token)
    assert response.status_code == 401
    assert error_of(response)["code"] == "invalid_token"
    assert "expired" in error_of(response)["message"]
    assert response.headers["WWW-Authenticate"].startswith('Bearer realm="ctlive",error="invalid_token"')


def test_a_bearer_header_wins_over_other_credentials(site, holder):
    developer, client, _ = holder
    response = api_get(site, "/api/event", "not-a-token", client_id=client.client_id,
                       user_id=developer.email, user_pass=developer.password)
    assert response.status_code == 401
    assert error_of(response)["code"] == "invalid_token"


def test_a_disabled_user_cannot_use_their_token(site, holder):
    developer, _, token = holder
    developer.user.is_active = False
    developer.user.save()
    assert api_get(site, "/api/event", token).status_code == 401


def test_a_token_of_an_application_no_longer_approved_is_refused(site, holder):
    _, client, token = holder
    ApplicationPolicy.objects.filter(application=client.application).update(is_approved=False)
    response = api_get(site, "/api/event", token)
    assert response.status_code == 401
    assert error_of(response)["code"] == "unapproved_client"


def test_without_credentials_the_challenge_names_bearer_and_basic(site, holder):
    response = requests.get(f"{site}/api/event", params={"client_id": holder[1].client_id}, timeout=30)
    assert response.status_code == 401
    assert "Bearer" in response.headers["WWW-Authenticate"] and "Basic" in response.headers["WWW-Authenticate"]


def test_over_the_daily_quota_is_a_403_naming_the_limit_and_the_reset(site, holder, settings):
    settings.API_DAILY_QUOTA = 3
    token = holder[2]
    assert [api_get(site, "/api/event", token).status_code for _ in range(3)] == [200, 200, 200]
    response = api_get(site, "/api/event", token)
    assert response.status_code == 403
    error = error_of(response)
    resets_at = (int(time.time()) // 86400 + 1) * 86400
    assert error["code"] == "over_quota"
    assert "3 requests" in error["message"] and str(resets_at) in error["message"]
    assert error["details"]["resets_at"] == str(resets_at)
    assert error["details"]["resets_at_iso"].endswith("T00:00:00Z")
    assert 0 < int(response.headers["Retry-After"]) <= 86400


def test_an_application_quota_overrides_the_default_for_that_application_only(site, holder):
    developer, client, token = holder
    ApplicationPolicy.objects.filter(application=client.application).update(daily_quota=1)
    other = make_client(developer, name="Another app")
    other_token = password_token(site, other, developer)["access_token"]
    assert api_get(site, "/api/event", token).status_code == 200
    assert api_get(site, "/api/event", token).status_code == 403
    assert api_get(site, "/api/event", other_token).status_code == 200


@pytest.mark.parametrize("header, code", [
    ("Bearer", "missing_client_id"),  # no token at all: not the Bearer scheme
    ("Bearer x", "invalid_token"),
    ("bearer unknown-token", "invalid_token"),
])
def test_a_missing_or_unknown_token_is_refused(site, header, code):
    response = requests.get(f"{site}/api/event", headers={"Authorization": header}, timeout=30)
    assert response.status_code == 401
    assert error_of(response)["code"] == code
