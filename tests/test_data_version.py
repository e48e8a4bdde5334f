"""Row counts are remembered while the data is unchanged (api/data_version.py): a write on
the same connection or on another one must show in the next X-Ctlive-Row-Count."""
import base64
import threading

import pytest
from django.db import connection

from racing.models import Athlete, Entry

from .fresh_data import make_world

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
