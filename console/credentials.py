"""Who a console call acts as, and the credentials the server adds to it.

Anonymous visitors act as the shared test account (`DEMO_TEST_USER_EMAIL`, which sees only
the test events) through the demo application. A signed-in developer acts as themself
through one of their approved applications, or, having none, through their personal console
application (console/applications.py), made on first use. Either way the server holds an access token
made by our own provider (`api.oauth.issue_token`), kept in this process's memory until a
minute before it expires; neither a password nor a client secret reaches the browser.

Schemes: Bearer works for everyone. Basic and the test scheme carry a password, which the
server knows only for the shared test account, so they are offered to anonymous visitors
only; a developer's call always goes out with their token. What is shown is what is sent,
with every secret masked.
"""
import base64
import re
import time
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import caches
from oauth2_provider.models import Application

from api.models import ApplicationPolicy
from api.oauth import issue_token
from api.prepared import Slot, statement

from .applications import client_id_of, console_application

SCHEMES = {"bearer": "Bearer token", "basic": "HTTP Basic", "test": "Test scheme (user_id and user_pass)"}
MASK = "••••"
SECRET_PARAMETERS = ("user_pass", "access_token", "client_secret", "refresh_token", "password")
TOKEN_MARGIN_SECONDS = 60
USER = Slot("user")  # the signed-in visitor, in the statements compiled once
# Every anonymous call acts as the same account: looked up once a minute per process.
SHARED_IDENTITY_KEY, SHARED_IDENTITY_SECONDS = "console-shared-identity", 60
SECRET_IN_TEXT = re.compile(r"\b(" + "|".join(SECRET_PARAMETERS) + r")=[^&>\s\"']*")


class NoIdentity(RuntimeError):
    """The console cannot act for the visitor (no approved application, no test account)."""


@dataclass(frozen=True)
class Identity:
    user: object
    applications: tuple      # approved Applications the visitor may choose from
    shared: bool             # the shared test account (anonymous visitor)

    @property
    def label(self):
        if self.shared:
            return f"the shared test account ({self.user.username}), which sees only the test events"
        return f"you ({self.user.username})"

    @property
    def personal_console(self):
        """Calls go through the personal console application (no approved one of their own)."""
        return not self.shared and self.applications[0].client_id == client_id_of(self.user)

    @property
    def schemes(self):
        return SCHEMES if self.shared else {"bearer": SCHEMES["bearer"]}

    def application(self, client_id):
        return next((a for a in self.applications if a.client_id == client_id), self.applications[0])


def approved_applications_query():
    approved = ApplicationPolicy.objects.filter(is_approved=True).values("application_id")
    return Application.objects.filter(user_id=USER, pk__in=approved).order_by("created", "id")


def approved_applications(user):
    """Read for every signed-in page with a console: compiled once per process, the user a
    Slot (api/prepared.py), since compiling the queryset cost ten times running it."""
    compiled = statement(("console", "approved applications"), approved_applications_query)
    return tuple(Application.objects.raw(compiled.sql, compiled.bind({"user": user.pk})))


def identity_of(request):
    """The Identity a console call from `request` acts as."""
    user = request.user
    if user.is_authenticated:
        applications = approved_applications(user) or (console_application(user),)
        return Identity(user, applications, shared=False)
    shared = caches["local"].get(SHARED_IDENTITY_KEY)
    if shared is None:
        test_user = get_user_model().objects.filter(username=settings.DEMO_TEST_USER_EMAIL, is_active=True).first()
        demo = Application.objects.filter(client_id=settings.DEMO_CLIENT_ID).first()
        if test_user is None or demo is None:
            raise NoIdentity("The shared test account is not set up on this server (manage.py seed_demo makes it).")
        shared = Identity(test_user, (demo,), shared=True)
        caches["local"].set(SHARED_IDENTITY_KEY, shared, SHARED_IDENTITY_SECONDS)
    return shared


def held_token(user, application):
    """An access token for `user` through `application`, issued once and reused until a
    minute before it expires. Kept in process memory only (never in the shared cache)."""
    key = f"console-token:{user.pk}:{application.pk}"
    memo = caches["local"]
    held = memo.get(key)
    if held and held[1] - TOKEN_MARGIN_SECONDS > time.time():
        return held[0]
    reply = issue_token(user, application)
    memo.set(key, (reply["access_token"], int(reply["expires"])), int(reply["expires"]) - time.time())
    return reply["access_token"]


@dataclass(frozen=True)
class Credentials:
    """What the server adds to a call for `scheme`; `secret` is the token or password."""

    scheme: str
    client_id: str
    login: str
    secret: str

    def url(self, url):
        """`url` with client_id (and the test scheme's user_id and user_pass) in its query."""
        parts = urlsplit(url)
        pairs = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                 if k not in ("client_id", "user_id", *SECRET_PARAMETERS)]
        pairs.append(("client_id", self.client_id))
        if self.scheme == "test":
            pairs += [("user_id", self.login), ("user_pass", self.secret)]
        return parts._replace(query=urlencode(pairs)).geturl()

    def headers(self):
        if self.scheme == "bearer":
            return [("Authorization", f"Bearer {self.secret}")]
        if self.scheme == "basic":
            pair = base64.b64encode(f"{self.login}:{self.secret}".encode()).decode()
            return [("Authorization", f"Basic {pair}")]
        return []


def credentials_for(identity, client_id, scheme):
    application = identity.application(client_id)
    if scheme not in identity.schemes:
        scheme = "bearer"
    if scheme == "bearer":
        return Credentials("bearer", application.client_id, identity.user.username,
                           held_token(identity.user, application))
    return Credentials(scheme, application.client_id, settings.DEMO_TEST_USER_EMAIL, settings.DEMO_TEST_USER_PASSWORD)


def masked_url(url):
    """`url` with every secret query value replaced by the mask."""
    parts = urlsplit(url)
    pairs = [(k, MASK if k in SECRET_PARAMETERS else v) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
    return parts._replace(query=urlencode(pairs, safe="•")).geturl()


def masked_headers(headers):
    """Authorization (and cookies) shown as their scheme followed by the mask."""
    shown = []
    for name, value in headers:
        if name.lower() == "authorization":
            value = f"{value.split(' ', 1)[0]} {MASK}"
        elif name.lower() in ("cookie", "proxy-authorization"):
            value = MASK
        shown.append((name, value))
    return shown


def masked_text(text):
    """`text` with the value of every secret query parameter in it masked: the API echoes
    the request's query in its Link header, test-scheme password included."""
    return SECRET_IN_TEXT.sub(lambda found: f"{found.group(1)}={MASK}", text)
