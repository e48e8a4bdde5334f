"""Live consoles inside the guides: every marker names a real operation, every API call a
guide shows can be run in place, the quick start's consoles come filled in for the reader
(with curl and Python from the console's own snippets), and a call sent from a guide
comes back to that guide with its result where the console is."""
import html
import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from oauth2_provider.models import Application

from console.forms import operations_by_id
from ctlive import base_urls
from docsite import search as site_search
from docsite.guide_consoles import MARKER, PLACED, Embed, extract
from docsite.guides import GUIDE_DIRECTORY, guide_named, guides
from tests.fresh_data import make_world

QUICK_START_STEPS = {  # step anchor → the operation its console runs
    "1-a-first-call": "get-event-list",
    "2-reading-the-paging-headers": "get-event-entry",
    "3-a-token-by-the-password-flow": "get-event",
    "4-writing-an-entry-in-the-testing-environment": "post-race-entry",
}
# Guides are rendered with the placeholder origin that each response replaces (ctlive/base_urls.py).
API_CURL = re.compile(r'<code class="language-sh">(curl [^<]*?' + re.escape(base_urls.placeholders().production)
                      + r'/[^<]*)</code>')


def test_every_marker_names_a_real_operation():
    markers = [match for path in GUIDE_DIRECTORY.glob("*.md") for match in MARKER.finditer(path.read_text())]
    assert len(markers) == sum(part.kind != "checklist" for guide in guides() for part in guide.parts
                               if isinstance(part, Embed))
    assert markers
    for match in markers:
        assert match.group(2) in operations_by_id(), match.group(0)


def test_an_unknown_operation_is_an_error():
    with pytest.raises(KeyError, match="get-nothing"):
        extract("[[ console get-nothing ]]", set(operations_by_id()))


def test_a_repeated_operation_links_to_its_first_console():
    _source, embeds = extract("[[ run-it get-event-list ]]\n\n[[ run-it get-event-list scheme=basic ]]",
                              set(operations_by_id()))
    assert [embed.repeat for embed in embeds] == [False, True]
    assert embeds[1].query == "op=get-event-list&scheme=basic"


def test_every_api_call_a_guide_shows_can_be_run_in_place():
    """Each curl example that calls the API is followed by a console (or a link to one)
    before the next example; token-endpoint examples have no operation to run."""
    for guide in guides():
        waiting = None
        for part in guide.parts:
            if isinstance(part, Embed):
                waiting = None
                continue
            for command in API_CURL.findall(part):
                assert waiting is None, f"{guide.slug}: no Run it after {waiting!r}"
                waiting = html.unescape(command)
        assert waiting is None, f"{guide.slug}: no Run it after {waiting!r}"


def test_placeholders_never_reach_the_page_or_the_search_index():
    for guide in guides():
        assert all(not PLACED.search(part) for part in guide.parts if isinstance(part, str))
        assert not any("ctlive-console" in text for section in guide.sections for text in section.text)
    assert not site_search.search("ctlive-console-placeholder", 5)


def test_the_quick_start_comes_first_and_has_a_console_in_each_step():
    assert guides()[0].slug == "quickstart"
    quick_start = guide_named("quickstart")
    anchors = [section.anchor for section in quick_start.sections]
    assert list(QUICK_START_STEPS) == [anchor for anchor in anchors if anchor in QUICK_START_STEPS]
    placed = [part for part in quick_start.parts if isinstance(part, Embed)]
    assert [part.kind for part in placed] == ["checklist"] + ["console"] * len(QUICK_START_STEPS)
    assert [part.operation_id for part in placed[1:]] == list(QUICK_START_STEPS.values())


def console_of(page, operation_id):
    start = page.index(f'<div class="guide-console" id="{operation_id}">')
    return page[start:page.index('<div class="guide-console"', start + 1)] if page.count(
        '<div class="guide-console"', start + 1) else page[start:]


def snippets_of(console):
    """The curl and Python snippets under an embedded console."""
    snippets = console[console.index('class="guide-snippets"'):]
    return re.findall(r'<code class="language-(?:curl|python)">(.*?)</code>', snippets[:snippets.index("</div>")], re.S)


@pytest.mark.django_db
def test_each_quick_start_console_is_prefilled_with_snippets_for_the_reader(client):
    page = html.unescape(client.get("/guides/quickstart").content.decode())
    base = settings.API_ENVIRONMENTS["production"]
    for operation_id in QUICK_START_STEPS.values():
        console = console_of(page, operation_id)
        assert f'id="console-form-{operation_id}"' in console
        assert f'name="guide" value="quickstart" form="console-form-{operation_id}"' in console
        for path_id in re.findall(rf'id="{operation_id}-p-\w+" name="p\.\w+" value="([^"]*)"', console):
            assert path_id.isdigit(), (operation_id, path_id)  # the first id the reader can see
        curl, python = snippets_of(console)
        assert curl.startswith("curl -i") and f"{base}/" in curl and f"client_id={settings.DEMO_CLIENT_ID}" in curl
        assert "import requests" in python and f"client_id={settings.DEMO_CLIENT_ID}" in python
        assert "YOUR_CLIENT_ID" not in curl + python
    testing = console_of(page, "post-race-entry")
    assert re.search(r'<option value="testing" selected>', testing)
    assert re.search(r'name="q.size" value="5"', console_of(page, "get-event-entry"))


@pytest.mark.django_db
def test_a_call_sent_from_a_guide_without_javascript_comes_back_to_the_guide(client):
    page = client.get("/guides/quickstart").content.decode()
    race_id = re.search(r'id="post-race-entry-p-race_id" name="p.race_id" value="(\d+)"', page).group(1)
    answer = client.post("/console/run", {
        "op": "post-race-entry", "guide": "quickstart", "env": "testing", "scheme": "bearer", "action": "send",
        "p.race_id": race_id, "ct": "json",
        "body": '[{"athlete_first_name": "Ines", "athlete_last_name": "Okafor", "entry_bib": "9901"}]'})
    shown = html.unescape(answer.content.decode())
    assert answer.status_code == 200 and '<h1 id="quick-start">' in shown
    console = console_of(shown, "post-race-entry")
    assert "200 OK" in console and '"status": "created"' in re.sub(r"<[^>]+>", "", console)
    assert 'class="console-result"' not in console_of(shown, "get-event-list")


@pytest.mark.django_db
def test_run_it_opens_folded_and_a_link_fills_the_first_console(client):
    page = client.get("/guides/authentication").content.decode()
    assert '<details class="guide-run-it"><summary>Run it</summary>' in page
    link = re.search(r'<a href="(/guides/authentication\?op=get-event-list&amp;scheme=basic)#get-event-list">Run it</a>',
                     page).group(1)
    opened = client.get(html.unescape(link)).content.decode()
    assert '<details class="guide-run-it" open>' in opened
    assert re.search(r'name="scheme" value="basic" checked', opened)
    answer = client.post("/console/run", {"op": "get-event-list", "guide": "errors", "env": "production",
                                          "q.page": "abc", "action": "send"})
    shown = answer.content.decode()
    assert answer.status_code == 400 and '<details class="guide-run-it" open>' in shown and "Errors" in shown


@pytest.mark.django_db
def test_a_signed_in_reader_gets_their_own_client_id_in_the_snippets():
    client_id, login, _password, _event, _race = make_world()
    application = Application.objects.get(client_id=client_id)
    application.user = get_user_model().objects.get(username=login)
    application.save()
    client = Client()
    client.force_login(application.user)
    page = html.unescape(client.get("/guides/quickstart").content.decode())
    snippets = " ".join(snippets_of(console_of(page, "get-event-list")))
    assert f"client_id={client_id}" in snippets and f"client_id={settings.DEMO_CLIENT_ID}" not in snippets

