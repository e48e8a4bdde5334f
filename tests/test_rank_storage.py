"""racing_bracketrank keeps free room in its pages on PostgreSQL (racing migration 0006), so
that the rank shifts of a write stay HOT updates; SQLite has no such setting."""
import pytest
from django.db import connections

from racing.models import BracketRank

pytestmark = pytest.mark.django_db(databases="__all__")


@pytest.mark.parametrize("alias", ["default", "testing"])
def test_rank_rows_leave_room_for_hot_updates_on_postgresql(alias):
    connection = connections[alias]
    if connection.vendor != "postgresql":
        pytest.skip("fillfactor is a PostgreSQL storage parameter; SQLite has none")
    with connection.cursor() as cursor:
        cursor.execute("SELECT reloptions FROM pg_class WHERE oid = %s::regclass", [BracketRank._meta.db_table])
        assert cursor.fetchone()[0] == ["fillfactor=50"]
