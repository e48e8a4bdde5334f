"""Authentication of API requests: the application first, then the user.

Order of checks, documented in the authentication guide:
1. `Authorization: Bearer`: the token names both the user and the application, so
   `client_id` may be left out; when sent, it must name the token's application (401
   otherwise). Any other credentials in the request are ignored.
2. Otherwise `client_id` must name a registered, approved application (401 otherwise),
   and the user is taken from the first scheme present: `Authorization: Basic`, then the
   test scheme (`user_id` + `user_pass` in the query). None present is a 401.
"""
import base64
import binascii
import re
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, make_password
from django.core.cache import caches
from django.db.models import Q
from django.utils.translation import gettext as _
from oauth2_provider.models import Application

from api.errors import ApiError
from api.ratelimit import client_address

from . import bearer, memo, throttle

WWW_AUTHENTICATE = 'Bearer realm="ctlive", Basic realm="ctlive", charset="UTF-8"'
SHA1_HEX = re.compile(r"^[0-9a-f]{40}$")
APPLICATION_MEMO_SECONDS = 30


@dataclass(frozen=True)
class Caller:
    user_id: int
    application_id: int
    scheme: str
    # What an OAuth2 token allows; a user's own password allows everything.
    scopes: frozenset = frozenset({"read", "write"})


def unauthenticated(code, message):
    return ApiError(401, code, message, headers={"WWW-Authenticate": WWW_AUTHENTICATE})


def application_memo_key(client_id):
    return f"api-application:{client_id}"


def known_approved(client_id):
    """Whether this process found `client_id` registered and approved lately (no query)."""
    cached = caches["local"].get(application_memo_key(client_id))
    return bool(cached and cached[1])


def approved_application_id(client_id):
    """The application's primary key, or a 401 saying why it cannot be used."""
    if not client_id:
        raise unauthenticated("missing_client_id", _("The client_id parameter is required on every request."))
    memo_key = application_memo_key(client_id)
    cached = caches["local"].get(memo_key)
    if cached is None:
        row = Application.objects.filter(client_id=client_id).values_list("id", "policy__is_approved").first()
        cached = row or (None, False)
        caches["local"].set(memo_key, cached, APPLICATION_MEMO_SECONDS)
    application_id, approved = cached
    if application_id is None:
        raise unauthenticated("invalid_client", _("The client_id does not name a registered application."))
    if not approved:
        raise unauthenticated("unapproved_client", _("This application is waiting for approval by our staff."))
    return application_id


def _find_user(login):
    User = get_user_model()
    return User.objects.filter(Q(username=login) | Q(email__iexact=login), is_active=True).first()


def verify_password(login, password, accept_sha1):
    """The user's id when the password (or, with `accept_sha1`, its SHA1 hex) matches; else None."""
    user = _find_user(login)
    if user is None:
        make_password(password)  # spend the same time as a real check
        return None
    if check_password(password, user.password):
        return user.pk
    if accept_sha1 and SHA1_HEX.match(password):
        legacy = getattr(user, "legacy_sha1", None)
        if legacy is not None and check_password(password, legacy.password_hash):
            return user.pk
    return None


def too_many_failures(seconds):
    return ApiError(429, "too_many_failed_attempts",
                    _("Too many failed sign-ins for this account or from this address; try again in %(seconds)s "
                      "seconds.") % {"seconds": seconds}, {"retry_after": seconds}, headers={"Retry-After": str(seconds)})


def _remembered_or_verified(request, scheme, login, password, accept_sha1):
    """The user's id for credentials remembered or checked now; checks are throttled
    (api/auth/throttle.py): a blocked attempt is a 429 before any hash is computed."""
    user_id = memo.remembered_user_id(scheme, login, password)
    if user_id is None:
        address, account = client_address(request), throttle.account_key("user", login)
        seconds = throttle.retry_after(address, account)
        if seconds:
            raise too_many_failures(seconds)
        user_id = verify_password(login, password, accept_sha1)
        if user_id is None:
            throttle.failed(address, account)
            raise unauthenticated("invalid_credentials", _("The login or password is not correct."))
        throttle.succeeded(account)
        memo.remember(scheme, login, password, user_id)
    return user_id


def basic_credentials(header):
    """(login, password) from an `Authorization: Basic` header value."""
    try:
        decoded = base64.b64decode(header.split(" ", 1)[1].strip(), validate=True).decode("utf-8")
    except (IndexError, binascii.Error, UnicodeDecodeError):
        raise unauthenticated("invalid_credentials",
                              _("The Basic credentials are not valid base64 of login:password."))
    login, separator, password = decoded.partition(":")
    if not separator:
        raise unauthenticated("invalid_credentials", _("The Basic credentials must be login:password."))
    return login, password


def bearer_caller(request, client_id):
    user_id, token_client_id, scopes = bearer.token_holder(request)
    if client_id and client_id != token_client_id:
        raise unauthenticated("client_mismatch", _(
            "The client_id names another application than the one the access token was issued to."))
    return Caller(user_id, approved_application_id(token_client_id), "bearer", scopes)


def authenticate(request, params):
    """The Caller of an API request, or a 401 ApiError; kept on the request as `api_caller`
    for the request log (support/middleware.py)."""
    request.api_caller = caller_of(request, params)
    return request.api_caller


def caller_of(request, params):
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if header[:7].lower() == "bearer ":
        return bearer_caller(request, params.get("client_id", ""))
    application_id = approved_application_id(params.get("client_id", ""))
    if header[:6].lower() == "basic ":
        login, password = basic_credentials(header)
        return Caller(_remembered_or_verified(request, "basic", login, password, False), application_id, "basic")
    if "user_id" in params or "user_pass" in params:
        login, password = params.get("user_id", ""), params.get("user_pass", "")
        if not login or not password:
            raise unauthenticated("invalid_credentials", _("The test scheme needs both user_id and user_pass."))
        return Caller(_remembered_or_verified(request, "test", login, password, True), application_id, "test")
    raise unauthenticated(
        "missing_credentials",
        _("Credentials are required: an OAuth2 Bearer token, HTTP Basic, or user_id and user_pass in the query."),
    )
