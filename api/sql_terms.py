"""Pieces of SQL written for the planner: what a prepared statement's plan can see and use."""
from django.db.models import BooleanField, Expression, F
from django.db.models.lookups import In


class AmongIds(In):
    """`column IN (subquery)`, written for PostgreSQL as `column = ANY(ARRAY(subquery))`.

    PostgreSQL plans an IN subquery as a semi-join, estimated before it knows which
    brackets the subquery finds: it joined and sorted every rank of the table for a 50-row
    page (0.2-2 s). The ARRAY form runs the subquery once, first (an InitPlan), and gives
    its ids to the ranking index as a condition, so a page is read in the index's order.
    SQLite already reads `IN (subquery)` so. (Also the ids of a deep page, looked up by
    primary key.)

    `indexed=False` makes it a condition checked on rows found by another index: the
    column is written `(column + 0)`, which neither database reads from an index.
    """

    def __init__(self, column, subquery, indexed=True):
        super().__init__(F(column), subquery)
        self.indexed = indexed

    def process_lhs(self, compiler, connection, lhs=None):
        sql, params = super().process_lhs(compiler, connection, lhs)
        return (sql, params) if self.indexed else (f"({sql} + 0)", params)

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY(ARRAY{rhs})", (*lhs_params, *rhs_params)


class FalseLiteral(Expression):
    """False written into the SQL as `false` (both databases know the keyword), not bound as
    a parameter: a prepared statement's generic plan on PostgreSQL then knows the value and
    reads the matching range of an index that holds the flag."""

    output_field = BooleanField()

    def as_sql(self, compiler, connection):
        return "false", ()
