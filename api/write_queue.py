"""One writer at a time on SQLite, in every process serving the same database file.

SQLite lets one transaction write at a time, and a writer that finds the database locked
sleeps and retries (1, 2, 5 … 100 ms) rather than queueing: thirty threads contending that
way wait seconds behind each other, in no order, and a writer of another gunicorn worker
may sleep 100 ms past the moment the lock came free. Writers of one process therefore
queue on a lock of their own first, in arrival order, and then the one writer of each
process on an exclusive `flock` of a file beside the database, which the kernel hands on
the moment it is released; only then do they meet SQLite's lock, free by then. Other
databases queue writers themselves (row locks).
"""
import fcntl
import os
import threading
from contextlib import contextmanager

from .prepared import database

_guard = threading.Lock()
_queues = {}  # database file → (pid, thread lock, lock file descriptor)


def _queue(path):
    """This process's queue for `path`; a process forked after opening it opens its own file
    (an inherited descriptor would share the parent's lock)."""
    with _guard:
        pid, lock, descriptor = _queues.get(path, (None, None, None))
        if pid != os.getpid():
            lock = threading.Lock()
            descriptor = os.open(f"{path}-writers.lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
            _queues[path] = (os.getpid(), lock, descriptor)
        return lock, descriptor


@contextmanager
def queued_write():
    connection = database()
    path = str(connection.settings_dict["NAME"])
    if connection.vendor != "sqlite" or path.startswith("file:") or path == ":memory:":
        yield
        return
    lock, descriptor = _queue(path)
    with lock:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(descriptor, fcntl.LOCK_UN)
