"""`Authorization: Bearer` on API requests, with tokens from our own OAuth2 provider.

The token is verified by django-oauth-toolkit on every request (one indexed lookup by the
token's SHA-256 checksum) and nothing is remembered in between, so a revoked or expired
token fails at once.
"""
from functools import cache

from oauth2_provider.oauth2_backends import get_oauthlib_core
from oauth2_provider.www_authenticate import build_bearer_challenge

from api.errors import ApiError

REALM = "ctlive"


@cache
def _oauthlib_core():
    """Built once per process, as DOT's own views do."""
    return get_oauthlib_core()


def invalid_token(request, description):
    challenge = build_bearer_challenge(
        request, {"error": "invalid_token", "error_description": description}, realm=REALM,
        resource_metadata_url=None)
    return ApiError(401, "invalid_token", description, headers={"WWW-Authenticate": challenge})


def token_holder(request):
    """(user id, client_id of the token's application) for the request's Bearer token;
    a 401 `invalid_token` when it is unknown, expired, revoked or its user is disabled."""
    valid, checked = _oauthlib_core().verify_request(request, scopes=[])
    if not valid:
        error = getattr(checked, "oauth2_error", None) or {}
        raise invalid_token(request, str(error.get("error_description", "The access token is invalid.")))
    token = checked.access_token
    if token.user is None or not token.user.is_active:
        raise invalid_token(request, "The access token's user account is disabled.")
    return token.user_id, token.application.client_id
