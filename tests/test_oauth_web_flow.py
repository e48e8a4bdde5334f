"""The OAuth2 web flow over real HTTP: sign in, consent, code, token, API call (SPEC §5)."""
from datetime import timedelta
from urllib.parse import urlencode

import pytest
import requests
from django.utils import timezone
from oauth2_provider.models import Grant

from api.oauth import token_checksum

from .oauth_flow import (
    REDIRECT_URI,
    Browser,
    api_get,
    grant_event,
    make_client,
    make_developer,
    redirect_query,
    site,  # noqa: F401  (fixture)
    token_by_get,
)

pytestmark = pytest.mark.django_db(transaction=True)


def authorize_path(client, state="opaque-state/with+chars"):
    query = urlencode({"response_type": "code", "client_id": client.client_id, "redirect_uri": REDIRECT_URI,
                       "state": state})
    return f"/oauth2/authorize?{query}"


def consent_page(base, developer, client):
    browser = Browser(base)
    page = browser.sign_in(developer, next_path=authorize_path(client))
    assert page.status_code == 200, page.text
    return browser, page


def authorization_code(base, developer, client):
    browser, page = consent_page(base, developer, client)
    return redirect_query(browser.submit(page, {"allow": "on"}, css_class="consent-form"))["code"]


def test_the_whole_web_flow_from_sign_in_to_an_api_call(site):
    developer = make_developer()
    client = make_client(developer, name="Finish line board")
    grant_event(developer, "Harbour 10K")
    browser = Browser(site)

    anonymous = browser.session.get(site + authorize_path(client), allow_redirects=False, timeout=30)
    assert anonymous.status_code == 302 and "/accounts/login?next=" in anonymous.headers["Location"]

    page = browser.sign_in(developer, next_path=authorize_path(client))
    assert page.url.startswith(site + "/oauth2/authorize")
    assert "Finish line board" in page.text
    assert "Read the events, races, entries and results your account can see" in page.text
    assert "/static/css/accounts.css" in page.text

    returned = redirect_query(browser.submit(page, {"allow": "on"}, css_class="consent-form"))
    assert returned["state"] == "opaque-state/with+chars"

    reply = exchange(site, client, returned["code"])
    assert reply.status_code == 200, reply.text
    token = reply.json()
    assert token["token_type"] == "Bearer" and token["refresh_token"]

    events = api_get(site, "/api/event", token["access_token"])
    assert events.status_code == 200, events.text
    assert [event["event_name"] for event in events.json()["event"]] == ["Harbour 10K"]


def test_denying_redirects_with_access_denied_and_the_state(site):
    developer = make_developer()
    client = make_client(developer)
    browser, page = consent_page(site, developer, client)
    returned = redirect_query(browser.submit(page, {}, css_class="consent-form"))
    assert returned["error"] == "access_denied"
    assert returned["state"] == "opaque-state/with+chars"
    assert "code" not in returned


@pytest.fixture()
def issued(site):
    """(client, a fresh authorization code) from a real sign-in and consent."""
    developer = make_developer()
    client = make_client(developer)
    return client, authorization_code(site, developer, client)


def exchange(base, client, code):
    return token_by_get(base, client, grant_type="authorization_code", code=code, redirect_uri=REDIRECT_URI)


def test_a_code_works_once(site, issued):
    first, again = exchange(site, *issued), exchange(site, *issued)
    assert first.status_code == 200, first.text
    assert again.status_code == 400
    assert again.json()["error"] == "invalid_grant"


def test_a_code_lives_ten_minutes(site, issued):
    code = issued[1]
    grant = Grant.objects.get(code=token_checksum(code))  # codes are stored as checksums
    assert timedelta(minutes=9) < grant.expires - timezone.now() <= timedelta(minutes=10)
    Grant.objects.filter(code=token_checksum(code)).update(expires=timezone.now() - timedelta(seconds=1))
    expired = exchange(site, *issued)
    assert expired.status_code == 400
    assert expired.json()["error"] == "invalid_grant"


def test_a_code_is_exchanged_by_a_standard_form_post_too(site, issued):
    client, code = issued
    reply = requests.post(f"{site}/oauth2/token", auth=client.basic, timeout=30,
                          data={"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT_URI})
    assert reply.status_code == 200, reply.text
    assert reply.json()["expires"].isdigit()


def test_an_unapproved_application_gets_no_consent_page(site):
    developer = make_developer()
    client = make_client(developer, approved=False)
    browser = Browser(site)
    page = browser.sign_in(developer, next_path=authorize_path(client))
    assert page.status_code == 400
    assert "waiting for approval" in page.text
    assert 'name="allow"' not in page.text
