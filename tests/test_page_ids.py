"""Every page of the site parsed for duplicate ids (a label or a link pointing at two
elements reaches the wrong one), and the weight of what the console loads."""
import re
from collections import Counter
from html.parser import HTMLParser

import pytest
from django.conf import settings

from api.registry import registry
from docsite.guides import guides
from tests.signup_mail import confirmation_path

ASSETS_LIMIT = 60 * 1024


class IdCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids = Counter()
        self.assets = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids[attributes["id"]] += 1
        if tag == "script" and attributes.get("src"):
            self.assets.append(attributes["src"])
        if tag == "link" and attributes.get("rel") == "stylesheet":
            self.assets.append(attributes["href"])


def parsed(html):
    collector = IdCollector()
    collector.feed(html)
    return collector


def site_pages():
    return ["/", "/reference/", "/search?q=bib", "/console/import", "/accounts/login", "/accounts/signup",
            *[f"/guides/{guide.slug}" for guide in guides()], *[f"/reference/{r.segment}" for r in registry],
            "/console/snippets?op=get-event-list&env=production", "/console/snippets?op=post-event-race&env=production&p.event_id=1"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", site_pages())
def test_no_page_has_a_duplicate_id(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    duplicates = [name for name, count in parsed(response.content.decode()).ids.items() if count > 1]
    assert duplicates == [], duplicates


@pytest.mark.django_db
def test_the_sign_up_pages_up_to_the_secret_have_no_duplicate_id(client):
    client.post("/accounts/signup", {"email": "ids@example.com", "password1": "ids-pass-word-1",
                                     "password2": "ids-pass-word-1", "app-name": "Ids",
                                     "app-redirect_uris": "https://example.com/cb"})
    path = confirmation_path("ids@example.com")
    pages = [client.get("/accounts/signup/sent"), client.get(path), client.post(path), client.get(path)]
    assert [page.status_code for page in pages] == [200, 200, 200, 400]
    for page in pages:
        duplicates = [name for name, count in parsed(page.content.decode()).ids.items() if count > 1]
        assert duplicates == [], duplicates


@pytest.mark.django_db
def test_a_page_answering_a_call_without_javascript_has_no_duplicate_id(client):
    for op, extra in (("get-event-list", {"q.format": "csv"}), ("post-event-race", {"p.event_id": "1", "body": "{"})):
        response = client.post("/console/run", {"op": op, "env": "production", "scheme": "bearer", **extra})
        html = response.content.decode()
        assert 'id="console-form-' + op in html
        duplicates = [name for name, count in parsed(html).ids.items() if count > 1]
        assert duplicates == [], (op, duplicates)


@pytest.mark.django_db
def test_the_body_label_points_at_the_body_editor(client):
    html = client.get("/reference/race").content.decode()
    assert re.search(r'<label for="post-event-race-body">', html)
    assert html.count('id="post-event-race-body"') == 1 and "<textarea id=\"post-event-race-body\"" in html
    assert "entrys" not in client.get("/reference/entry").content.decode()


@pytest.mark.django_db
def test_what_a_reference_page_loads_is_light_and_local(client):
    html = client.get("/reference/entry").content.decode()
    assets = parsed(html).assets
    assert assets and all(url.startswith(settings.STATIC_URL) or url.startswith("/" + settings.STATIC_URL)
                          for url in assets), assets  # nothing third-party
    total = sum((settings.PACKAGE_DIR / "static" / url.split("static/", 1)[1]).stat().st_size for url in assets)
    assert total < ASSETS_LIMIT, f"{total} bytes of JavaScript and CSS"
