"""Row counts are remembered while the data is unchanged (api/data_version.py): a write on
the same connection or on another one must show in the next X-Ctlive-Row-Count."""
import base64
import threading

import pytest
from django.db import connection

from racing.models import Athlete, Entry

from .fresh_data import make_world
from .writes_client import Writer

pytestmark = pytest.mark.django_db(transaction=True)


def add_entry(event, race, bib):
    athlete = Athlete.objects.create(first_name="Row", last_name=f"Count {bib}")
    Entry.objects.create(event=event, race=race, athlete=athlete, bib=bib)


def test_row_count_follows_writes_of_this_and_other_connections(client):
    client_id, login, password, event, race = make_world()
    basic = "Basic " + base64.b64encode(f"{login}:{password}".encode()).decode()

    def row_count():
        response = client.get(f"/api/event/{event.pk}/entry", {"client_id": client_id}, HTTP_AUTHORIZATION=basic)
        assert response.status_code == 200
        return int(response.headers["X-Ctlive-Row-Count"])

    assert row_count() == 0
    assert row_count() == 0  # remembered
    add_entry(event, race, "1")  # this thread's connection
    assert row_count() == 1

    def elsewhere():
        try:
            add_entry(event, race, "2")
        finally:
            connection.close()

    writer = threading.Thread(target=elsewhere)  # a thread has a connection of its own
    writer.start()
    writer.join()
    assert row_count() == 2
    Entry.objects.filter(bib="1").delete()
    assert row_count() == 1


def test_one_request_asks_for_the_token_once(client, settings):
    """A results page remembers its counts and its partition's constants under one token,
    asked for once; the next request asks again, and sees a write made in between."""
    from api import data_version

    # The request log's rows are commits too (on PostgreSQL any commit moves the snapshot).
    settings.API_LOG_ENABLED = False
    client_id, login, password, event, race = make_world()
    basic = "Basic " + base64.b64encode(f"{login}:{password}".encode()).decode()
    writer = Writer(client, login, password)
    bracket = {"bracket_name": "Overall", "bracket_type": "OPEN"}
    writer.ok("post", f"/api/race/{race.pk}/bracket", bracket, client_id=client_id)
    full = {"interval_name": "Full course", "interval_is_full": "1", "interval_distance": "5000"}
    interval = writer.ok("post", f"/api/race/{race.pk}/interval", full, client_id=client_id)["race_interval"][0]
    entry = {"athlete_first_name": "One", "athlete_last_name": "Token", "entry_bib": "7"}
    writer.ok("post", f"/api/race/{race.pk}/entry", entry, client_id=client_id)
    result = {"results_bib": "7", "results_interval_id": interval["interval_id"],
              "results_begin_chip_time": "1780000000", "results_end_chip_time": "1780001500"}
    writer.ok("post", f"/api/race/{race.pk}/results", result, client_id=client_id)
    asked = []

    def count_tokens(execute, sql, params, many, context):
        asked.extend([sql] if sql in data_version.QUERIES.values() else [])
        return execute(sql, params, many, context)

    def page():
        with connection.execute_wrapper(count_tokens):
            response = client.get(f"/api/race/{race.pk}/results", {"client_id": client_id},
                                  HTTP_AUTHORIZATION=basic)
        assert response.status_code == 200 and response.json()["race_results"]
        return response

    page()
    asked.clear()
    page()
    # On PostgreSQL the page's own statement says which snapshot it read: the token is not
    # asked for while the data is unchanged (data_version.consistent_read).
    assert len(asked) == (0 if connection.vendor == "postgresql" else 1)
    add_entry(event, race, "2")
    asked.clear()
    page()
    assert len(asked) == 1  # PostgreSQL: the assumed token was stale, the page read again
    with data_version.one_look():
        first = data_version.current(connection)
        add_entry(event, race, "3")
        assert data_version.current(connection) == first  # the look keeps the token it saw
    assert data_version.current(connection) != first


def test_a_lists_parent_is_seen_again_after_a_grant_is_taken(client):
    """Whether the caller sees a list's parent is remembered like the counts: taking the
    grant away shows at the next request."""
    from racing.models import EventGrant

    client_id, login, password, event, race = make_world()
    basic = "Basic " + base64.b64encode(f"{login}:{password}".encode()).decode()

    def status():
        return client.get(f"/api/event/{event.pk}/race", {"client_id": client_id}, HTTP_AUTHORIZATION=basic).status_code

    assert status() == status() == 200  # the second from what was remembered
    EventGrant.objects.filter(event=event).delete()
    assert status() == 404


def test_a_lists_parent_is_seen_once_a_grant_is_given(client):
    """A 404 resting on what was remembered is confirmed before it is answered."""
    from racing.models import EventGrant

    client_id, login, password, event, race = make_world()
    basic = "Basic " + base64.b64encode(f"{login}:{password}".encode()).decode()
    grants = list(EventGrant.objects.filter(event=event))

    def status():
        return client.get(f"/api/event/{event.pk}/race", {"client_id": client_id}, HTTP_AUTHORIZATION=basic).status_code

    EventGrant.objects.filter(event=event).delete()
    assert status() == status() == 404
    EventGrant.objects.bulk_create(grants)
    assert status() == 200


def test_a_page_read_under_a_stale_token_is_read_again(client):
    """On PostgreSQL a list assumes its connection's last token; a commit of another
    connection in between makes the page's statement return another snapshot, and the
    page is read again: count and rows agree with the data."""
    client_id, login, password, event, race = make_world()
    basic = "Basic " + base64.b64encode(f"{login}:{password}".encode()).decode()

    def page():
        response = client.get(f"/api/race/{race.pk}/entry", {"client_id": client_id}, HTTP_AUTHORIZATION=basic)
        assert response.status_code == 200
        return int(response.headers["X-Ctlive-Row-Count"]), len(response.json()["race_entry"])

    add_entry(event, race, "1")
    assert page() == page() == (1, 1)
    for bib in ("2", "3"):
        writer = threading.Thread(target=lambda bib=bib: (add_entry(event, race, bib), connection.close()))
        writer.start()
        writer.join()
        assert page() == (int(bib), int(bib))
