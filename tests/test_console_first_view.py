"""Reference pages render each unopened try-it panel once per what it shows: every visitor
still sees their own identity, applications and environment, and their own CSRF token, with
which the form they were given works."""
import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

pytestmark = pytest.mark.django_db
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def page_of(client, path="/reference/event"):
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def run_from_page(client, html):
    """Sends the page's first form as a browser without the script would, with its token."""
    token = CSRF_INPUT.search(html).group(1)
    return client.post("/console/run", {"op": "get-event-list", "env": "testing", "scheme": "bearer",
                                        "csrfmiddlewaretoken": token}, HTTP_X_CONSOLE_FRAGMENT="1")


def test_each_visitor_gets_their_own_identity_and_a_token_that_works():
    anonymous, director, later = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True), \
        Client(enforce_csrf_checks=True)
    director.force_login(get_user_model().objects.get(username=settings.DEMO_DIRECTOR_EMAIL))
    first, signed_in, second = page_of(anonymous), page_of(director), page_of(later)
    assert "the shared test account" in first and "the shared test account" in second
    assert "the shared test account" not in signed_in
    assert f"you ({settings.DEMO_DIRECTOR_EMAIL})" in signed_in
    tokens = [set(CSRF_INPUT.findall(html)) for html in (first, signed_in, second)]
    assert all(len(found) == 1 for found in tokens), "one token per page, in every form"
    assert len(set().union(*tokens)) == 3, "each visitor's own token"
    for client, html in ((anonymous, first), (director, signed_in), (later, second)):
        response = run_from_page(client, html)
        assert response.status_code == 200, response.content[:300]
        assert "200 OK" in response.content.decode()


def test_an_opened_form_is_rendered_for_its_request():
    client = Client()
    page_of(client)  # the unopened panels, remembered
    opened = page_of(client, "/reference/event?op=get-event-list&env=testing&q.size=7")
    assert re.search(r'name="q\.size" value="7"', opened)
    assert not re.search(r'name="q\.size" value="7"', page_of(client))
