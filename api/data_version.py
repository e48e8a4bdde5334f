"""A token that changes whenever the data visible to this database connection may have
changed, so a result computed under one token can be reused while the token stays equal.

SQLite: `PRAGMA data_version` changes when another connection commits, and the
connection's own `total_changes` when it writes itself. PostgreSQL: the current snapshot
(`pg_current_snapshot()`) decides exactly which transactions are visible, so equal
snapshots see equal data. Both cost one trivial query, on PostgreSQL a round trip: a
list read there assumes the token its connection saw last and has its page's statement
return the snapshot it ran in (`consistent_read`). Inside a transaction, and on other
databases, there is no token and nothing is reused.
"""
import threading
from contextlib import contextmanager

from django.db import connections
from django.db.models import CharField, Expression

from .prepared import database, fetch_all

QUERIES = {"sqlite": "PRAGMA data_version", "postgresql": "SELECT pg_current_snapshot()::text"}
ASSUMED_ON = ("postgresql",)  # where asking for the token is a round trip
MAX_REMEMBERED = 1024


class Stale(Exception):
    """The data moved past the token a read assumed."""


class Look:
    """The tokens of one read, by connection alias; `assumed` holds those taken from the
    connection's last token without asking, until the read's own statement confirms them,
    and `pending` what was computed under them meanwhile."""

    def __init__(self, assume):
        self.assume, self.tokens, self.assumed, self.pending = assume, {}, {}, {}


_looks = threading.local()


@contextmanager
def one_look(assume=False):
    """Within it, each connection's token is asked for once: the reads of one request (a
    list's counts and its partition's constants) share it, one query instead of one each
    (on PostgreSQL a round trip). What is computed after a later commit is kept under the
    older token, which no request sees again once the commit is visible: never reused
    stale. With `assume`, see `consistent_read`."""
    outer = getattr(_looks, "look", None)
    _looks.look = Look(assume) if outer is None else outer
    try:
        yield
    finally:
        _looks.look = outer


def consistent_read(read):
    """`read()` under one look, on PostgreSQL without asking for the token: the connection's
    last token is assumed, `read` confirms it with the snapshot its page's statement ran in
    (`TokenColumn`, `confirm`) and, when the data has moved on since, runs again with the
    token asked for. An error `read` raises is confirmed first; what is computed under an
    assumed token is remembered once confirmed."""
    try:
        with one_look(assume=True):
            try:
                return read()
            except Stale:
                raise
            except Exception:  # an answer such as a 404 may rest on what the assumed token had
                for alias in tuple(_looks.look.assumed):
                    confirm(connections[alias])
                raise
    except Stale:
        with one_look():
            return read()


def current(db):
    """The token of connection `db`, or None when results must not be reused."""
    query = QUERIES.get(db.vendor)
    if query is None or db.in_atomic_block:
        return None
    look = getattr(_looks, "look", None)
    if look is not None and db.alias in look.tokens:
        return look.tokens[db.alias]
    last = getattr(db, "_data_version_last", None)
    if look is not None and look.assume and db.vendor in ASSUMED_ON and last and last[0] is db.connection:
        token = look.assumed[db.alias] = last[1]
    else:
        token = asked(db, query)
    if look is not None:
        look.tokens[db.alias] = token
    return token


def asked(db, query):
    token = fetch_all(query, (), db)[0][0]
    if db.vendor == "sqlite":
        return (token, db.connection.total_changes)
    db._data_version_last = (db.connection, token)
    return token


def assumed(db):
    """Whether this read assumed the token of `db`: its page's statement then selects
    a `TokenColumn` last, for `confirm`."""
    look = getattr(_looks, "look", None)
    return look is not None and db.alias in look.assumed


class TokenColumn(Expression):
    """The snapshot a PostgreSQL statement runs in, once per statement (an InitPlan)."""

    output_field = CharField()

    def as_sql(self, compiler, connection):
        return f"({QUERIES['postgresql']})", []


def confirm(db, seen=None):
    """Raises Stale when the token this read assumed for `db` is not the data's: `seen` is
    the snapshot its page's statement returned, or None when it read no row (then the token
    is asked for)."""
    look = getattr(_looks, "look", None)
    if look is None or db.alias not in look.assumed:
        return
    token = seen
    if token is None:
        token = asked(db, QUERIES[db.vendor])  # remembers it as the connection's last
    else:
        db._data_version_last = (db.connection, token)
    if token != look.assumed.pop(db.alias):
        raise Stale
    for values, key, value in look.pending.pop(db.alias, ()):
        keep(values, key, token, value)


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
    value = compute()
    if assumed(db):  # computed now, under a token the data may have left: kept once confirmed
        _looks.look.pending.setdefault(db.alias, []).append((values, key, value))
    else:
        keep(values, key, token, value)
    return value


def keep(values, key, token, value):
    if len(values) >= MAX_REMEMBERED:
        values.clear()
    values[key] = (token, value)
