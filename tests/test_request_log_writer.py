"""The request log's background writer (support/request_log.py) wakes once per batch: a
batch is written when API_LOG_FLUSH_SECONDS have passed, when API_LOG_BATCH_SIZE rows are
queued, or at a flush, whichever comes first; rows queued meanwhile go in the same batch."""
import base64
import time

import pytest
from django.db import connection
from django.test import override_settings

from support import request_log
from support.models import ApiRequest

from .fresh_data import make_world

pytestmark = pytest.mark.django_db(transaction=True)  # the writer's thread has a connection of its own


def logged(request_ids, within):
    """Whether every request id has its row within `within` seconds."""
    deadline = time.monotonic() + within
    while ApiRequest.objects.filter(request_id__in=request_ids).count() < len(request_ids):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


@pytest.fixture
def calls(client):
    client_id, login, password, event, _race = make_world()
    basic = "Basic " + base64.b64encode(f"{login}:{password}".encode()).decode()
    process_writer, request_log.writer = request_log.writer, request_log.BatchWriter()
    yield lambda: client.get(f"/api/event/{event.pk}/race", {"client_id": client_id},
                             HTTP_AUTHORIZATION=basic)["X-Request-Id"]
    request_log.writer.flush()
    request_log.writer = process_writer
    connection.close()


@override_settings(API_LOG_WRITER="thread", API_LOG_FLUSH_SECONDS=60, API_LOG_BATCH_SIZE=3)
def test_a_full_batch_is_written_without_waiting_out_the_flush_seconds(calls):
    first = [calls(), calls()]
    assert not logged(first, within=0.5)  # two rows: the batch waits
    assert logged([*first, calls()], within=10)


@override_settings(API_LOG_WRITER="thread", API_LOG_FLUSH_SECONDS=60, API_LOG_BATCH_SIZE=200)
def test_a_flush_writes_what_was_queued_at_once(calls):
    queued = [calls() for _ in range(5)]
    started = time.monotonic()
    request_log.flush()
    assert time.monotonic() - started < 10
    assert logged(queued, within=0)
