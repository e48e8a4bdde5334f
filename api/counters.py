"""Counters shared by every server process: a number per key in the shared cache
(`caches["default"]`).

Both shared backends count atomically: Redis with INCR, the embedded SQLite cache
(ctlive/sqlite_cache.py) with one UPSERT statement, so concurrent requests in several
processes never lose an increment.
"""
import math
import time

from django.core.cache import caches

from ctlive.sqlite_cache import SQLiteCache


def increment(key, ttl):
    """The count after adding one to `key`; a new key starts at 1 and lives `ttl` seconds.

    The SQLite cache counts in one statement of its own; other backends add, then incr.
    """
    cache = caches["default"]
    if isinstance(cache, SQLiteCache):
        return cache.increment(key, ttl)
    if cache.add(key, 1, ttl):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, ttl)
        return 1


def decrement(key):
    """Takes one back from `key`; nothing when the count expired or was culled meanwhile
    (there is nothing left to give back)."""
    try:
        caches["default"].decr(key)
    except ValueError:
        pass


def seconds_over(key, limit, window):
    """0 while `key` has been counted at most `limit` times in the current fixed window of
    `window` seconds (this call counts), else the seconds until the next window."""
    now = time.time()
    number = int(now // window)
    if increment(f"{key}:{number}", window + 1) > limit:
        return max(1, math.ceil((number + 1) * window - now))
    return 0
