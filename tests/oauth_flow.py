"""Shared pieces of the OAuth2 and developer-account tests: a live site with its own
accounts and applications, and a browser-like session that signs in through the real form."""
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import parse_qs, quote, urljoin, urlsplit

import pytest
import requests
from django.contrib.auth import get_user_model
from django.core.cache import caches

from api.models import ApplicationPolicy
from docsite.accounts import services
from racing.models import Event, EventGrant

REDIRECT_URI = "https://app.example.com/callback"
PASSWORD = "correct-horse-battery"


@dataclass
class Developer:
    user: object
    email: str
    password: str


@dataclass
class Client:
    application: object
    client_id: str
    secret: str

    @property
    def basic(self):
        """Basic credentials URL-encoded first, as RFC 6749 §2.3.1 asks of clients."""
        return quote(self.client_id, safe=""), quote(self.secret, safe="")


@pytest.fixture()
def site(live_server, settings):
    """The live server with fast password hashing and private caches, so counters start at zero."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "oauth-tests-shared"},
        "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "oauth-tests-local"},
    }
    caches["default"].clear()
    caches["local"].clear()
    return live_server.url


def make_developer(email="dev@example.com", password=PASSWORD):
    user = get_user_model().objects.create_user(username=email, email=email, password=password)
    return Developer(user=user, email=email, password=password)


def make_client(developer, approved=True, secret=None, name="Race results board"):
    application = services.blank_application(developer.user)
    application.name, application.redirect_uris = name, REDIRECT_URI
    generated = services.create_application(application)
    if secret is not None:
        application.client_secret = secret
        application.save()
    ApplicationPolicy.objects.filter(application=application).update(is_approved=approved)
    return Client(application=application, client_id=application.client_id, secret=secret or generated)


def grant_event(developer, name="Harbour 10K"):
    event = Event.objects.create(name=name)
    EventGrant.objects.create(user=developer.user, event=event)
    return event


class PostForms(HTMLParser):
    """The POST forms of a page: each one's attributes and hidden inputs."""

    def __init__(self, html):
        super().__init__()
        self.forms, self.current = [], None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("method", "").lower() == "post":
            self.current = (attrs, {})
            self.forms.append(self.current)
        elif tag == "input" and self.current and attrs.get("type") == "hidden" and attrs.get("name"):
            self.current[1][attrs["name"]] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None


def post_form(html, action=None, css_class=None):
    """(attributes, hidden inputs) of the first POST form posting to `action` and having
    `css_class`, where given; the page's header carries forms of its own."""
    for attrs, hidden in PostForms(html).forms:
        if action is not None and attrs.get("action") != action:
            continue
        if css_class is not None and css_class not in attrs.get("class", "").split():
            continue
        assert "csrfmiddlewaretoken" in hidden, "the form is not CSRF-protected"
        return attrs, hidden
    raise AssertionError(f"no POST form with action={action!r} class={css_class!r}")


class Browser:
    """A requests session that follows the site's own redirects but stops at any other
    host, where the OAuth2 client would take over."""

    def __init__(self, base):
        self.base, self.session = base, requests.Session()

    def get(self, path, **kwargs):
        return self._follow(self.session.get(self._url(path), allow_redirects=False, timeout=30, **kwargs))

    def submit(self, page, fields, action=None, css_class=None):
        """Submits a POST form of `page` (a response) with its hidden inputs (the CSRF token
        among them) and `fields`, like a browser; see `post_form` for the choice of form."""
        attrs, hidden = post_form(page.text, action, css_class)
        response = self.session.post(urljoin(page.url, attrs.get("action") or page.url), data={**hidden, **fields},
                                     allow_redirects=False, timeout=30, headers={"Referer": page.url})
        return self._follow(response)

    def sign_in(self, developer, next_path=""):
        page = self.get("/accounts/login" + (f"?next={quote(next_path)}" if next_path else ""))
        return self.submit(page, {"username": developer.email, "password": developer.password, "next": next_path},
                           action="/accounts/login")

    def _url(self, path):
        return path if path.startswith("http") else self.base + path

    def _follow(self, response):
        while response.is_redirect and response.headers["Location"].startswith(("/", self.base)):
            response = self.session.get(self._url(response.headers["Location"]), allow_redirects=False, timeout=30)
        return response


def redirect_query(response):
    """The query of a redirect to the client's redirect URI, as a dict of single values."""
    assert response.status_code == 302, response.text
    location = response.headers["Location"]
    assert location.startswith(REDIRECT_URI), location
    return {name: values[0] for name, values in parse_qs(urlsplit(location).query).items()}


def token_by_get(base, client, basic=None, **params):
    return requests.get(f"{base}/oauth2/token", params=params, auth=basic or client.basic, timeout=30)


def password_token(base, client, developer):
    response = token_by_get(base, client, grant_type="password", username=developer.email,
                            password=developer.password)
    assert response.status_code == 200, response.text
    return response.json()


def api_get(base, path, token=None, **params):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return requests.get(base + path, params=params, headers=headers, timeout=30)
