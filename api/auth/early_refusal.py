"""Refuses a guess at a blocked account before the rest of the request's work.

The view refuses a guess at a blocked account or address before any hash (throttle.py),
but only after the request log, the access log, the rate limit's shared counter, session,
locale and CSRF middleware, URL resolution and a read of the shared cache: three times the
cost of a bare Django answer (bench/guessing.py), and a flood of guesses is made of
nothing else. Every process remembers the blocks it has seen until they end; this
middleware, right after the request id's, answers a guess its memory names with the very
429 the view would give (requested format and language, Retry-After), and nothing else
runs: the request log and the access log do not record it (the request id's warning line
does), the rate limit does not count it, and it has no CORS headers.

Only where the view would refuse too: on the API, credentials this process verified
lately (api/auth/memo.py) pass, as in the view; so does a request whose client_id this
process has not lately found approved (the view checks the application first). At the
token endpoint, a request with HTTP Basic client credentials of a blocked client or from a
blocked address gets the endpoint's own 429 (the view would check nothing else first,
except that it answers a missing or unknown grant_type with a 400). A plain-HTTP request
that SECURE_SSL_REDIRECT sends to HTTPS always goes on.
"""
from django.conf import settings
from django.utils import translation

from api import oauth
from api.errors import ApiError
from api.negotiation import format_for_error
from api.paths import is_api
from api.ratelimit import TOKEN_PATH, client_address
from api.responses import error_response

from . import memo, schemes, throttle


def credentials(request):
    """(scheme, login, password) the view would check, or None (Bearer, none, malformed)."""
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if header[:6].lower() == "basic ":
        try:
            return ("basic", *schemes.basic_credentials(header))
        except ApiError:
            return None
    if header[:7].lower() == "bearer ":
        return None
    login, password = request.GET.get("user_id", ""), request.GET.get("user_pass", "")
    return ("test", login, password) if login and password else None


def known_token_block(request):
    """At the token endpoint, HTTP Basic client credentials meet the client's throttle
    before anything else is checked (api/oauth.py: DOT authenticates such a client first,
    whatever the grant); seconds of a block this process knows, else 0."""
    if request.method not in ("GET", "POST") or "client_secret" in request.GET:
        return 0  # the view's 405, or its refusal of a secret in the URL
    encoded = oauth.basic_auth_of(request.META.get("HTTP_AUTHORIZATION", ""))
    if encoded is None:
        return 0
    return throttle.known_retry_after(client_address(request),
                                      throttle.account_key("client", oauth.basic_client_id(encoded)))


def known_api_block(request):
    """Seconds the API view would answer with Retry-After, as far as this process knows; else 0."""
    found = credentials(request)
    if found is None or not schemes.known_approved(request.GET.get("client_id", "")):
        return 0
    if memo.remembered_user_id(*found) is not None:
        return 0
    return throttle.known_retry_after(client_address(request), throttle.account_key("user", found[1]))


def api_refusal(request, seconds):
    """The API view's 429, in the requested format and language."""
    language = translation.get_language_from_request(request)
    with translation.override(language):
        response = error_response(format_for_error(request), schemes.too_many_failures(seconds))
    response["Content-Language"] = language
    return response


def known_refusal(request):
    """The answer the view would give a guess at a block this process knows; else None."""
    if settings.SECURE_SSL_REDIRECT and not request.is_secure():
        return None
    if request.path_info.rstrip("/") == TOKEN_PATH:
        seconds = known_token_block(request)
        return oauth.too_many_failures_response(seconds) if seconds else None
    seconds = known_api_block(request) if is_api(request.path_info) else 0
    return api_refusal(request, seconds) if seconds else None


class RefuseKnownBlocks:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        refusal = known_refusal(request)
        return self.get_response(request) if refusal is None else refusal
