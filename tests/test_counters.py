"""Shared counters (api/counters.py): exact when several processes count at once."""
import multiprocessing
import uuid

from django.conf import settings
from django.core.cache import caches
from django.test import override_settings

from api import counters

PROCESSES = 4
INCREMENTS = 150


def count_many(key, results):
    results.put(max(counters.increment(key, 60) for _ in range(INCREMENTS)))


def test_processes_counting_at_once_lose_no_increment(tmp_path):
    shared = {**settings.CACHES["default"], "LOCATION": str(tmp_path)}
    with override_settings(CACHES={**settings.CACHES, "default": shared}):
        key = f"test-counter:{uuid.uuid4().hex}"
        context = multiprocessing.get_context("fork")
        results = context.Queue()
        workers = [context.Process(target=count_many, args=(key, results)) for _ in range(PROCESSES)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(60)
        highest = max(results.get(timeout=5) for _ in workers)
        assert highest == caches["default"].get(key) == PROCESSES * INCREMENTS
