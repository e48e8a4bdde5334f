"""Counters shared by every server process: a number per key in the shared cache
(`caches["default"]`).

Both shared backends count atomically: Redis with INCR, the embedded SQLite cache
(ctlive/sqlite_cache.py) with one UPDATE statement, so concurrent requests in several
processes never lose an increment.
"""
from django.core.cache import caches


def increment(key, ttl):
    """The count after adding one to `key`; a new key starts at 1 and lives `ttl` seconds."""
    cache = caches["default"]
    if cache.add(key, 1, ttl):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, ttl)
        return 1
