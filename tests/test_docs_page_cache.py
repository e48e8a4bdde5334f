"""Docs pages are kept rendered per kind of visitor (docsite/page_cache.py) and each request
fills in its own parts: visitors one after another on the same pages each see their own
identity, CSRF token, consoles and checklist, the checklist ticks at once, and no slot
marker reaches a page."""
import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

from api.registry import registry
from docsite.guides import guides
from docsite.slots import SLOT_MARK
from tests.test_checklist import send, shown_ticks

pytestmark = pytest.mark.django_db
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
EXPECTED_IDENTITY = {
    "anonymous": f"the shared test account ({settings.DEMO_TEST_USER_EMAIL}), which sees only the test events",
    "director": f"you ({settings.DEMO_DIRECTOR_EMAIL})", "staff": f"you ({settings.DEMO_STAFF_EMAIL})"}
EXPECTED_IDENTITY["anonymous again"] = EXPECTED_IDENTITY["anonymous"]
PAGES = ["/", "/reference/", *(f"/reference/{r.segment}" for r in registry), *(f"/guides/{g.slug}" for g in guides())]


def text(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def signed_in(email):
    client = Client()
    client.force_login(get_user_model().objects.get(username=email))
    return client


@pytest.mark.parametrize("path", PAGES)
def test_each_visitor_in_turn_sees_their_own_parts_of_a_kept_page(path):
    visitors = {"anonymous": Client(), "director": signed_in(settings.DEMO_DIRECTOR_EMAIL),
                "staff": signed_in(settings.DEMO_STAFF_EMAIL), "anonymous again": Client()}
    pages = {name: text(client, path) for name, client in visitors.items()}
    tokens = {name: set(CSRF_INPUT.findall(page)) for name, page in pages.items()}
    assert all(len(found) == 1 for found in tokens.values()), "one token per page, in every form"
    assert len(set().union(*tokens.values())) == len(visitors), "each visitor's own token"
    for name, page in pages.items():
        assert SLOT_MARK not in page
        assert ("Sign out" in page) == (name in ("director", "staff"))
        if 'class="console-identity"' in page:
            runs_as = set(re.findall(r'<p class="console-identity">Calls run as ([^<]*?)(?: —|\. The server)', page))
            assert runs_as == {EXPECTED_IDENTITY[name]}, (name, runs_as)


def test_the_quick_start_checklist_ticks_at_once():
    client = signed_in(settings.DEMO_DIRECTOR_EMAIL)
    before = shown_ticks(text(client, "/guides/quickstart"))
    assert not before[2], "no console call yet"
    assert send(client, "get-event-list", env="testing").status_code == 200
    after = shown_ticks(text(client, "/guides/quickstart"))
    assert after[2] and after[0]
    assert 'class="checklist"' not in text(Client(), "/guides/quickstart"), "the checklist is for signed-in people"


def test_a_kept_page_follows_the_theme_and_language_of_the_visitor():
    client = Client()
    plain = text(client, "/reference/event")
    client.cookies["theme"] = "dark"
    assert 'data-theme="dark"' in text(client, "/reference/event") and 'data-theme="dark"' not in plain
    spanish = Client(HTTP_ACCEPT_LANGUAGE="es").get("/reference/event")
    assert spanish["Content-Language"] == "es" and spanish.content.decode() != plain
