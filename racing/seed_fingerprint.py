"""Whether the demo data and accounts are exactly as the last full `seed_demo` left them,
found cheaply, so that a second `make run` does not spend seconds on slow password hashes.

`racing.demo.seed` always brings the demo accounts in line with the settings, which means
checking seven PBKDF2 hashes (three passwords, two SHA1 forms, the demo client secret):
about 9 s of a second start on a small machine. After a full run that found or built the
demo data, the command remembers an HMAC (keyed with SECRET_KEY) of the configured demo
credentials, every stored row that `ensure_accounts` would repair, and the demo events'
entry counts. When the same HMAC comes out again, nothing can differ from what that run
verified and the run is skipped; any change (a setting, a stored password, a grant, an
entry written through the API) gives another HMAC and the full run. The shared cache holds
only the HMAC, never a password.
"""
import hashlib
import hmac
import json

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.db.models import Count
from oauth2_provider.models import Application

from api.models import LegacySha1Credential

from . import demo
from .models import EventGrant

CACHE_KEY = "seed-demo-verified-fingerprint"
REMEMBER_SECONDS = 30 * 86400


def fingerprint(scale):
    """HMAC of everything a full run would check; a few indexed queries, no password hash."""
    logins = sorted([settings.DEMO_DIRECTOR_EMAIL, settings.DEMO_TEST_USER_EMAIL, settings.DEMO_STAFF_EMAIL])
    events = demo.demo_events()
    state = {
        "configured": [scale, logins, settings.DEMO_DIRECTOR_PASSWORD, settings.DEMO_TEST_USER_PASSWORD,
                       settings.DEMO_STAFF_PASSWORD,
                       settings.DEMO_CLIENT_ID, settings.DEMO_CLIENT_SECRET, demo.DEMO_REDIRECT_URI],
        "users": list(get_user_model().objects.filter(username__in=logins).order_by("username").values_list(
            "id", "username", "email", "first_name", "last_name", "is_active", "is_staff", "password")),
        "staff": list(get_user_model().objects.filter(username=settings.DEMO_STAFF_EMAIL).values_list(
            "groups__name", "user_permissions__codename").order_by("groups__name", "user_permissions__codename")),
        "sha1": list(LegacySha1Credential.objects.filter(user__username__in=logins).order_by("user_id")
                     .values_list("user_id", "password_hash")),
        "application": list(Application.objects.filter(client_id=settings.DEMO_CLIENT_ID).values_list(
            "id", "name", "client_type", "authorization_grant_type", "redirect_uris", "skip_authorization",
            "hash_client_secret", "client_secret", "policy__is_approved")),
        "events": list(events.annotate(entry_count=Count("entries")).order_by("id").values_list(
            "id", "name", "entry_count")),
        "grants": list(EventGrant.objects.filter(event__in=events, user__username__in=logins).order_by("id")
                       .values_list("user_id", "event_id", "can_write")),
    }
    message = json.dumps(state, default=str, sort_keys=True).encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def unchanged(scale):
    """The entry count the last full run verified, when nothing changed since; else None."""
    remembered = caches["default"].get(CACHE_KEY)
    if not remembered or not hmac.compare_digest(remembered["fingerprint"], fingerprint(scale)):
        return None
    return remembered["entries"]


def remember(scale, entries):
    caches["default"].set(CACHE_KEY, {"fingerprint": fingerprint(scale), "entries": entries}, REMEMBER_SECONDS)
