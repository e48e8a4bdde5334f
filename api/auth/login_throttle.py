"""Throttling of Django's `authenticate()`: the sign-in page, the admin's, the password grant.

`ThrottledLogins` comes first in AUTHENTICATION_BACKENDS. While the client address or the
account is blocked (api/auth/throttle.py) it raises PermissionDenied, which ends
`authenticate()` before ModelBackend computes a password hash, and marks the request with
the seconds to wait so that the view can answer 429 with Retry-After. The receivers count
each failure and reset the account on a sign-in.
"""
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver

from api.ratelimit import client_address_of

from . import throttle

THROTTLED = "throttled_seconds"


def throttled_seconds(request):
    """Seconds to wait when `authenticate()` refused this request unchecked, else 0."""
    return getattr(request, THROTTLED, 0)


class ThrottledLogins:
    """An authentication backend that never signs anyone in, only refuses early."""

    def authenticate(self, request, username=None, **credentials):
        if request is None or username is None:
            return None
        seconds = throttle.retry_after(client_address_of(request.META), throttle.account_key("user", username))
        if seconds:
            setattr(request, THROTTLED, seconds)
            raise PermissionDenied
        return None

    def get_user(self, user_id):
        return None


@receiver(user_login_failed)
def count_failure(sender, credentials, request=None, **kwargs):
    if request is None or throttled_seconds(request) or "username" not in credentials:
        return
    throttle.failed(client_address_of(request.META), throttle.account_key("user", credentials["username"]))


@receiver(user_logged_in)
def reset_account(sender, request, user, **kwargs):
    for login in {user.get_username(), user.email} - {""}:
        throttle.succeeded(throttle.account_key("user", login))
