"""Our OAuth2 provider: django-oauth-toolkit with the habits of the original service (SPEC §5).

- The token endpoint also answers GET with its parameters in the query, as the original
  service does. oauthlib accepts only a form POST, so such a GET is handed to it as one.
- One application may use the authorization-code, password and refresh grants alike;
  DOT allows one grant type per application.
- Token replies carry `expires`: the access token's expiry in epoch seconds, as a string.
- Applications that staff have not approved get no codes and no tokens.
- Authorization codes are stored as their SHA-256 checksum, like tokens (DOT keeps codes in
  clear and has no setting for it): every method that stores or finds a Grant by its code
  is given the checksum. (DOT's RFC 8707 resource narrowing, unused here, looks the Grant
  up by the plain code and so finds none.)
- A failed PKCE verification (wrong or missing code_verifier) uses up the code.
- Client authentication and the password grant are throttled like every credential check
  (api/auth/throttle.py): a blocked attempt is a 429 with Retry-After, checked unhashed.

Settings: `OAUTH2_PROVIDER` in ctlive/settings.py names the two classes below.
"""
import base64
import binascii
import hashlib
from urllib.parse import unquote_plus

from django.http import HttpResponse
from oauth2_provider.models import AccessToken, Application, Grant
from oauth2_provider.oauth2_backends import OAuthLibCore, get_oauthlib_core
from oauth2_provider.oauth2_validators import OAuth2Validator
from oauth2_provider.views import TokenView
from oauthlib.common import Request, urlencode
from oauthlib.oauth2.rfc6749 import errors
from oauthlib.oauth2.rfc6749.grant_types.authorization_code import (
    code_challenge_method_plain,
    code_challenge_method_s256,
)

from api.auth import throttle
from api.models import ApplicationPolicy
from api.ratelimit import client_address_of

WAITING_FOR_APPROVAL = "This application is waiting for approval by our staff."
SUPPORTED_GRANTS = ("authorization_code", "password", "refresh_token")
TOKEN_BY_GET = "_ctlive_token_by_get"
# What oauthlib puts on every token endpoint answer, errors included.
TOKEN_ERROR_HEADERS = {"Content-Type": "application/json", "Cache-Control": "no-store", "Pragma": "no-cache"}


def token_checksum(token):
    """The key DOT stores and finds tokens by (their plain value is not stored)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class QueryTokenOAuthLibCore(OAuthLibCore):
    """Gives oauthlib a token request sent by GET as the form POST it expects."""

    def _extract_params(self, request):
        uri, method, body, headers = super()._extract_params(request)
        if getattr(request, TOKEN_BY_GET, False):
            # Without the query in the URI, oauthlib neither refuses "URL query parameters"
            # nor counts each parameter twice.
            return uri.split("?", 1)[0], "POST", urlencode(list(request.GET.items())), headers
        return uri, method, body, headers


class TooManyFailures(errors.OAuth2Error):
    """A token request refused unchecked while its client or user is throttled."""

    error = "too_many_failed_attempts"
    status_code = 429

    def __init__(self, seconds, request):
        super().__init__(description=f"Too many failed attempts; try again in {seconds} seconds.", request=request)
        self.seconds = seconds

    @property
    def headers(self):
        return {"Retry-After": str(self.seconds)}


def basic_client_id(encoded):
    """The client_id of Basic credentials (base64 of URL-encoded id:secret); "" if unreadable."""
    try:
        return unquote_plus(base64.b64decode(encoded).decode("utf-8").split(":", 1)[0])
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return ""


def basic_auth_of(header):
    """The credentials part of an `Authorization: Basic …` value, as DOT reads it; else None."""
    scheme, space, encoded = header.partition(" ")
    return encoded if space and scheme == "Basic" else None


def too_many_failures_response(seconds):
    """The token endpoint's 429, as oauthlib answers TooManyFailures (for early_refusal.py)."""
    error = TooManyFailures(seconds, request=None)
    return HttpResponse(error.json, status=error.status_code, headers={**TOKEN_ERROR_HEADERS, **error.headers})


def throttled(request, kind, name):
    """(address, account) of a credential check; TooManyFailures while either is blocked."""
    address, account = client_address_of(request.headers), throttle.account_key(kind, name)
    seconds = throttle.retry_after(address, account)
    if seconds:
        raise TooManyFailures(seconds, request)
    return address, account


class Validator(OAuth2Validator):
    def presented_client_id(self, request):
        """The client_id of the Basic header, else of the parameters (only for throttling)."""
        encoded = self._extract_basic_auth(request)
        if encoded:
            return basic_client_id(encoded)
        return request.client_id or ""

    def authenticate_client(self, request, *args, **kwargs):
        """DOT's check of the client secret, throttled per client and address."""
        address, account = throttled(request, "client", self.presented_client_id(request))
        if super().authenticate_client(request, *args, **kwargs):
            throttle.succeeded(account)
            return True
        throttle.failed(address, account)
        return False

    def validate_user(self, username, password, client, request, *args, **kwargs):
        """DOT's password check, throttled per user and address (the failure is counted by
        api/auth/login_throttle.py, as `authenticate()` reports it)."""
        _address, account = throttled(request, "user", username)
        valid = super().validate_user(username, password, client, request, *args, **kwargs)
        if valid:
            throttle.succeeded(account)
        return valid


    # Authorization codes, kept as checksums --------------------------------------------

    def _create_authorization_code(self, request, code, expires=None):
        return super()._create_authorization_code(request, {**code, "code": token_checksum(code["code"])}, expires)

    def validate_code(self, client_id, code, client, request, *args, **kwargs):
        return super().validate_code(client_id, token_checksum(code), client, request, *args, **kwargs)

    def confirm_redirect_uri(self, client_id, code, redirect_uri, client, *args, **kwargs):
        return super().confirm_redirect_uri(client_id, token_checksum(code), redirect_uri, client, *args, **kwargs)

    def invalidate_authorization_code(self, client_id, code, request, *args, **kwargs):
        return super().invalidate_authorization_code(client_id, token_checksum(code), request, *args, **kwargs)

    def get_authorization_code_scopes(self, client_id, code, redirect_uri, request):
        return super().get_authorization_code_scopes(client_id, token_checksum(code), redirect_uri, request)

    def get_authorization_code_nonce(self, client_id, code, redirect_uri, request):
        return super().get_authorization_code_nonce(client_id, token_checksum(code), redirect_uri, request)

    def get_code_challenge(self, code, request):
        """The code's PKCE challenge; a request without a verifier uses the code up (oauthlib
        refuses it right after)."""
        challenge = super().get_code_challenge(token_checksum(code), request)
        if challenge and not request.code_verifier:
            Grant.objects.filter(code=token_checksum(code), application=request.client).delete()
        return challenge

    def get_code_challenge_method(self, code, request):
        """The code's PKCE method (oauthlib asks for it right before checking the verifier);
        when the request's code_verifier does not meet the challenge, the code is used up
        now and oauthlib then refuses the request, so it cannot be tried with another."""
        grant = Grant.objects.get(code=token_checksum(code), application=request.client)
        if grant.code_challenge:
            check = code_challenge_method_plain if grant.code_challenge_method == "plain" else code_challenge_method_s256
            if not request.code_verifier or not check(request.code_verifier, grant.code_challenge):
                grant.delete()
        return grant.code_challenge_method or None

    def validate_client_id(self, client_id, request, *args, **kwargs):
        """The authorization endpoint refuses, with the reason, applications not yet approved."""
        known = super().validate_client_id(client_id, request, *args, **kwargs)
        if known and not ApplicationPolicy.approves(request.client):
            raise errors.InvalidClientIdError(description=WAITING_FOR_APPROVAL, request=request)
        return known

    def validate_grant_type(self, client_id, grant_type, client, request, *args, **kwargs):
        """Every application may use the three grants of the original service.

        DOT's own version is not called: it allows one grant per application, and warns on
        each password grant (RFC 9700), which the original service's clients rely on.
        """
        if not ApplicationPolicy.approves(client):
            raise errors.InvalidClientError(description=WAITING_FOR_APPROVAL, request=request)
        return grant_type in SUPPORTED_GRANTS and client.allows_grant_type(
            Application.GRANT_AUTHORIZATION_CODE, Application.GRANT_PASSWORD)

    def save_bearer_token(self, token, request, *args, **kwargs):
        """Stores the tokens, then adds `expires` as stored (the reply is built from `token`)."""
        super().save_bearer_token(token, request, *args, **kwargs)
        expires = (AccessToken.objects.filter(token_checksum=token_checksum(token["access_token"]))
                   .values_list("expires", flat=True).get())
        token["expires"] = str(int(expires.timestamp()))


class QueryTokenView(TokenView):
    """`/oauth2/token` by POST (standard) or by GET with the parameters in the query."""

    def get(self, request, *args, **kwargs):
        if "client_secret" in request.GET:
            error = errors.InvalidRequestError(
                description="Send the client secret with HTTP Basic authentication, never in the URL.")
            return HttpResponse(error.json, status=error.status_code, headers=error.headers)
        setattr(request, TOKEN_BY_GET, True)
        return self.authorization_flow_token_response(request)


def issue_token(user, application):
    """A new access and refresh token for `user` through `application`, made exactly as the
    token endpoint makes them (lifetimes, default scopes, hashed storage, `expires`).

    For server-side callers that have already authenticated the user themselves, such as
    the docs console acting for a signed-in developer: it takes neither the client secret
    nor the user's password, so never call it on behalf of an unauthenticated request.
    Returns the token endpoint's reply as a dict.
    """
    server = get_oauthlib_core().server
    request = Request("/oauth2/token")
    request.user, request.client, request.client_id = user, application, application.client_id
    request.scopes = server.request_validator.get_default_scopes(application.client_id, request)
    token = server.default_token_type.create_token(request, refresh_token=True)
    server.request_validator.save_bearer_token(token, request)
    return dict(token)
