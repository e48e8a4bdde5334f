"""Two requests upserting the same natural key at the same moment make one entry, not two.
The database's unique constraint decides; the loser's create becomes an update."""
import sqlite3
import threading

import pytest
import requests
from django.db import connection

from racing.models import Entry

from .api_client import basic
from .fresh_data import make_world

pytestmark = pytest.mark.django_db(transaction=True)
BIBS = 15


def test_concurrent_upserts_of_one_bib_make_one_entry(live_server):
    client_id, login, password, _event, race = make_world()
    url = f"{live_server.url}/api/race/{race.pk}/entry"
    barrier = threading.Barrier(2)
    statuses = []

    def post(bib, tag):
        barrier.wait()
        response = requests.post(url, params={"client_id": client_id}, auth=(login, password), timeout=60,
                                 json={"entry_bib": bib, "entry_tag": tag, "athlete_first_name": "Same",
                                       "athlete_last_name": f"Bib{bib}"})
        statuses.append(response.json()["race_entry"][0]["status"])

    for number in range(BIBS):
        threads = [threading.Thread(target=post, args=(str(number), tag)) for tag in ("A", "B")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    assert Entry.objects.filter(race=race).count() == BIBS
    assert sorted(statuses) == ["created"] * BIBS + ["updated"] * BIBS


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's database-wide write lock")
def test_a_write_that_outwaits_the_lock_is_a_503_in_the_format_asked(client):
    """Another process holds SQLite's write lock past the busy timeout: the API answers
    503 with Retry-After in the requested format (never Django's HTML 500), nothing written."""
    client_id, login, password, _event, race = make_world()
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout = 50")
    holder = sqlite3.connect(connection.settings_dict["NAME"])
    try:
        holder.execute("BEGIN IMMEDIATE")
        response = client.put(f"/api/race/{race.pk}?client_id={client_id}", data='{"race_tag": "X"}',
                              content_type="application/json", headers=basic(login, password))
    finally:
        holder.rollback()
        holder.close()
    assert response.status_code == 503 and response["Retry-After"] == "1"
    assert response.json()["error"]["code"] == "database_busy"
    race.refresh_from_db()
    assert race.tag == ""
