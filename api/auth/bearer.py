"""`Authorization: Bearer` on API requests, with tokens from our own OAuth2 provider.

Each request looks its token up by SHA-256 checksum, the way django-oauth-toolkit stores
it: one indexed query that reads only the four values needed. Nothing is remembered in
between, so a revoked token (DOT deletes the row) or an expired one fails at once.
DOT's own `verify_request` costs three to four times as much, mostly in loading whole
application and user rows, and its extras do not apply: the API asks for no scope, and
audience checks (RFC 8707) only matter between several resource servers.
"""
from django.db.models import BooleanField, CharField, DateTimeField, ExpressionWrapper, Q
from django.utils import timezone
from oauth2_provider.models import AccessToken
from oauth2_provider.www_authenticate import build_bearer_challenge

from api import prepared
from api.errors import ApiError
from api.oauth import token_checksum
from api.prepared import Slot

REALM = "ctlive"


def invalid_token(request, description):
    challenge = build_bearer_challenge(
        request, {"error": "invalid_token", "error_description": description}, realm=REALM,
        resource_metadata_url=None)
    return ApiError(401, "invalid_token", description, headers={"WWW-Authenticate": challenge})


def token_row():
    """The token's user, whether the user is active, its application, whether it is still
    valid now, and its scopes."""
    still_valid = ExpressionWrapper(Q(expires__gt=Slot("now", DateTimeField())), output_field=BooleanField())
    return (AccessToken.objects.filter(token_checksum=Slot("checksum", CharField()))
            .annotate(still_valid=still_valid)
            .values_list("user_id", "user__is_active", "application__client_id", "still_valid", "scope"))


def token_holder(request):
    """(user id, client_id of the token's application, scopes) for the request's Bearer token;
    a 401 `invalid_token` when it is unknown, expired, revoked or its user is disabled."""
    token = request.META.get("HTTP_AUTHORIZATION", "")[len("Bearer "):].strip()
    row = token and prepared.statement(("bearer-token",), token_row).first(
        {"checksum": token_checksum(token), "now": timezone.now()})
    if not row:
        raise invalid_token(request, "The access token is invalid.")
    user_id, user_is_active, client_id, still_valid, scope = row
    if not still_valid:
        raise invalid_token(request, "The access token has expired.")
    if user_id is None or not user_is_active:
        raise invalid_token(request, "The access token's user account is disabled.")
    return user_id, client_id, frozenset(scope.split())
