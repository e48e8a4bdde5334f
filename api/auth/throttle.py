"""Failed-credential throttling: growing back-off per client address and per account.

Every place that checks a password or a client secret (the sign-in page and the admin's
through Django's `authenticate()`, HTTP Basic and the test scheme of the API, the password
grant and client authentication at the token endpoint) asks `retry_after` first and
refuses while it is not 0, before any password hash is computed; then it reports the
outcome with `failed` or `succeeded`.

After `AUTH_THROTTLE_FREE_FAILURES` failures of one account (or `..._PER_ADDRESS` from one
address) each further failure blocks it for twice as long as the one before, from
`AUTH_THROTTLE_BASE_SECONDS` up to `AUTH_THROTTLE_MAX_SECONDS`. Counts are forgotten
`AUTH_THROTTLE_FORGET_SECONDS` after the last failure. A success resets the account's
count; not the address's, or one valid account would launder an address's guesses at
others. Counts live in the shared cache (`caches["default"]`: Redis or the SQLite file),
so every process and host sees the same; keys hold an HMAC of the account name, never
the name itself. Refused attempts are not counted (the block would never end for a
client that keeps retrying on schedule). Once a key has been blocked, one check at a time
goes through when its block ends (a probe): others arriving meanwhile wait a second.

Chosen over django-axes (see README "Security"): axes covers only `authenticate()`, has
a fixed lock-out instead of a growing back-off, and sends no Retry-After.
"""
import hashlib
import hmac
import math
import threading
import time

from django.conf import settings
from django.core.cache import caches

from api import counters

# The longest one check past the free failures keeps others of its key waiting (a slow
# password hash on a loaded machine takes seconds; the check's report ends it sooner).
PROBE_SECONDS = 5
_thread = threading.local()


def _digest(text):
    return hmac.new(settings.SECRET_KEY.encode("utf-8"), text.encode("utf-8"), hashlib.sha256).hexdigest()[:32]


def address_key(address):
    return f"auth-fail:address:{_digest(address)}"


def account_key(kind, name):
    """`kind` is "user" (a login: username or email, compared case-insensitively) or "client"."""
    return f"auth-fail:{kind}:{_digest(name.strip().lower())}"


def backoff_seconds(failures, free):
    if failures < free:
        return 0
    doublings = min(failures - free, 32)
    return min(settings.AUTH_THROTTLE_MAX_SECONDS, settings.AUTH_THROTTLE_BASE_SECONDS * 2**doublings)


def _keys(address, account):
    return [(address_key(address), settings.AUTH_THROTTLE_FREE_FAILURES_PER_ADDRESS),
            (account, settings.AUTH_THROTTLE_FREE_FAILURES)]


def _seconds_left(blocked, now):
    return max(0, math.ceil(max(blocked.values(), default=0) - now))


def _remember_blocks(blocked, now):
    """Keeps blocks seen in the shared cache in this process's memory until they end too,
    for `known_retry_after` (a block only ends at its time: no success can lift it early)."""
    for key, until in blocked.items():
        if until > now:
            caches["local"].set(key, until, math.ceil(until - now))


def _held_probes():
    return _thread.__dict__.setdefault("probes", {})


def _claim_probes(keys, counts, now):
    """Past its free failures, a key lets one check through at a time (a probe, held until
    the check reports or PROBE_SECONDS pass): guessers arriving together when its block
    ends cost one hash, not one each. Re-entrant in a thread (the password grant asks
    twice for one check). False, with nothing claimed, while another check holds one."""
    cache, held, claimed = caches["default"], _held_probes(), []
    for key, free in keys:
        probe = f"{key}:probe"
        if counts.get(key, 0) < free or held.get(probe, 0) > now:
            continue
        if not cache.add(probe, 1, PROBE_SECONDS):
            _release(claimed)
            return False
        held[probe] = now + PROBE_SECONDS
        claimed.append(probe)
    return True


def _release(probes):
    caches["default"].delete_many(probes)
    held = _held_probes()
    for probe in probes:
        held.pop(probe, None)


def retry_after(address, account, now=None):
    """Whole seconds until `address` may try `account` again; 0 when it may now (past the
    free failures, this caller then holds the one check allowed at a time)."""
    now = time.time() if now is None else now
    keys = _keys(address, account)
    stored = caches["default"].get_many([name for key, _free in keys for name in (key, f"{key}:until")])
    blocked = {name: until for name, until in stored.items() if name.endswith(":until")}
    _remember_blocks(blocked, now)
    seconds = _seconds_left(blocked, now)
    if seconds:
        return seconds
    return 0 if _claim_probes(keys, stored, now) else 1


def known_retry_after(address, account, now=None):
    """`retry_after` as far as this process has seen blocks, without asking the shared
    cache: a guess at a known block is refused before any other work (early_refusal.py)."""
    now = time.time() if now is None else now
    return _seconds_left(caches["local"].get_many([f"{key}:until" for key, _free in _keys(address, account)]), now)


def failed(address, account, now=None):
    """Counts a failure against the address and the account, and blocks each past its free count."""
    now = time.time() if now is None else now
    cache = caches["default"]
    forget = settings.AUTH_THROTTLE_FORGET_SECONDS
    for key, free in _keys(address, account):
        count = counters.increment(key, forget)
        cache.touch(key, forget)  # forgotten a quiet period after the last failure, not the first
        delay = backoff_seconds(count, free)
        if delay:
            cache.set(f"{key}:until", now + delay, forget)
            _remember_blocks({f"{key}:until": now + delay}, now)
    _release([f"{key}:probe" for key, _free in _keys(address, account)])


def succeeded(account):
    """Resets the account (a probe its address held lapses after PROBE_SECONDS)."""
    caches["default"].delete_many([account, f"{account}:until"])
    _release([f"{account}:probe"])
    caches["local"].delete(f"{account}:until")  # other processes keep theirs until it would end


class Throttled(Exception):
    """An attempt refused unchecked; `seconds` is the Retry-After."""

    def __init__(self, seconds):
        super().__init__(f"Too many failed attempts; try again in {seconds} seconds.")
        self.seconds = seconds


def refuse_if_blocked(address, account):
    seconds = retry_after(address, account)
    if seconds:
        raise Throttled(seconds)
