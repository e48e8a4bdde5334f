"""Every GET operation of the registry costs a fixed number of SQL statements, whatever the
page size or the data: no statement per row, none that grows with a list. The API's reads
run on the driver's cursor and still pass through Django's execute_wrapper hooks, which is
how this test sees them."""
from contextlib import contextmanager

import pytest
from django.db import connection

from api.operations import all_operations
from racing.models import Bracket, Entry, Event, Interval, TimingDevice

from .api_client import basic

pytestmark = pytest.mark.django_db
# A list: visibility of its parent, the data-version token, the count (both reused while the data
# is unchanged), the page; a single entity: one statement. Credentials, the application and
# its policies are remembered per process after the first request.
LIST_STATEMENTS = 4
SINGLE_STATEMENTS = 1


@pytest.fixture(autouse=True)
def request_log_off(settings):
    """The API's own statements: the request log, which production writes in batches off the
    request's path (tests write it inline), is measured by its own bench row."""
    settings.API_LOG_ENABLED = False


@pytest.fixture()
def path_ids():
    """An id of every resource that may stand in a path, each with something under it."""
    event = Event.objects.get(name__contains="Marathon")
    race = event.races.order_by("order").first()
    entry = Entry.objects.filter(race=race, groups__isnull=False, results__isnull=False).first()
    device = TimingDevice.objects.filter(event=event, mats__isnull=False).first()
    return {
        "event": event.pk, "race": race.pk, "entry": entry.pk, "athlete": entry.athlete_id,
        "interval": Interval.objects.get(race=race, is_full=True).pk,
        "bracket": Bracket.objects.filter(race=race, bracket_type="OPEN").first().pk,
        "wave": race.waves.first().pk, "timing-point": device.timing_point_id, "timing-device": device.pk,
        "timing-mat": device.mats.first().pk, "groups": entry.groups.first().pk,
    }


@contextmanager
def statements():
    seen = []

    def record(execute, sql, params, many, context):
        seen.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        yield seen


def concrete(operation, path_ids):
    owner = operation.parent or operation.resource
    path_parameter = next(p for p in operation.parameters if p.location == "path").name if operation.parameters \
        and operation.parameters[0].location == "path" else None
    return operation.path.replace("{" + path_parameter + "}", str(path_ids[owner.segment])) if path_parameter \
        else operation.path


def read_statements(client, path, demo, **params):
    query = {"client_id": demo["client_id"], **params}
    headers = basic(*demo["director"])
    client.get(path, query, headers=headers)  # credentials and policies remembered
    with statements() as seen:
        response = client.get(path, query, headers=headers)
    assert response.status_code == 200, (path, response.content[:200])
    return seen, response


GET_OPERATIONS = [op for op in all_operations() if op.method == "GET"]


@pytest.mark.parametrize("operation", GET_OPERATIONS, ids=[op.operation_id for op in GET_OPERATIONS])
def test_each_get_operation_costs_a_fixed_number_of_statements(client, demo, path_ids, operation):
    path = concrete(operation, path_ids)
    if not operation.many:
        seen, _response = read_statements(client, path, demo)
        assert len(seen) <= SINGLE_STATEMENTS, seen
        return
    one, _response = read_statements(client, path, demo, size="1")
    seen, response = read_statements(client, path, demo, size="50")
    assert len(seen) <= LIST_STATEMENTS, seen
    assert len(one) == len(seen), "a statement per row or per page"
    assert int(response["X-Ctlive-Row-Count"]) >= 0


def test_a_hook_sees_the_list_query(client, demo, path_ids):
    seen, response = read_statements(client, f"/api/race/{path_ids['race']}/entry", demo, size="5")
    assert response.status_code == 200
    assert any("LIMIT" in sql and "racing_entry" in sql for sql in seen), seen


def test_statements_are_kept_by_shape_never_by_value(client, demo, path_ids):
    """Ever new `interval` and `bracket` values (ids, names) reuse the statements of their
    kind: a client cannot fill the statement memory, nor make every request compile."""
    from api import prepared

    path = f"/api/race/{path_ids['race']}/results"
    full, overall = Interval.objects.get(pk=path_ids["interval"]), Bracket.objects.get(pk=path_ids["bracket"])
    # Each shape once, with rows (a page read within one partition) and without.
    for interval, bracket in ((full.pk, overall.pk), (full.name, overall.name), ("1", "1"), ("Full", "Overall")):
        read_statements(client, path, demo, interval=str(interval), bracket=str(bracket))
    kept = len(prepared._statements)
    for number in range(2, 40):
        read_statements(client, path, demo, interval=str(number), bracket=str(number))
        read_statements(client, path, demo, interval=f"split {number}", bracket=f"group {number}")
    assert len(prepared._statements) == kept


def test_a_choice_by_name_or_id_still_selects_it(client, demo, path_ids):
    full = Interval.objects.get(pk=path_ids["interval"])
    path = f"/api/race/{path_ids['race']}/results"
    _seen, by_name = read_statements(client, path, demo, interval=full.name.upper(), size="5")
    _seen, by_id = read_statements(client, path, demo, interval=str(full.pk), size="5")
    rows = by_id.json()["race_results"]
    assert rows and by_name.json()["race_results"] == rows
    assert {row["results_interval_id"] for row in rows} == {str(full.pk)}
