"""The documentation site as a whole: every page renders, every internal link and anchor
resolves, pages load only this site's assets, search finds fields, the theme is remembered."""
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
from django.test import Client

from api.registry import registry
from docsite.guides import guides

PROJECT = Path(__file__).resolve().parent.parent
ASSET_BUDGET_BYTES = 60 * 1024


class Page(HTMLParser):
    """The links, ids, scripts, styles and headings of one HTML page."""

    def __init__(self, text):
        super().__init__()
        self.links, self.ids, self.assets, self.inline, self.h1 = [], set(), [], [], 0
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if "style" in attrs:
            self.inline.append(f"style attribute on <{tag}>")
        if any(name.startswith("on") for name in attrs):
            self.inline.append(f"event handler on <{tag}>")
        if tag == "a" and "href" in attrs:
            self.links.append(attrs["href"])
        if tag == "script":
            if "src" in attrs:
                self.assets.append(attrs["src"])
            else:
                self.inline.append("inline <script>")
        if tag == "style":
            self.inline.append("<style> element")
        if tag == "link" and attrs.get("rel") == "stylesheet":
            self.assets.append(attrs["href"])
        if tag == "h1":
            self.h1 += 1


def every_page():
    return (["/", "/reference/", "/search?q=bib"] + [f"/guides/{guide.slug}" for guide in guides()]
            + [f"/reference/{resource.segment}" for resource in registry])


@pytest.fixture(scope="module")
def pages(django_db_setup, django_db_blocker):
    """Every page once; reference pages read the database for their try-it forms."""
    client = Client()
    found = {}
    with django_db_blocker.unblock():
        for url in every_page():
            response = client.get(url)
            assert response.status_code == 200, url
            found[url] = Page(response.content.decode())
    return found


def test_every_page_has_one_h1_and_no_inline_script_or_style(pages):
    for url, page in pages.items():
        assert page.h1 == 1, url
        assert page.inline == [], url


def test_pages_load_only_this_sites_assets(pages):
    for url, page in pages.items():
        assert page.assets, url
        assert all(asset.startswith("/static/") for asset in page.assets), (url, page.assets)


def test_the_sidebar_lists_every_guide_and_resource(pages):
    for url, page in pages.items():
        for guide in guides():
            assert f"/guides/{guide.slug}" in page.links, url
        for resource in registry:
            assert f"/reference/{resource.segment}" in page.links, url


@pytest.mark.django_db
def test_every_internal_link_and_anchor_resolves(pages):
    client = Client()
    for url, page in list(pages.items()):
        for link in page.links:
            if urlsplit(link).scheme or link.startswith("//"):
                continue
            target, anchor = urldefrag(link)
            target = target or url
            if target not in pages:
                response = client.get(target, follow=True)  # pages that need a sign-in redirect to it
                assert response.status_code == 200, (url, link)
                if "html" not in response["Content-Type"]:
                    continue
                pages[target] = Page(response.content.decode())
            if anchor:
                assert anchor in pages[target].ids, (url, link)


def test_css_and_javascript_stay_under_the_budget():
    files = [path for folder in ("ctlive/static/css", "ctlive/static/js") for path in (PROJECT / folder).rglob("*") if path.is_file()]
    total = sum(path.stat().st_size for path in files)
    assert total < ASSET_BUDGET_BYTES, f"{total} bytes in {len(files)} files"


def test_the_api_and_other_apps_are_not_shadowed(client):
    assert client.get("/api/event").status_code == 401
    assert client.get("/api/").status_code in (401, 404)
    assert client.get("/admin/login/").status_code == 200


# --- Search ---------------------------------------------------------------------------------


def results(client, query, path="/search"):
    response = client.get(path, {"q": query})
    return response, re.findall(r'<a href="([^"]+)"><span class="kind">(\w+)</span> <strong>([^<]+)</strong>',
                                response.content.decode())


def test_search_finds_a_field_by_name_first(client):
    response, found = results(client, "entry_bib")
    assert response.status_code == 200
    assert found[0] == ("/reference/entry#field-entry_bib", "Field", "entry_bib")


def test_search_finds_fields_by_part_of_their_name(client):
    _, found = results(client, "bib")
    assert {("/reference/entry#field-entry_bib", "Field", "entry_bib"),
            ("/reference/results#field-results_bib", "Field", "results_bib")} <= set(found[:2])


def test_search_finds_parameters_guides_and_operations(client):
    _, found = results(client, "last_id")
    assert found[0][1:] == ("Parameter", "last_id")
    _, found = results(client, "include_test_events")
    assert found[0] == ("/reference/event#get-event-list", "Parameter", "include_test_events")
    _, found = results(client, "keyset")
    assert any(kind == "Guide" and url.startswith("/guides/responses#") for url, kind, _ in found)
    _, found = results(client, "/api/race/{race_id}/results")
    assert found[0] == ("/reference/results#get-race-results", "Operation", "GET /api/race/{race_id}/results")


def test_every_word_must_match(client):
    _, found = results(client, "bib nosuchword")
    assert found == []


def test_search_results_fragment_for_type_ahead(client):
    response, found = results(client, "bib", "/search/results")
    text = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in text and found
    assert "<mark>bib</mark>" in text.lower() or "<mark>Bib</mark>" in text


def test_search_escapes_the_query(client):
    response = client.get("/search", {"q": '<script>alert("x")</script>'})
    text = response.content.decode()
    assert "<script>alert" not in text and "&lt;script&gt;alert" in text


def test_overlong_query_is_a_clear_400(client):
    response = client.get("/search", {"q": "x" * 101})
    assert response.status_code == 400
    assert "at most 100 characters" in response.content.decode()


def test_empty_query_shows_the_form_without_results(client):
    response = client.get("/search")
    assert response.status_code == 200
    assert 'id="search-page-input"' in response.content.decode()


# --- Theme ----------------------------------------------------------------------------------


def test_theme_follows_the_system_until_chosen(client):
    assert "data-theme" not in client.get("/").content.decode().split(">", 2)[1]


def test_choosing_a_theme_is_remembered_and_rendered(client):
    response = client.post("/theme", {"theme": "dark", "next": "/guides/errors"})
    assert response.status_code == 302 and response["Location"] == "/guides/errors"
    assert response.cookies["theme"].value == "dark"
    assert '<html lang="en" data-theme="dark">' in client.get("/").content.decode()
    assert 'value="dark" checked' in client.get("/").content.decode()


def test_theme_request_from_the_script_gets_no_page(client):
    response = client.post("/theme", {"theme": "light"}, headers={"X-Theme-Request": "1"})
    assert response.status_code == 204 and response.cookies["theme"].value == "light"


def test_theme_rejects_unknown_values_and_foreign_redirects(client):
    assert client.post("/theme", {"theme": "purple"}).status_code == 400
    response = client.post("/theme", {"theme": "dark", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_theme_form_needs_the_csrf_token():
    assert Client(enforce_csrf_checks=True).post("/theme", {"theme": "dark"}).status_code == 403


# --- The demo application's redirect address --------------------------------------------------


def test_oauth_callback_shows_the_code_and_the_exchange(client):
    response = client.get("/docs/oauth-callback", {"code": "Qw3<rTy>", "state": "s1"})
    text = response.content.decode()
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    assert "Qw3&lt;rTy&gt;" in text and "Qw3<rTy>" not in text and "<code>state=s1</code>" in text
    assert "grant_type=authorization_code&amp;code=Qw3%3CrTy%3E&amp;redirect_uri=" in text


def test_oauth_callback_shows_a_refusal(client):
    text = client.get("/docs/oauth-callback", {"error": "access_denied"}).content.decode()
    assert "<code>access_denied</code>" in text


def test_the_demo_redirect_address_is_this_page():
    from racing.demo import DEMO_REDIRECT_URI

    assert DEMO_REDIRECT_URI.endswith("/docs/oauth-callback")
