"""A token that changes whenever the data visible to this database connection may have
changed, so a result computed under one token can be reused while the token stays equal.

SQLite: `PRAGMA data_version` changes when another connection commits, and the
connection's own `total_changes` when it writes itself. PostgreSQL: the current snapshot
(`pg_current_snapshot()`) decides exactly which transactions are visible, so equal
snapshots see equal data. Both cost one trivial query. Inside a transaction, and on other
databases, there is no token and nothing is reused.
"""
from django.db import connection

from .prepared import fetch_all

QUERIES = {"sqlite": "PRAGMA data_version", "postgresql": "SELECT pg_current_snapshot()::text"}
MAX_REMEMBERED = 1024


def current():
    """The token, or None when results must not be reused."""
    query = QUERIES.get(connection.vendor)
    if query is None or connection.in_atomic_block:
        return None
    token = fetch_all(query, ())[0][0]
    if connection.vendor == "sqlite":
        return token, connection.connection.total_changes
    return token


def remembered(key, compute):
    """`compute()`, reused for `key` while the data this connection sees is unchanged.

    SQLite's tokens are numbered per connection, so what is remembered belongs to the
    connection it was computed on and goes when that connection is replaced.
    """
    token = current()
    if token is None:
        return compute()
    memory = getattr(connection, "_data_version_memory", None)
    if memory is None or memory[0] is not connection.connection:
        memory = connection._data_version_memory = (connection.connection, {})
    values = memory[1]
    found = values.get(key)
    if found is not None and found[0] == token:
        return found[1]
    if len(values) >= MAX_REMEMBERED:
        values.clear()
    value = compute()
    values[key] = (token, value)
    return value
