"""Read queries compiled once per shape and run with each request's values.

Building and compiling a Django queryset costs more than running it on a 50-row page. The
SQL of a read depends only on its shape (resource, path, columns, the resource's own
parameters, which optional filters are present); the values that differ from request to
request (the caller, the parent or entity id, the modification window, `last_id`, the
page window) enter the query as Slots: named placeholders that compile to one query
parameter and take their value when the statement runs, as in a prepared statement.
"""
from django.db import connection
from django.db.models import BigIntegerField, DateTimeField, Expression

MAX_STATEMENTS = 4096  # shapes remembered per process; past it the memory starts again


class Slot(Expression):
    """A value given when the statement runs, named in `Statement.run(values)`."""

    def __init__(self, name, output_field=None):
        super().__init__(output_field=output_field or BigIntegerField())
        self.name = name

    def as_sql(self, compiler, connection):
        return "%s", [self]


class Statement:
    """Compiled SQL, its parameters (fixed values and Slots), and the converters Django
    would apply to the selected columns, except for datetimes: they stay as the database
    gives them (UTC text on SQLite, aware datetimes on PostgreSQL). Every datetime the API
    selects is an epoch time on the wire, and `wire.epoch` reads both forms for a fifth of
    the cost of Django's converter.
    """

    def __init__(self, queryset, wrap="{}"):
        compiler = queryset.query.get_compiler(queryset.db)
        sql, params = compiler.as_sql()
        self.sql = wrap.format(sql)
        self.params = tuple(params)
        self.compiler = compiler
        converters = compiler.get_converters([column for column, _, _ in compiler.select[:compiler.col_count]])
        self.converters = {position: converter for position, converter in converters.items()
                           if not isinstance(converter[1].output_field, DateTimeField)}

    def bind(self, values):
        return [param.output_field.get_db_prep_value(values[param.name], connection)
                if isinstance(param, Slot) else param for param in self.params]

    def run(self, values, suffix="", extra=(), chunk_size=None):
        """Rows as lists of converted values; with `chunk_size`, fetched a chunk at a time
        through the backend's chunked (server-side on PostgreSQL) cursor."""
        if chunk_size is None:
            with connection.cursor() as cursor:
                cursor.execute(self.sql + suffix, [*self.bind(values), *extra])
                rows = cursor.fetchall()
            return self._converted(rows)
        return self._converted(self._chunks(values, suffix, extra, chunk_size))

    def first(self, values):
        rows = self.run(values, " LIMIT 1")
        return next(iter(rows), None)

    def _chunks(self, values, suffix, extra, chunk_size):
        cursor = connection.chunked_cursor()
        try:
            cursor.execute(self.sql + suffix, [*self.bind(values), *extra])
            while chunk := cursor.fetchmany(chunk_size):
                yield from chunk
        finally:
            cursor.close()

    def _converted(self, rows):
        if not self.converters:
            return rows
        return self.compiler.apply_converters(rows, self.converters)


_statements = {}


def statement(key, build, wrap="{}"):
    """The Statement of `key`, compiled from the queryset `build()` returns the first time."""
    found = _statements.get(key)
    if found is None:
        if len(_statements) >= MAX_STATEMENTS:
            _statements.clear()
        found = _statements[key] = Statement(build(), wrap)
    return found
