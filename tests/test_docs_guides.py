"""The guides: every required topic is there, the facts that live in code are the code's,
and every command example works against the demo data on a real server."""
import html
import json
import re
import shlex
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.test import Client

from api import wire
from api.formats import FORMATS
from api.openapi import site_root
from api.operations import all_operations
from docsite import generated, guide_consoles
from docsite.guides import BLOCK, FILE_NAME, GUIDE_DIRECTORY, VALUE, expand, guide_named, guides

PROJECT = Path(__file__).resolve().parent.parent
REQUIRED = {
    "quickstart": ["1-a-first-call", "2-reading-the-paging-headers", "3-a-token-by-the-password-flow",
                   "4-writing-an-entry-in-the-testing-environment"],
    "overview": ["two-environments", "your-first-request"],
    "authentication": ["oauth-20-web-flow", "refreshing-a-token", "oauth-20-password-flow", "http-basic",
                       "test-scheme"],
    "formats": [fmt for fmt in FORMATS],
    "requests": ["methods", "the-address", "in-the-path", "in-the-query", "in-headers", "in-the-body",
                 "common-parameters"],
    "responses": ["status-codes", "headers", "pagination", "character-encoding"],
    "data-types": [],
    "rate-limiting": [],
    "errors": ["the-error-body", "error-codes"],
    "changelog": [settings.API_VERSION.replace(".", "")],
}
# Shell variables an example may use, and where the test gets them. An example that needs
# `$CODE` continues a browser sign-in (tests/test_oauth_web_flow.py covers that flow).
NEEDS_A_BROWSER = {"CODE"}
CODE_BLOCK = re.compile(r'<pre[^>]*><code(?: class="language-(\w+)")?>(.*?)</code></pre>', re.S)


def code_blocks(guide):
    return [(language or "", html.unescape(text).strip()) for language, text in CODE_BLOCK.findall(guide.html)]


@pytest.mark.django_db  # the overview says when testing was last refreshed; consoles look up the reader
def test_every_guide_file_is_named_for_its_place_and_renders():
    paths = sorted(GUIDE_DIRECTORY.glob("*.md"))
    assert paths and all(FILE_NAME.match(path.name) for path in paths)
    assert [guide.slug for guide in guides()] == list(REQUIRED)
    for guide in guides():
        assert guide.title and guide.summary, guide.slug
        assert Client().get(f"/guides/{guide.slug}").status_code == 200


@pytest.mark.parametrize("slug", list(REQUIRED))
def test_every_required_section_exists(slug):
    guide = guide_named(slug)
    anchors = [section.anchor for section in guide.sections]
    for anchor in REQUIRED[slug]:
        assert anchor in anchors, f"{slug}: no section #{anchor}"


def test_markers_are_all_known_and_replaced():
    operation_ids = {operation.operation_id for operation in all_operations()}
    for path in GUIDE_DIRECTORY.glob("*.md"):  # raises on an unknown marker
        expand(guide_consoles.extract(path.read_text(), operation_ids)[0], generated.values(), generated.BLOCKS)
    for guide in guides():
        assert not VALUE.search(guide.html) and not BLOCK.search(guide.html), guide.slug


def test_unknown_markers_are_errors():
    with pytest.raises(KeyError, match="nope"):
        expand("{{ nope }}", generated.values(), generated.BLOCKS)
    with pytest.raises(KeyError, match="nope"):
        expand("[[ nope ]]", generated.values(), generated.BLOCKS)


@pytest.mark.django_db
def test_environments_follow_the_address_the_visitor_used(settings):
    settings.ALLOWED_HOSTS = ["docs.example.test"]
    text = Client().get("/guides/overview", HTTP_HOST="docs.example.test:8443").content.decode()
    for path in ("/api", "/testing/api"):
        assert f"<code>http://docs.example.test:8443{path}</code>" in text
    assert "ctlive.invalid" not in text


def test_every_data_type_is_explained():
    text = guide_named("data-types").html
    for name, meaning in wire.DATA_TYPES.items():
        assert f"<code>{name}</code>" in text and html.escape(meaning, quote=False) in text


def test_every_format_shows_a_sample_written_by_its_renderer():
    blocks = dict(code_blocks(guide_named("formats")))
    for code, fmt in FORMATS.items():
        assert code in blocks, code
        assert blocks[code] == generated.format_sample(fmt).split("\n", 1)[1].rsplit("\n```", 1)[0].strip()
    assert blocks["xml"].count("<wave>") == 2 and blocks["csv"].startswith("wave_id,")


def test_the_changelog_names_the_current_version():
    assert f"<strong>{settings.API_VERSION}</strong>" in guide_named("changelog").html


def test_every_error_code_the_api_raises_is_explained():
    raised = set()
    for path in (PROJECT / "api").rglob("*.py"):
        source = path.read_text()
        raised |= set(re.findall(r'ApiError\(\s*\d{3},\s*"([a-z_]+)"', source))
        raised |= set(re.findall(r'unauthenticated\(\s*"([a-z_]+)"', source))
        raised |= set(re.findall(r'ApiError\(\s*\n\s*\d{3},\s*"([a-z_]+)"', source))
    text = guide_named("errors").html
    assert raised
    missing = sorted(code for code in raised if f"<code>{code}</code>" not in text)
    assert not missing, f"error codes missing from the errors guide: {missing}"


# --- Examples against a real server ---------------------------------------------------------


def curl_examples():
    """(guide, command, the JSON block shown right after it or None) for every curl example."""
    found = []
    for guide in guides():
        blocks = code_blocks(guide)
        for index, (_language, text) in enumerate(blocks):
            if text.startswith("curl "):
                following = blocks[index + 1] if index + 1 < len(blocks) else ("", "")
                found.append((guide.slug, text, following[1] if following[0] == "json" else None))
    return found


def as_request(command, variables, served_url):
    """The method, URL and headers of one of our curl commands (-i, -u, -H, -X)."""
    for name, value in variables.items():
        command = command.replace(f"${name}", value)
    words = shlex.split(command)[1:]
    method, headers, auth, url = "GET", {}, None, None
    while words:
        word = words.pop(0)
        if word == "-i":
            continue
        if word == "-X":
            method = words.pop(0)
        elif word == "-u":
            auth = tuple(words.pop(0).split(":", 1))
        elif word == "-H":
            name, _, value = words.pop(0).partition(":")
            headers[name] = value.strip()
        elif word.startswith(site_root()) and url is None:
            url = served_url + word[len(site_root()):]
        else:
            raise AssertionError(f"the examples test does not understand {word!r} in {command!r}")
    return method, url, headers, auth


EXAMPLES = curl_examples()


def test_there_are_examples_for_every_scheme():
    commands = " ".join(command for _, command, _ in EXAMPLES)
    for marker in ("-u '", "Authorization: Bearer", "user_pass=", "grant_type=password", "grant_type=refresh_token",
                   "grant_type=authorization_code"):
        assert marker in commands, marker


@pytest.fixture(scope="module")
def token_variables(served_api):
    """ACCESS_TOKEN and REFRESH_TOKEN from the guide's own password-flow example; the
    examples that answer with new tokens replace them."""
    command = next(command for _, command, _ in EXAMPLES if "grant_type=password" in command)
    method, url, headers, auth = as_request(command, {}, served_api.url)
    answer = requests.request(method, url, headers=headers, auth=auth, timeout=30)
    assert answer.status_code == 200, answer.text
    return {"ACCESS_TOKEN": answer.json()["access_token"], "REFRESH_TOKEN": answer.json()["refresh_token"]}


@pytest.mark.parametrize("slug, command, shown", EXAMPLES, ids=[f"{e[0]}-{i}" for i, e in enumerate(EXAMPLES)])
def test_every_example_works_against_the_demo_data(served_api, token_variables, slug, command, shown):
    variables = set(re.findall(r"\$([A-Z_]+)", command))
    if variables & NEEDS_A_BROWSER:
        pytest.skip("continues a browser sign-in; the web flow is tested in test_oauth_web_flow.py")
    assert variables <= set(token_variables), variables
    method, url, headers, auth = as_request(command, token_variables, served_api.url)
    response = requests.request(method, url, headers=headers, auth=auth, timeout=30, allow_redirects=False)
    if shown is None:
        assert response.status_code == 200, (command, response.text[:500])
    else:
        expected, answer = json.loads(shown), response.json()
        if "request_id" in expected.get("error", {}):  # a new id on every answer: the guide shows one
            assert answer["error"].pop("request_id") == response.headers["X-Request-Id"]
            expected["error"].pop("request_id")
        assert answer == expected, command
    answer = response.json() if "json" in response.headers["Content-Type"] else {}
    if "access_token" in answer:
        # A refresh retires the previous pair, so later examples go on with the new one,
        # as a reader following the guide would.
        token_variables.update(ACCESS_TOKEN=answer["access_token"], REFRESH_TOKEN=answer["refresh_token"])
