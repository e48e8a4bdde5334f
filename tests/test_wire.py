"""Epoch times on the wire: datetimes are turned into whole epoch seconds by the database
(api/prepared.py, EpochSeconds), stored float epochs keep their fraction (api/wire.py)."""
import base64
import datetime

import pytest

from api import wire
from racing.models import Event

from .fresh_data import make_world

MOMENT = datetime.datetime(2026, 11, 26, 10, 37, 5, 750000, tzinfo=datetime.UTC)


@pytest.mark.django_db
def test_datetimes_are_sent_as_whole_epoch_seconds_by_single_and_list_reads(client):
    client_id, login, password, event, _race = make_world()
    Event.objects.filter(pk=event.pk).update(start_time=MOMENT, end_time=None)
    modified = Event.objects.get(pk=event.pk).modified
    basic = "Basic " + base64.b64encode(f"{login}:{password}".encode()).decode()

    single = client.get(f"/api/event/{event.pk}", {"client_id": client_id}, HTTP_AUTHORIZATION=basic)
    listed = client.get("/api/event", {"client_id": client_id}, HTTP_AUTHORIZATION=basic)

    for row in (single.json()["event"], listed.json()["event"][0]):
        assert row["event_start_time"] == "1795689425"  # 10:37:05.75 UTC: the fraction is dropped
        assert row["event_end_time"] == ""
        assert row["event_modified"] == str(int(modified.timestamp()))


def test_stored_float_epochs_keep_their_fraction():
    assert wire.CONVERTERS["epoch_time"](1795689425.25) == "1795689425.25"
    assert wire.CONVERTERS["epoch_time"](1795689425.0) == "1795689425"
    assert wire.CONVERTERS["epoch_time"](None) == ""
