"""A Django cache backend in one SQLite file: shared by every server process on a host.

The embedded default for counters (rate limit, quotas) and anything else that must be
seen by all processes without a Redis server. Increments are a single UPSERT statement,
so they are atomic across processes and cost about a tenth of a millisecond, where the
file cache rewrites a pickle file under a lock. Integers are stored as SQL integers so
they can be incremented in place; other values are pickled, as Django's own file and
database caches do. Several hosts need a real shared cache: set REDIS_URL.
"""
import pickle
import sqlite3
import threading
import time
from pathlib import Path

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache

SCHEMA = "CREATE TABLE IF NOT EXISTS cache (key TEXT PRIMARY KEY, value, expires REAL) WITHOUT ROWID"
NEVER = float("inf")
CULL_EVERY = 1000


class SQLiteCache(BaseCache):
    def __init__(self, location, params):
        super().__init__(params)
        self.path = Path(location) / "cache.sqlite3" if not str(location).endswith(".sqlite3") else Path(location)
        self._local = threading.local()
        self._writes = 0

    def _db(self):
        connection = getattr(self._local, "connection", None)
        if connection is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(self.path, timeout=10, isolation_level=None, check_same_thread=False)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=OFF")
            connection.execute(SCHEMA)
            self._local.connection = connection
        return connection

    def _expiry(self, timeout):
        """Epoch of expiry (Django's get_backend_timeout already returns an absolute time)."""
        expires = self.get_backend_timeout(timeout)
        return NEVER if expires is None else expires

    @staticmethod
    def _encode(value):
        if type(value) is int:
            return value
        return pickle.dumps(value, pickle.HIGHEST_PROTOCOL)

    @staticmethod
    def _decode(stored):
        return stored if isinstance(stored, int) else pickle.loads(stored)

    def _counted_write(self):
        self._writes += 1
        if self._writes % CULL_EVERY == 0:
            self._db().execute("DELETE FROM cache WHERE expires <= ?", (time.time(),))

    def get(self, key, default=None, version=None):
        key = self.make_and_validate_key(key, version=version)
        row = self._db().execute("SELECT value FROM cache WHERE key = ? AND expires > ?", (key, time.time())).fetchone()
        return default if row is None else self._decode(row[0])

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        self._db().execute("INSERT OR REPLACE INTO cache (key, value, expires) VALUES (?, ?, ?)",
                           (key, self._encode(value), self._expiry(timeout)))
        self._counted_write()

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        """Stores only when the key is absent or expired; True when it stored."""
        key = self.make_and_validate_key(key, version=version)
        cursor = self._db().execute(
            "INSERT INTO cache (key, value, expires) VALUES (?, ?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires = excluded.expires "
            "WHERE cache.expires <= ?",
            (key, self._encode(value), self._expiry(timeout), time.time()))
        self._counted_write()
        return cursor.rowcount == 1

    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        row = self._db().execute(
            "UPDATE cache SET value = value + ? WHERE key = ? AND expires > ? AND typeof(value) = 'integer' "
            "RETURNING value", (delta, key, time.time())).fetchone()
        if row is None:
            raise ValueError(f"Key '{key}' not found or not an integer")
        return row[0]

    def increment(self, key, timeout):
        """The count after adding one to `key`, in one statement: a new or expired key
        starts again at 1 and lives `timeout` seconds (api/counters.py)."""
        key = self.make_and_validate_key(key)
        now = time.time()
        row = self._db().execute(
            "INSERT INTO cache (key, value, expires) VALUES (?, 1, ?) ON CONFLICT (key) DO UPDATE SET "
            "value = CASE WHEN cache.expires <= ? OR typeof(cache.value) != 'integer' THEN 1 ELSE cache.value + 1 END, "
            "expires = CASE WHEN cache.expires <= ? THEN excluded.expires ELSE cache.expires END RETURNING value",
            (key, self._expiry(timeout), now, now)).fetchone()
        self._counted_write()
        return row[0]

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        cursor = self._db().execute("UPDATE cache SET expires = ? WHERE key = ? AND expires > ?",
                                    (self._expiry(timeout), key, time.time()))
        return cursor.rowcount == 1

    def delete(self, key, version=None):
        key = self.make_and_validate_key(key, version=version)
        return self._db().execute("DELETE FROM cache WHERE key = ?", (key,)).rowcount == 1

    def has_key(self, key, version=None):
        key = self.make_and_validate_key(key, version=version)
        return self._db().execute("SELECT 1 FROM cache WHERE key = ? AND expires > ?",
                                  (key, time.time())).fetchone() is not None

    def clear(self):
        self._db().execute("DELETE FROM cache")

    def close(self, **kwargs):
        """Connections are kept per thread for the life of the process, like Django's DB ones."""
