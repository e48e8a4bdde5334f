"""The named environments the console may call (`API_ENVIRONMENTS`: name → base URL ending
in the API path; unset, the visitor's own origin: ctlive/base_urls.py), which of them this
process serves itself (`CONSOLE_LOCAL_ENVIRONMENTS`), and the visitor's choice, remembered
in their session (testing until they choose)."""
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

from ctlive.base_urls import api_base
from ctlive.environment import TESTING

SESSION_KEY = "console_environment"


class BadEnvironment(ValueError):
    """A configured base URL the console refuses to call."""


@dataclass(frozen=True)
class Environment:
    name: str
    base_url: str   # e.g. https://api.example.com/api, without a trailing slash
    local: bool     # served by this process: calls are handed to it in-process

    @property
    def origin(self):
        parts = urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.netloc}"

    @property
    def api_path(self):
        return urlsplit(self.base_url).path


def checked_base_url(name, url):
    """The base URL without a trailing slash; only plain http(s) URLs with a path, no
    credentials, query or fragment (a `file://` or `ftp://` environment is refused)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BadEnvironment(f"Environment {name!r} must have an http or https base URL, not {url!r}.")
    if parts.username or parts.password or parts.query or parts.fragment or not parts.path.strip("/"):
        raise BadEnvironment(f"Environment {name!r} must be a base URL with a path and nothing else, not {url!r}.")
    return url.rstrip("/")


def environments(origin):
    """The environments as seen from a visitor at `origin` (scheme://host:port)."""
    local = set(settings.CONSOLE_LOCAL_ENVIRONMENTS)
    return tuple(Environment(name, checked_base_url(name, api_base(name, origin)), name in local)
                 for name in settings.API_ENVIRONMENTS)


def environment_named(name, origin):
    return next((environment for environment in environments(origin) if environment.name == name), None)


def chosen(request, origin):
    """The environment the visitor chose last, else testing (else the first configured)."""
    return (environment_named(request.session.get(SESSION_KEY, ""), origin) or environment_named(TESTING, origin)
            or environments(origin)[0])


def remember(request, environment):
    if request.session.get(SESSION_KEY) != environment.name:
        request.session[SESSION_KEY] = environment.name
