"""A group's entries are listed in entry id order from the membership index on (group,
entry): every page, by number, deep or by last_id, is part of the one list, each member
once, and on SQLite the page is read in the index's order, sorting nothing, whatever the
planner's statistics (the test database has none)."""
import pytest
from django.db import connection

from racing.models import Entry, Group, GroupMembership

from .api_client import basic
from .test_api_statements import statements

pytestmark = pytest.mark.django_db


@pytest.fixture()
def group():
    """A group with members in other groups too (a join repeating rows would show), and a
    test entry among them, which lists hide by default."""
    group = Group.objects.filter(event__is_test=False).order_by("pk").first()
    other = Group.objects.filter(event=group.event).exclude(pk=group.pk).first()
    entries = list(Entry.objects.filter(event=group.event, is_test=False).order_by("-pk")[:30])
    GroupMembership.objects.filter(group=group).delete()
    GroupMembership.objects.bulk_create([GroupMembership(entry=e, group=g) for e in entries for g in (group, other)],
                                        ignore_conflicts=True)
    Entry.objects.filter(pk=entries[3].pk).update(is_test=True)
    return group


def entry_ids(client, demo, group, **params):
    response = client.get(f"/api/groups/{group.pk}/entry", {"client_id": demo["client_id"], "columns": "entry_id",
                                                           **params}, headers=basic(*demo["director"]))
    assert response.status_code == 200, response.content[:200]
    return [int(row["entry_id"]) for row in response.json()["group_entry"]]


def test_pages_by_number_and_by_last_id_are_the_members_in_id_order(client, demo, group):
    members = sorted(group.entries.filter(is_test=False).values_list("pk", flat=True))
    assert len(members) == 29
    assert entry_ids(client, demo, group, size="1000") == members
    by_page = [pk for page in range(1, 6) for pk in entry_ids(client, demo, group, size="7", page=str(page))]
    assert by_page == members
    assert entry_ids(client, demo, group, size="7", last_id=str(members[9])) == members[10:17]
    with_tests = entry_ids(client, demo, group, size="1000", include_test_entries="1")
    assert with_tests == sorted(group.entries.values_list("pk", flat=True))


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite plans without statistics; PostgreSQL plans the test database's few rows by its own")
def test_the_page_is_read_in_the_membership_index_order(client, demo, group):
    entry_ids(client, demo, group, size="5")  # credentials and policies remembered
    with statements() as seen:
        entry_ids(client, demo, group, size="5")
    page = next(sql for sql in seen if "ORDER BY" in sql and "racing_entry_groups" in sql)
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {page}", [group.pk, 5, 0])
        plan = " / ".join(row[-1] for row in cursor.fetchall())
    assert "membership_group_entry" in plan and "TEMP B-TREE" not in plan, plan
