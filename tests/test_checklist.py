"""The developer checklist ticks each step from what the developer did: the application's
approval, a console call, a console write in testing (not production), and a token asked
for from outside the console; it shows on the account page and atop the quick start."""
import re
from html import unescape

import pytest
import requests
from django.contrib.auth import get_user_model
from django.test import Client
from oauth2_provider.models import Application

from api.models import ApplicationPolicy
from ctlive import environment
from docsite.checklist import steps
from racing.models import Event, EventGrant, Race
from tests.api_client import basic
from tests.fresh_data import make_world

FRAGMENT = {"HTTP_X_CONSOLE_FRAGMENT": "1"}


def ticks(user):
    return [step.done for step in steps(user)]


def shown_ticks(page):
    """The ticks of the checklist on a page, as the visitor reads them."""
    section = page[page.index('<section class="checklist"'):]
    return [state == "is-done" for state in re.findall(r'class="checklist-step (is-done|is-open)"',
                                                       section[:section.index("</section>")])]


def send(client, op, **fields):
    data = {"op": op, "scheme": "bearer", "action": "send", **{k.replace("__", "."): v for k, v in fields.items()}}
    return client.post("/console/run", data, **FRAGMENT)


def race_in_testing(user):
    """A race the developer may write to in the testing environment's own database."""
    with environment.using(environment.TESTING):
        event = Event.objects.create(name="Fresh Test Event")
        EventGrant.objects.create(user=user, event=event, can_write=True)
        return Race.objects.create(event=event, name="Fresh Test 5K", course_distance=5000)


@pytest.mark.django_db(transaction=True, databases="__all__")
def test_each_step_ticks_from_what_the_developer_did(live_server):
    client_id, login, password, event, race = make_world()
    user = get_user_model().objects.get(username=login)
    application = Application.objects.get(client_id=client_id)
    assert ticks(user) == [True, False, False, False, False]
    assert steps(user)[1].how == "Register an application."
    application.user = user
    application.save()
    ApplicationPolicy.objects.filter(application=application).update(is_approved=False)
    assert steps(user)[1].how.startswith("Waiting for staff")
    ApplicationPolicy.objects.filter(application=application).update(is_approved=True)
    assert ticks(user) == [True, True, False, False, False]

    client = Client()
    client.force_login(user)
    assert "200 OK" in unescape(send(client, "get-event-list", env="production").content.decode())
    assert ticks(user) == [True, True, True, False, False]
    body = '[{"athlete_first_name": "Kim", "athlete_last_name": "Lee", "entry_bib": "%s"}]'
    send(client, "post-race-entry", env="production", p__race_id=str(race.pk), ct="json", body=body % "1")
    assert ticks(user) == [True, True, True, False, False]  # a write, but not in testing
    send(client, "post-race-entry", env="testing", p__race_id="999999", ct="json", body=body % "2")
    assert ticks(user) == [True, True, True, False, False]  # refused: no such race
    send(client, "post-race-entry", env="testing", p__race_id=str(race_in_testing(user).pk), ct="json", body=body % "3")
    assert ticks(user) == [True, True, True, True, False]

    application.client_secret = "fresh-secret"  # hashed on save; known here to call as the developer's program
    application.save()
    token = requests.post(f"{live_server.url}/oauth2/token", auth=(client_id, "fresh-secret"), timeout=30,
                          data={"grant_type": "password", "username": login, "password": password})
    assert token.status_code == 200, token.text
    assert ticks(user) == [True, True, True, True, True]

    for path in ("/accounts/applications", "/guides/quickstart"):
        assert shown_ticks(client.get(path).content.decode()) == [True] * 5, path


@pytest.mark.django_db
def test_the_checklist_is_for_signed_in_developers_only(client):
    assert 'class="checklist"' not in client.get("/guides/quickstart").content.decode()


@pytest.mark.django_db
def test_the_checklist_alone_for_the_page_script(client):
    assert 'class="checklist"' not in client.get("/checklist").content.decode()
    _client_id, login, _password, _event, _race = make_world()
    client.force_login(get_user_model().objects.get(username=login))
    answer = client.get("/checklist")
    assert answer["Cache-Control"] == "no-store" and shown_ticks(answer.content.decode()) == [True] + [False] * 4


@pytest.mark.django_db
def test_a_call_from_the_developers_own_program_ticks_the_last_step(client):
    """Seen through the API request log: any call the console did not send."""
    client_id, login, password, _event, _race = make_world()
    user = get_user_model().objects.get(username=login)
    assert not ticks(user)[4]
    reply = client.get("/api/event", {"client_id": client_id}, headers=basic(login, password))
    assert reply.status_code == 200
    assert ticks(user)[4]
