"""A token that changes whenever the data visible to this database connection may have
changed, so a result computed under one token can be reused while the token stays equal.

SQLite: `PRAGMA data_version` changes when another connection commits, and the
connection's own `total_changes` when it writes itself. PostgreSQL: the current snapshot
(`pg_current_snapshot()`) decides exactly which transactions are visible, so equal
snapshots see equal data. Both cost one trivial query. Inside a transaction, and on other
databases, there is no token and nothing is reused.
"""
import threading
from contextlib import contextmanager

from .prepared import database, fetch_all

QUERIES = {"sqlite": "PRAGMA data_version", "postgresql": "SELECT pg_current_snapshot()::text"}
MAX_REMEMBERED = 1024


_looks = threading.local()


@contextmanager
def one_look():
    """Within it, each connection's token is asked for once: the reads of one request (a
    list's counts and its partition's constants) share it, one query instead of one each
    (on PostgreSQL a round trip). What is computed after a later commit is kept under the
    older token, which no request sees again once the commit is visible: never reused
    stale."""
    outer = getattr(_looks, "tokens", None)
    _looks.tokens = {} if outer is None else outer
    try:
        yield
    finally:
        _looks.tokens = outer


def current(db):
    """The token of connection `db`, or None when results must not be reused."""
    query = QUERIES.get(db.vendor)
    if query is None or db.in_atomic_block:
        return None
    looked = getattr(_looks, "tokens", None)
    if looked is not None and db.alias in looked:
        return looked[db.alias]
    token = fetch_all(query, (), db)[0][0]
    if db.vendor == "sqlite":
        token = (token, db.connection.total_changes)
    if looked is not None:
        looked[db.alias] = token
    return token


def remembered(key, compute):
    """`compute()`, reused for `key` while the data this connection sees is unchanged.

    SQLite's tokens are numbered per connection, so what is remembered belongs to the
    connection it was computed on and goes when that connection is replaced.
    """
    db = database()
    token = current(db)
    if token is None:
        return compute()
    memory = getattr(db, "_data_version_memory", None)
    if memory is None or memory[0] is not db.connection:
        memory = db._data_version_memory = (db.connection, {})
    values = memory[1]
    found = values.get(key)
    if found is not None and found[0] == token:
        return found[1]
    if len(values) >= MAX_REMEMBERED:
        values.clear()
    value = compute()
    values[key] = (token, value)
    return value
