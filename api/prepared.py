"""Read queries compiled once per shape and run with each request's values.

Building and compiling a Django queryset costs more than running it on a 50-row page. The
SQL of a read depends only on its shape (resource, path, columns, the resource's own
parameters, which optional filters are present); the values that differ from request to
request (the caller, the parent or entity id, the modification window, `last_id`, the
page window) enter the query as Slots: named placeholders that compile to one query
parameter and take their value when the statement runs, as in a prepared statement.

A statement runs on the database driver's own cursor, its SQL already in the driver's
parameter style: Django's cursor wrapper would rewrite the SQL text on every execution
(on SQLite, a regular expression over the whole statement: more than running a one-row
query). It still passes through the connection's `execute_wrapper` hooks (error
trackers, tracing, debug toolbars) and into Django's debug query log when either is on,
as Django's own cursor would; with neither, that costs one check of each.
"""
import functools
import time

from django.db import connections
from django.db.backends.sqlite3.base import FORMAT_QMARK_REGEX
from django.db.models import BigIntegerField, Expression, F, Func
from django.db.models.lookups import In

from ctlive.environment import domain_alias
from ctlive.routers import is_domain_model

MAX_STATEMENTS = 4096  # shapes remembered per process; past it the memory starts again


class Slot(Expression):
    """A value given when the statement runs, named in `Statement.run(values)`."""

    def __init__(self, name, output_field=None):
        super().__init__(output_field=output_field or BigIntegerField())
        self.name = name

    def as_sql(self, compiler, connection):
        return "%s", [self]


class Statement:
    """Compiled SQL and its parameters (fixed values and Slots).

    Rows come back as the driver gives them, without Django's converters: what the API
    selects is read by the wire converters (api/wire.py), which take both drivers' own
    forms (booleans as bool or 0/1, dates as dates), and datetimes are selected as epoch
    seconds computed in SQL (`EpochSeconds`), so no datetime is parsed in Python.
    """

    def __init__(self, queryset, wrap="{}"):
        sql, params = queryset.query.get_compiler(queryset.db).as_sql()
        self.sql = wrap.format(sql)
        self.params = tuple(params)
        # Domain reads run in the current environment's database; accounts and tokens in default.
        self.domain = is_domain_model(queryset.model)

    def bind(self, values):
        return bound(self.params, values, database(self.domain))

    def run(self, values, suffix="", extra=(), chunk_size=None):
        """Rows as the driver returns them; with `chunk_size`, fetched a chunk at a time
        through the backend's chunked (server-side on PostgreSQL) cursor."""
        if chunk_size is None:
            return fetch_all(self.sql + suffix, [*self.bind(values), *extra], database(self.domain))
        return self._chunks(values, suffix, extra, chunk_size)

    def first(self, values):
        rows = self.run(values, " LIMIT 1")
        return next(iter(rows), None)

    def _chunks(self, values, suffix, extra, chunk_size):
        cursor = database(self.domain).chunked_cursor()
        try:
            cursor.execute(self.sql + suffix, [*self.bind(values), *extra])
            while chunk := cursor.fetchmany(chunk_size):
                yield from chunk
        finally:
            cursor.close()


class EpochSeconds(Func):
    """Whole seconds since the epoch of a datetime column, computed by the database: the
    API sends every datetime so, and SQL does it for less than parsing it in Python."""

    output_field = BigIntegerField()

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="CAST(strftime('%%%%s', %(expressions)s) AS INTEGER)",
                           **extra)

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="FLOOR(EXTRACT(EPOCH FROM %(expressions)s))::bigint",
                           **extra)


def bound(params, values, connection):
    """`params` with each Slot given its value from `values`, as `connection` stores it."""
    return [param.output_field.get_db_prep_value(values[param.name], connection)
            if isinstance(param, Slot) else param for param in params]


def database(domain=True):
    """This thread's connection to the current environment's domain data (or, with
    `domain=False`, to the shared accounts), looked up once per statement (Django's
    `connection` proxy looks it up again on every attribute read)."""
    return connections[domain_alias() if domain else "default"]


def driver_sql(sql, vendor):
    """`sql` in the parameter style of the `vendor`'s driver (what Django's SQLite cursor
    wrapper does to every query it runs)."""
    if vendor == "sqlite":
        return FORMAT_QMARK_REGEX.sub("?", sql).replace("%%", "%")
    return sql


def remembered(memory, key, make, limit=MAX_STATEMENTS):
    """memory[key], made by `make()` the first time; past `limit` keys the memory starts again."""
    found = memory.get(key)
    if found is None:
        if len(memory) >= limit:
            memory.clear()
        found = memory[key] = make()
    return found


_driver_sql = {}
# Rows in the driver's binary form where it has one: psycopg then reads numbers without
# parsing their text (a 1,000-row results page's fetch 10% faster on PostgreSQL).
EXECUTE_OPTIONS = {"postgresql": {"binary": True}}


def fetch_all(sql, params, db=None):
    """Every row of `sql` (in Django's %s style), run on the driver's cursor of `db` (the
    current environment's domain database unless named); database errors are raised as
    Django's, as through Django's own cursor."""
    db = db or database()
    converted = remembered(_driver_sql, sql, lambda: driver_sql(sql, db.vendor))
    db.ensure_connection()
    with db.wrap_database_errors:
        cursor = db.connection.cursor()
        try:
            if db.execute_wrappers or db.queries_logged:
                return observed(db, cursor, sql, converted, params)
            cursor.execute(converted, params, **EXECUTE_OPTIONS.get(db.vendor, {}))
            return cursor.fetchall()
        finally:
            cursor.close()


def observed(db, cursor, sql, converted, params):
    """The statement run through the connection's execute_wrapper hooks (which see Django's
    SQL and parameters, as from Django's cursor) and logged as Django's debug cursor does."""
    def execute(_sql, _params, _many, _context):
        cursor.execute(converted, params, **EXECUTE_OPTIONS.get(db.vendor, {}))
        return cursor.fetchall()

    context = {"connection": db, "cursor": cursor}
    for wrapper in reversed(db.execute_wrappers):
        execute = functools.partial(wrapper, execute)
    started = time.monotonic()
    try:
        return execute(sql, params, False, context)
    finally:
        if db.queries_logged:
            db.queries_log.append({"sql": db.ops.last_executed_query(cursor, sql, params),
                                   "time": f"{time.monotonic() - started:.3f}"})


def among(lookup, name, count):
    """A filter of `lookup` IN a list of `count` Slots (`name_0`, `name_1`, …): a statement
    reading such a list is compiled once per length; `listed_values` gives the Slots' values."""
    return In(F(lookup), [Slot(f"{name}_{n}") for n in range(count)])


def listed_values(name, values):
    return {f"{name}_{n}": value for n, value in enumerate(values)}


_statements = {}


def statement(key, build, wrap="{}"):
    """The Statement of `key`, compiled from the queryset `build()` returns the first time."""
    return remembered(_statements, key, lambda: Statement(build(), wrap))
