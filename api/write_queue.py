"""One writer at a time per process on SQLite.

SQLite lets one transaction write at a time, and a writer that finds the database locked
sleeps and retries (1, 2, 5 … 100 ms) rather than queueing: thirty threads contending that
way wait seconds behind each other, in no order. Writers of one process therefore queue
on a lock of their own first, in arrival order, and only one per process meets the others
at SQLite's lock. Other databases queue writers themselves (row locks).
"""
import threading
from contextlib import contextmanager

from .prepared import database

_one_writer = threading.Lock()


@contextmanager
def queued_write():
    if database().vendor != "sqlite":
        yield
        return
    with _one_writer:
        yield
