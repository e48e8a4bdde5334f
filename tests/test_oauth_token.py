"""The token and revocation endpoints over real HTTP (SPEC §5): grants, lifetimes, client
authentication, revocation, and what reaches the logs."""
import logging
import time
from datetime import timedelta

import pytest
import requests
from django.utils import timezone
from oauth2_provider.models import AccessToken

from api.oauth import issue_token, token_checksum

from .oauth_flow import (
    api_get,
    make_client,
    make_developer,
    password_token,
    site,  # noqa: F401  (fixture)
    token_by_get,
)

pytestmark = pytest.mark.django_db(transaction=True)

HOURS_72 = 72 * 3600
YEAR = timedelta(days=365)


def refresh(base, client, refresh_token):
    return token_by_get(base, client, grant_type="refresh_token", refresh_token=refresh_token)


def issued_at(token, when):
    """Backdates a token pair as if issued at `when` (its refresh expiry counts from there)."""
    stored = AccessToken.objects.filter(token_checksum=token_checksum(token["access_token"]))
    assert stored.update(expires=when + timedelta(seconds=HOURS_72)) == 1


def test_password_flow_by_get_returns_the_documented_fields(site):
    developer = make_developer()
    client = make_client(developer)
    token = password_token(site, client, developer)
    assert token["token_type"] == "Bearer"
    assert token["expires_in"] == HOURS_72
    assert isinstance(token["expires"], str) and abs(int(token["expires"]) - (time.time() + HOURS_72)) < 60
    assert token["scope"] == "read write"
    assert token["access_token"] and token["refresh_token"]
    assert api_get(site, "/api/event", token["access_token"]).status_code == 200


def test_tokens_are_stored_only_as_checksums(site):
    developer = make_developer()
    token = password_token(site, make_client(developer), developer)
    stored = AccessToken.objects.get()
    assert stored.token == "" and stored.token_checksum == token_checksum(token["access_token"])


def test_refresh_rotates_and_the_old_refresh_token_stops_working(site):
    developer = make_developer()
    client = make_client(developer)
    first = password_token(site, client, developer)
    second = refresh(site, client, first["refresh_token"])
    assert second.status_code == 200, second.text
    assert second.json()["refresh_token"] != first["refresh_token"]
    assert second.json()["expires"].isdigit()
    again = refresh(site, client, first["refresh_token"])
    assert again.status_code == 400 and again.json()["error"] == "invalid_grant"
    assert refresh(site, client, second.json()["refresh_token"]).status_code == 200


def test_a_refresh_token_lives_one_year_from_issue_and_not_longer(site):
    developer = make_developer()
    client = make_client(developer)
    young, old = password_token(site, client, developer), password_token(site, client, developer)
    issued_at(young, timezone.now() - YEAR + timedelta(minutes=1))
    issued_at(old, timezone.now() - YEAR)
    assert refresh(site, client, young["refresh_token"]).status_code == 200
    expired = refresh(site, client, old["refresh_token"])
    assert expired.status_code == 400 and expired.json()["error"] == "invalid_grant"


def test_a_wrong_secret_is_refused(site):
    developer = make_developer()
    client = make_client(developer)
    reply = token_by_get(site, client, basic=(client.client_id, "not-the-secret"), grant_type="password",
                         username=developer.email, password=developer.password)
    assert reply.status_code == 401
    assert reply.json()["error"] == "invalid_client"


def test_a_secret_with_reserved_characters_works_url_encoded_as_rfc_6749_asks(site):
    developer = make_developer()
    client = make_client(developer, secret="a+b/c%d:e f")
    fields = {"grant_type": "password", "username": developer.email, "password": developer.password}
    assert token_by_get(site, client, **fields).status_code == 200
    unencoded = token_by_get(site, client, basic=(client.client_id, client.secret), **fields)
    assert unencoded.status_code == 401


def test_the_client_secret_is_refused_in_the_url(site):
    developer = make_developer()
    client = make_client(developer)
    reply = requests.get(f"{site}/oauth2/token", timeout=30, params={
        "grant_type": "password", "username": developer.email, "password": developer.password,
        "client_id": client.client_id, "client_secret": client.secret})
    assert reply.status_code == 400
    assert "HTTP Basic" in reply.json()["error_description"]


def test_an_unapproved_application_gets_no_token(site):
    developer = make_developer()
    client = make_client(developer, approved=False)
    reply = token_by_get(site, client, grant_type="password", username=developer.email, password=developer.password)
    assert reply.status_code == 401
    assert "waiting for approval" in reply.json()["error_description"]


def test_revoking_an_access_token_ends_it_at_once(site):
    developer = make_developer()
    client = make_client(developer)
    token = password_token(site, client, developer)
    assert api_get(site, "/api/event", token["access_token"]).status_code == 200
    revoked = requests.post(f"{site}/oauth2/revoke", auth=client.basic, timeout=30,
                            data={"token": token["access_token"], "token_type_hint": "access_token"})
    assert revoked.status_code == 200
    refused = api_get(site, "/api/event", token["access_token"])
    assert refused.status_code == 401
    assert 'error="invalid_token"' in refused.headers["WWW-Authenticate"]


def test_revoking_a_refresh_token_ends_it_and_its_access_token(site):
    developer = make_developer()
    client = make_client(developer)
    token = password_token(site, client, developer)
    revoked = requests.post(f"{site}/oauth2/revoke", auth=client.basic, timeout=30,
                            data={"token": token["refresh_token"], "token_type_hint": "refresh_token"})
    assert revoked.status_code == 200
    assert refresh(site, client, token["refresh_token"]).status_code == 400
    assert api_get(site, "/api/event", token["access_token"]).status_code == 401


def test_no_secret_of_a_token_request_reaches_the_logs(site, caplog):
    caplog.set_level(logging.DEBUG)
    developer = make_developer()
    client = make_client(developer)
    token = password_token(site, client, developer)
    renewed = refresh(site, client, token["refresh_token"]).json()
    token_by_get(site, client, basic=(client.client_id, "wrong-secret"), grant_type="password",
                 username=developer.email, password=developer.password)
    # What the server logged; urllib3 lines are the test's own client logging its URLs.
    logged = "\n".join(record.getMessage() for record in caplog.records if not record.name.startswith("urllib3"))
    assert "Unauthorized: /oauth2/token" in logged  # the failed request was logged, by path only
    for secret in (developer.password, client.secret, "wrong-secret", token["access_token"],
                   token["refresh_token"], renewed["access_token"], renewed["refresh_token"]):
        assert secret not in logged


def test_a_token_issued_server_side_for_the_console_works_like_an_endpoint_token(site):
    developer = make_developer()
    client = make_client(developer)
    token = issue_token(developer.user, client.application)
    assert token["token_type"] == "Bearer" and token["scope"] == "read write"
    assert abs(int(token["expires"]) - (time.time() + HOURS_72)) < 60
    assert api_get(site, "/api/event", token["access_token"]).status_code == 200
    assert refresh(site, client, token["refresh_token"]).status_code == 200
