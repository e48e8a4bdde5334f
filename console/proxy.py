"""Sends one console call with `requests` and captures what happened.

No redirect is followed (a 3xx is shown as it came), connect and read timeouts apply, the
body is read as a stream and cut at `CONSOLE_MAX_RESPONSE_BYTES`, and the request captured
is the prepared request `requests` sent, so the page shows exactly what went out.

A call to another host also has one deadline, `CONSOLE_TOTAL_TIMEOUT`, for connecting,
the headers and the body together (an upstream dripping a byte or a header line at a
time never trips the per-read timeout). It runs on a small pool of its own, at most
`CONSOLE_CALLS_PER_PROCESS` at once: the server thread waits for it until the deadline and
no longer, and console calls can never hold every server thread. Calls to this server
itself run in the request's thread (in-process, nothing to drip).
"""
import time
import zlib
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from functools import cache
from threading import BoundedSemaphore

import requests
from django.conf import settings

from .target import Refused, checked_headers, checked_url
from .transport import InProcessAdapter, PinnedAdapter

WINDOW_BITS = {"gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}
# Headers urllib3 and http.client add when a request lacks them: set here instead, so the
# captured request holds every header that goes out.
SENT_BY_DEFAULT = (("User-Agent", "ctlive-console"), ("Accept-Encoding", "identity"))


@dataclass
class Call:
    """A request to send: everything but the credentials the server adds."""

    environment: object
    method: str
    url: str
    headers: list        # (name, value) pairs
    body: bytes = b""


@dataclass
class Sent:
    method: str
    url: str
    headers: list
    body: bytes


@dataclass
class Capture:
    sent: Sent | None = None
    status: int = 0
    reason: str = ""
    headers: list = field(default_factory=list)
    elapsed_ms: float = 0.0
    wire_size: int = 0          # bytes as they came (compressed or not)
    body: bytes = b""           # decoded, up to the cap
    cut: bool = False           # the body was larger than the cap
    error: str = ""             # why there is no response, in words
    error_kind: str = ""        # refused, timeout, connection, tls, too_large, bad_encoding

    @property
    def ok(self):
        return not self.error

    def header(self, name):
        return next((value for key, value in self.headers if key.lower() == name.lower()), "")


def session_for(environment, client_address):
    session = requests.Session()
    session.trust_env = False  # no proxies or .netrc from the server's environment
    session.headers.clear()
    limit = settings.CONSOLE_MAX_RESPONSE_BYTES
    adapter = InProcessAdapter(client_address, limit) if environment.local else PinnedAdapter(max_retries=0)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


class DeadlineExceeded(Exception):
    pass


class ConsoleBusy(Exception):
    pass


@cache
def remote_calls():
    """(pool, free slots) for calls to other hosts, made once per process."""
    size = settings.CONSOLE_CALLS_PER_PROCESS
    return ThreadPoolExecutor(max_workers=size, thread_name_prefix="console-call"), BoundedSemaphore(size)


def within_deadline(exchange, deadline):
    """exchange() on the pool; DeadlineExceeded when it has not finished by `deadline`
    (it then ends by itself at its next read), ConsoleBusy when every slot is taken."""
    pool, slots = remote_calls()
    if not slots.acquire(blocking=False):
        raise ConsoleBusy
    future = pool.submit(exchange)
    future.add_done_callback(lambda _future: slots.release())
    try:
        return future.result(timeout=max(0, deadline - time.monotonic()))
    except FutureTimeout:
        raise DeadlineExceeded


def read_capped(response, limit, deadline=None):
    """(wire bytes, cut): at most `limit` bytes of the body as sent, read before `deadline`."""
    chunks, size = [], 0
    for chunk in response.raw.stream(64 * 1024, decode_content=False):
        if deadline is not None and time.monotonic() > deadline:
            response.close()
            raise DeadlineExceeded
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            return b"".join(chunks)[:limit], True
    return b"".join(chunks), False


def decoded(wire, coding, limit):
    """The body without its Content-Encoding, never more than `limit` bytes (a small
    compressed body can expand without bound)."""
    bits = WINDOW_BITS.get(coding.strip().lower())
    if bits is None:
        return wire, False
    decompressor = zlib.decompressobj(bits)
    try:
        body = decompressor.decompress(wire, limit)
    except zlib.error:
        return wire, False
    return body, bool(decompressor.unconsumed_tail)


def send(call, client_address, credentials):
    """The Capture of `call` sent with `credentials` (extra headers and query pairs the
    server adds; see console.credentials). Never raises for a refused or failed call."""
    capture = Capture()
    try:
        url = checked_url(call.environment, credentials.url(call.url))
        headers = checked_headers([*call.headers, *credentials.headers()])
    except Refused as error:
        capture.error, capture.error_kind = str(error), "refused"
        return capture
    session = session_for(call.environment, client_address)
    prepared = session.prepare_request(requests.Request(call.method, url, headers=dict(headers), data=call.body or None))
    for name, value in (("Host", url.split("/")[2]), *SENT_BY_DEFAULT):
        prepared.headers.setdefault(name, value)
    capture.sent = Sent(prepared.method, prepared.url, list(prepared.headers.items()), prepared.body or b"")
    started = time.perf_counter()
    deadline = time.monotonic() + settings.CONSOLE_TOTAL_TIMEOUT

    def exchange():
        reply = session.send(prepared, allow_redirects=False, stream=True,
                             timeout=(settings.CONSOLE_CONNECT_TIMEOUT, settings.CONSOLE_READ_TIMEOUT))
        return reply, *read_capped(reply, settings.CONSOLE_MAX_RESPONSE_BYTES, deadline)

    try:
        response, wire, cut = exchange() if call.environment.local else within_deadline(exchange, deadline)
    except DeadlineExceeded:
        capture.error, capture.error_kind = (
            f"No complete response within {settings.CONSOLE_TOTAL_TIMEOUT} s (total deadline).", "timeout")
    except ConsoleBusy:
        capture.error, capture.error_kind = (
            "The console is making as many calls as it may at once; try again in a moment.", "busy")
    except Refused as error:
        capture.error, capture.error_kind = str(error), "refused"
    except requests.exceptions.SSLError as error:
        capture.error, capture.error_kind = f"TLS error: {error}", "tls"
    except requests.exceptions.ConnectTimeout:
        capture.error, capture.error_kind = (
            f"No connection within {settings.CONSOLE_CONNECT_TIMEOUT} s (connect timeout).", "timeout")
    except (requests.exceptions.ReadTimeout, TimeoutError):
        capture.error, capture.error_kind = (
            f"No response within {settings.CONSOLE_READ_TIMEOUT} s (read timeout).", "timeout")
    except requests.exceptions.ConnectionError as error:
        capture.error, capture.error_kind = f"The connection failed or was refused: {error}", "connection"
    else:
        capture.status, capture.reason = response.status_code, response.reason or ""
        capture.headers = [(name, value) for name, value in response.raw.headers.items()]
        capture.wire_size = len(wire)
        capture.body, decode_cut = decoded(wire, capture.header("Content-Encoding"), settings.CONSOLE_MAX_RESPONSE_BYTES)
        capture.cut = cut or decode_cut
        response.close()
    finally:
        session.close()
    capture.elapsed_ms = (time.perf_counter() - started) * 1000
    return capture
