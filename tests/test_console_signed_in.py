"""The console for signed-in people: a working console at once (a personal console
application when they have no approved one), the test events on the first call, an empty
list that says why, and writes to production only when confirmed (never for anonymous)."""
import re
from html import unescape

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from oauth2_provider.models import Application

from console.applications import NAME, client_id_of
from racing.demo import TEST_EVENT_NAMES
from tests.signup_mail import confirm_in_process

pytestmark = pytest.mark.django_db
FRAGMENT = {"HTTP_X_CONSOLE_FRAGMENT": "1"}
PASSWORD = "fresh-visitor-pass-1"


def run(client, op, env="testing", **fields):
    data = {"op": op, "env": env, "scheme": "bearer", **{k.replace("__", "."): v for k, v in fields.items()}}
    return client.post("/console/run", data, **FRAGMENT)


def shown(response):
    return unescape(re.sub(r"<[^>]+>", "", response.content.decode()))


def sign_up(client, email="journey@example.com"):
    response = client.post("/accounts/signup", {
        "username": email, "email": email, "password1": PASSWORD, "password2": PASSWORD,
        "app-name": "Journey app", "app-redirect_uris": "https://example.com/cb"})
    assert response.status_code == 302
    assert confirm_in_process(client, email).status_code == 200
    return get_user_model().objects.get(username=email)


def test_the_director_without_an_application_gets_a_personal_console_application_at_once():
    director = get_user_model().objects.get(username=settings.DEMO_DIRECTOR_EMAIL)
    assert not Application.objects.filter(user=director).exists()
    client = Client()
    client.force_login(director)
    page = shown(client.get("/reference/event"))
    assert "Your personal console application" in page
    response = run(client, "get-event-list", q__size="5")
    text = shown(response)
    assert response.status_code == 200 and "200 OK" in text
    assert f"Sent through the application {NAME} (client_id {client_id_of(director)}) to testing" in text
    assert "Lakeshore City Marathon" in text
    assert NAME in shown(client.get("/accounts/applications"))  # listed in My applications


@pytest.mark.parametrize("env", ["testing", "production"])
def test_a_new_developer_reads_the_test_events_in_both_environments(env, settings):
    settings.AUTO_APPROVE_APPLICATIONS = False  # their own application waits for staff
    client = Client()
    sign_up(client)
    text = shown(run(client, "get-event-list", env=env))
    assert "200 OK" in text
    for name in TEST_EVENT_NAMES:
        assert name in text
    assert "The list is empty" not in text


def test_an_empty_list_says_why_and_how_access_is_granted():
    client = Client()
    sign_up(client)
    event_id = re.search(r'"event_id":\s*"(\d+)"', shown(run(client, "get-event-list"))).group(1)
    text = shown(run(client, "get-event-entry", p__event_id=event_id, q__modified_after="4102444800"))
    assert "The list is empty" in text and "event grant" in text


def test_anonymous_visitors_default_to_testing_and_cannot_write_to_production():
    client = Client()
    page = client.get("/reference/entry").content.decode()
    form = re.search(r'id="console-form-post-event-entry".*?</form>', page, re.S).group(0)
    assert re.search(r'<option value="testing"[^>]*selected', page)
    assert 'value="production"' not in re.search(r'name="env".*?</select>', form, re.S).group(0)
    response = run(client, "post-event-entry", env="production", p__event_id="1", ct="json", body="[]")
    assert response.status_code == 400 and "Anonymous visitors send writes to testing only" in shown(response)


def test_a_signed_in_write_to_production_needs_the_confirmation_box():
    client = Client()
    client.force_login(get_user_model().objects.get(username=settings.DEMO_DIRECTOR_EMAIL))
    page = client.get("/reference/entry").content.decode()
    assert 'name="confirm_production" value="1"' in page
    response = run(client, "delete-entry", env="production", p__entry_id="999999999")
    assert response.status_code == 400 and "Tick the box to confirm" in shown(response)
    confirmed = run(client, "delete-entry", env="production", p__entry_id="999999999", confirm_production="1")
    assert "404" in shown(confirmed)  # sent: the API answered (no such entry)
