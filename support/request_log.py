"""The API request log: what a request leaves behind, written off the request's path.

The middleware (support/middleware.py) hands a plain dict of what it saw to `record`; a
background thread per server process takes the dicts from an in-memory queue and writes
them in batches (one `bulk_create` per `API_LOG_BATCH_SIZE` rows or `API_LOG_FLUSH_SECONDS`,
whichever comes first). Masking, cutting bodies and finding the application happen in that
thread too, so a request pays for a dict and a queue put. When the queue is full
(`API_LOG_QUEUE_MAX`) rows are dropped and counted in a warning: recording never fails or
holds up a request. `API_LOG_WRITER=inline` writes in the request's own thread instead
(in-process tests, whose database transaction other threads cannot see).
"""
import atexit
import base64
import logging
import os
import queue
import threading
import zlib
from datetime import UTC, datetime, timedelta
from urllib.parse import unquote

from django.conf import settings
from django.db import close_old_connections, transaction
from django.utils import timezone as django_timezone
from oauth2_provider.models import Application

from .masking import masked_headers, masked_query, masked_text
from .models import ApiRequest, SharedResult

logger = logging.getLogger(__name__)
DATABASE = "default"  # the log is not domain data: never in the testing database
WRITE_METHODS = ("POST", "PUT", "DELETE", "PATCH")
PURGE_CHUNK = 5000


WINDOW_BITS = {"gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}


def decoded(raw, coding):
    """The start of a body without its Content-Encoding (a compressed prefix decodes too)."""
    bits = WINDOW_BITS.get(coding.strip().lower())
    if bits is None or not raw:
        return raw
    try:
        return zlib.decompressobj(bits).decompress(raw, settings.API_LOG_CAPTURE_BYTES)
    except zlib.error:
        return b""


def header(headers, name):
    return next((value for key, value in headers if key.lower() == name), "")


def body_text(raw, content_type, with_code):
    """The first API_LOG_BODY_BYTES of a body, masked, as text."""
    if not raw:
        return ""
    # Masked before it is cut, so that a secret split by the cut is still found whole.
    text = raw.decode("utf-8", errors="replace")
    return masked_text(text, content_type, with_code)[: settings.API_LOG_BODY_BYTES]


def application_ids(client_ids):
    """{client_id: application id} of the client_ids named by rows without a caller."""
    if not client_ids:
        return {}
    return dict(Application.objects.using(DATABASE).filter(client_id__in=client_ids).values_list("client_id", "id"))


def basic_login(headers):
    """The login of an `Authorization: Basic` header (the client_id at the token endpoint)."""
    value = header(headers, "authorization")
    if value[:6].lower() != "basic ":
        return ""
    try:
        return unquote(base64.b64decode(value[6:].strip()).decode("utf-8").partition(":")[0])
    except (ValueError, UnicodeDecodeError):
        return ""


def client_id_of(entry):
    """The client_id the request named: in its query, or as the OAuth client's Basic login."""
    if entry["client_id"] or not entry["path"].startswith("/oauth2/"):
        return entry["client_id"]
    return basic_login(entry["request_headers"])


def row_of(entry, applications):
    """An ApiRequest from what the middleware saw, every secret masked."""
    caller = entry.get("caller")
    keep_bodies = entry["method"] in WRITE_METHODS or entry["status"] >= 400
    headers = entry["response_headers"]
    if not header(headers, "x-request-id"):
        headers.append(("X-Request-Id", entry["request_id"]))  # set by the one middleware outside the log
    response_type = header(headers, "content-type")
    row = ApiRequest(
        time=datetime.fromtimestamp(entry["time"], UTC), request_id=entry["request_id"][:128],
        environment=entry["environment"], method=entry["method"][:10], path=entry["path"][:500],
        query=masked_query(entry["query"]), status=entry["status"], error_code=(entry.get("error_code") or "")[:64],
        duration_ms=round(entry["duration_ms"], 2), request_bytes=entry["request_bytes"],
        response_bytes=entry["response_bytes"],
        application_id=caller.application_id if caller else applications.get(entry["client_id"]),
        client_id=entry["client_id"][:100], user_id=caller.user_id if caller else None,
        client_address=entry["client_address"][:45], user_agent=entry["user_agent"][:300],
        via_console=entry["via_console"],
        request_headers=masked_headers(entry["request_headers"]),
        response_headers=masked_headers(headers, with_code=False),
        request_body=body_text(entry["request_body"], entry["request_content_type"], True) if keep_bodies else "",
        response_body=body_text(decoded(entry["response_body"], header(headers, "content-encoding")), response_type,
                                False) if keep_bodies else "",
    )
    for field in row._meta.fields:
        value = getattr(row, field.attname)
        if isinstance(value, str):
            setattr(row, field.attname, storable(value))
    return row


def storable(text):
    """`text` as every database keeps it: a client's NUL or lone surrogate (which PostgreSQL
    refuses in a text column) becomes U+FFFD, so one such request cannot lose a batch."""
    return text.replace("\x00", "\ufffd").encode("utf-8", "replace").decode("utf-8")


def write(entries):
    """Writes a batch; a failure is logged (without the rows: they may hold secrets) and dropped."""
    if not entries:
        return
    try:
        for entry in entries:
            entry["client_id"] = client_id_of(entry)
        applications = application_ids({e["client_id"] for e in entries if not e.get("caller") and e["client_id"]})
        with transaction.atomic(using=DATABASE):  # a savepoint inside a request's own transaction
            ApiRequest.objects.using(DATABASE).bulk_create([row_of(entry, applications) for entry in entries])
    except Exception as error:  # recording must never break serving
        logger.warning("API request log: %d rows not written (%s: %s)", len(entries), type(error).__name__, error)


class BatchWriter:
    """One background thread per process (started again after a fork: gunicorn's workers).

    The thread wakes once per batch, not once per row: after the first row of a batch it
    waits out API_LOG_FLUSH_SECONDS (or until API_LOG_BATCH_SIZE rows are queued, or a
    flush) and then takes every queued row at once. Woken by each row, it took the
    interpreter from the request that queued it, on every request."""

    def __init__(self):
        self.pid = None
        self.lock = threading.Lock()
        self.queue = None
        self.hurry = None
        self.holding = 0  # rows of the coming batch the thread has taken off the queue
        self.dropped = 0

    def started(self):
        if self.pid != os.getpid():
            with self.lock:
                if self.pid != os.getpid():
                    self.queue = queue.Queue(maxsize=settings.API_LOG_QUEUE_MAX)
                    self.hurry = threading.Event()
                    threading.Thread(target=self.run, name="api-request-log", daemon=True).start()
                    self.pid = os.getpid()
        return self.queue

    def put(self, entry):
        pending = self.started()
        try:
            pending.put_nowait(entry)
        except queue.Full:
            self.dropped += 1
            if self.dropped % 1000 == 1:
                logger.warning("API request log: queue full, %d rows dropped so far", self.dropped)
        if pending.qsize() + self.holding >= settings.API_LOG_BATCH_SIZE:
            self.hurry.set()

    def next_batch(self, pending):
        batch = [pending.get()]
        self.holding = 1
        self.hurry.wait(settings.API_LOG_FLUSH_SECONDS)
        self.hurry.clear()
        while True:
            try:
                batch.append(pending.get_nowait())
            except queue.Empty:
                self.holding = 0
                return batch

    def run(self):
        pending = self.queue
        while True:
            batch = self.next_batch(pending)
            close_old_connections()
            rows = [entry for entry in batch if isinstance(entry, dict)]
            for start in range(0, len(rows), settings.API_LOG_BATCH_SIZE):
                write(rows[start:start + settings.API_LOG_BATCH_SIZE])
            for waiter in (entry for entry in batch if isinstance(entry, threading.Event)):
                waiter.set()

    def flush(self, timeout=10):
        """Waits until what was queued before the call is written (tests, process exit)."""
        if self.pid != os.getpid():
            return
        done = threading.Event()
        try:
            self.queue.put(done, timeout=timeout)
        except queue.Full:
            return
        self.hurry.set()
        done.wait(timeout)


writer = BatchWriter()
atexit.register(writer.flush, 5)


def record(entry):
    """Keeps what one request left behind (a dict from the middleware), off the request's path."""
    if settings.API_LOG_WRITER == "inline":
        write([entry])
    else:
        writer.put(entry)


def flush():
    writer.flush()


def purge(now=None):
    """Deletes log rows older than API_LOG_RETENTION_DAYS and expired shared results, in
    chunks so that no single transaction holds the database for long. Returns rows deleted."""
    now = now or django_timezone.now()
    cutoff = now - timedelta(days=settings.API_LOG_RETENTION_DAYS)
    deleted = 0
    old = ApiRequest.objects.using(DATABASE).filter(time__lt=cutoff)
    while True:
        ids = list(old.order_by("time").values_list("id", flat=True)[:PURGE_CHUNK])
        if not ids:
            break
        deleted += ApiRequest.objects.using(DATABASE).filter(id__in=ids).delete()[0]
    SharedResult.objects.using(DATABASE).filter(expires__lt=now).delete()
    return deleted
