"""Two requests upserting the same natural key at the same moment make one entry, not two.
The database's unique constraint decides; the loser's create becomes an update."""
import threading

import pytest
import requests

from racing.models import Entry

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
