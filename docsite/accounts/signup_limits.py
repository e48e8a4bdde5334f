"""Limits on sign-up, which sends mail and hashes passwords: without them anyone could
make the site mail an address again and again, or spend its CPU on sign-ups.

Per email address, at most SIGNUP_MAILS_PER_ADDRESS mails per window: past that a sign-up
is answered as always ("check your inbox") and nothing is sent or changed, so the limit
tells nothing about the address either. Per client address, at most
SIGNUP_ATTEMPTS_PER_CLIENT sign-ups per window, then a 429 with Retry-After. Counted in
the shared cache (api/counters.py), so the limits hold across processes.
"""
import hashlib

from django.conf import settings

from api import counters
from api.ratelimit import client_address


def mail_allowed(email):
    """True while `email` has had fewer than SIGNUP_MAILS_PER_ADDRESS sign-up mails in this
    window (this one counts). The cache key is a digest: no address is stored in it."""
    digest = hashlib.sha256(email.casefold().encode()).hexdigest()
    return not counters.seconds_over(f"signup-mail:{digest}", settings.SIGNUP_MAILS_PER_ADDRESS,
                                     settings.SIGNUP_LIMIT_WINDOW_SECONDS)


def seconds_to_wait(request):
    """0, or the seconds until this client address may sign up again."""
    return counters.seconds_over(f"signup-client:{client_address(request)}", settings.SIGNUP_ATTEMPTS_PER_CLIENT,
                                 settings.SIGNUP_LIMIT_WINDOW_SECONDS)
