"""Throttling of Django's `authenticate()`: the sign-in page, the admin's, the password grant.

`ThrottledLogins`, the one entry of AUTHENTICATION_BACKENDS, is Django's ModelBackend with
a check in front: while the client address or the account is blocked (api/auth/throttle.py)
it raises PermissionDenied, which ends `authenticate()` before a password hash is computed,
and marks the request with the seconds to wait so that the view can answer 429 with
Retry-After. Being the only backend, it is also the one `login()` and sessions name. The receivers count
each failure and reset the account on a sign-in.
"""
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver

from api.ratelimit import client_address_of

from . import throttle

THROTTLED = "throttled_seconds"


def throttled_seconds(request):
    """Seconds to wait when `authenticate()` refused this request unchecked, else 0."""
    return getattr(request, THROTTLED, 0)


def as_too_many_attempts(request, response):
    """A sign-in page's answer, made a 429 with Retry-After when `authenticate()` refused
    the attempt unchecked (the form says why: docsite/accounts/forms.py)."""
    seconds = throttled_seconds(request)
    if seconds:
        response.status_code = 429
        response["Retry-After"] = str(seconds)
    return response


class ThrottledLogins(ModelBackend):
    """ModelBackend that refuses early, unchecked, while the address or account is blocked."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is not None and username is not None:
            seconds = throttle.retry_after(client_address_of(request.META), throttle.account_key("user", username))
            if seconds:
                setattr(request, THROTTLED, seconds)
                raise PermissionDenied
        return super().authenticate(request, username=username, password=password, **kwargs)


@receiver(user_login_failed)
def count_failure(sender, credentials, request=None, **kwargs):
    if request is None or throttled_seconds(request) or "username" not in credentials:
        return
    throttle.failed(client_address_of(request.META), throttle.account_key("user", credentials["username"]))


@receiver(user_logged_in)
def reset_account(sender, request, user, **kwargs):
    for login in {user.get_username(), user.email} - {""}:
        throttle.succeeded(throttle.account_key("user", login))
