"""Short-lived memory of verified credentials.

Checking a password costs a deliberately slow hash; a client sending Basic or test-scheme
credentials on every request would pay it every time. A success is remembered under an
HMAC of the credentials (never the password itself) for `API_CREDENTIAL_MEMO_SECONDS`.
"""
import hashlib
import hmac

from django.conf import settings
from django.core.cache import caches


def _key(scheme, login, password):
    message = "\0".join((scheme, login, password)).encode("utf-8")
    digest = hmac.new(settings.SECRET_KEY.encode("utf-8"), message, hashlib.sha256).hexdigest()
    return f"api-credential:{digest}"


def remembered_user_id(scheme, login, password):
    return caches["local"].get(_key(scheme, login, password))


def remember(scheme, login, password, user_id):
    caches["local"].set(_key(scheme, login, password), user_id, settings.API_CREDENTIAL_MEMO_SECONDS)
