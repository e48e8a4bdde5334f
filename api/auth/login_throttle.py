"""Throttling of Django's `authenticate()`: the sign-in page, the admin's, the password grant.

`ThrottledLogins`, the one entry of AUTHENTICATION_BACKENDS, is Django's ModelBackend with
a check in front: while the client address or the account is blocked (api/auth/throttle.py)
it raises PermissionDenied, which ends `authenticate()` before a password hash is computed,
and marks the request with the seconds to wait so that the view can answer 429 with
Retry-After. Being the only backend, it is also the one `login()` and sessions name (it
reads a session's user through a statement compiled once). The receivers count each
failure and reset the account on a sign-in.
"""
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver

from api.prepared import Slot, statement
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

    def get_user(self, user_id):
        """ModelBackend's, the query compiled once per process: a session's user is read on
        every page, and compiling the queryset cost more than running it."""
        users = get_user_model()._default_manager
        compiled = statement(("auth", "session user"), lambda: users.filter(pk=Slot("user")))
        user = next(iter(users.raw(compiled.sql, compiled.bind({"user": user_id}))), None)
        return user if user is not None and self.user_can_authenticate(user) else None


@receiver(user_login_failed)
def count_failure(sender, credentials, request=None, **kwargs):
    if request is None or throttled_seconds(request) or "username" not in credentials:
        return
    throttle.failed(client_address_of(request.META), throttle.account_key("user", credentials["username"]))


@receiver(user_logged_in)
def reset_account(sender, request, user, **kwargs):
    for login in {user.get_username(), user.email} - {""}:
        throttle.succeeded(throttle.account_key("user", login))
