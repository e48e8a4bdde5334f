"""Records every API and OAuth request in the request log (support/request_log.py).

Sits outside every middleware but the request id's, so it records the answer as the client
gets it (headers, compressed size; the rate limit's 503 too); kept bodies are decompressed
by the log's writer, off the request's path. The console's calls to an
environment this process serves run through the whole middleware stack in process
(console/transport.py), so they are recorded here once, like any client's.
"""
import time

from django.conf import settings

from api.ratelimit import client_address
from ctlive import environment, request_id
from ctlive.request_id_middleware import answers_with_id

from . import request_log

SENT_BY_CONSOLE = "ctlive-console"  # SERVER_SOFTWARE of the console's in-process calls


class TeeStream:
    """The request's input stream, keeping a copy of the first bytes the view reads."""

    def __init__(self, stream, keep):
        self.stream, self.keep, self.kept = stream, keep, bytearray()

    def read(self, *args):
        data = self.stream.read(*args)
        if len(self.kept) < self.keep:
            self.kept += data[: self.keep - len(self.kept)]
        return data

    def readline(self, *args):
        data = self.stream.readline(*args)
        if len(self.kept) < self.keep:
            self.kept += data[: self.keep - len(self.kept)]
        return data

    def __getattr__(self, name):
        return getattr(self.stream, name)


def request_headers(meta):
    headers = [(key[5:].replace("_", "-").title(), value) for key, value in meta.items() if key.startswith("HTTP_")]
    if meta.get("CONTENT_TYPE"):
        headers.append(("Content-Type", meta["CONTENT_TYPE"]))
    return headers


def counted(chunks, entry):
    """A streamed body passed through, its size recorded when it has been sent."""
    size = 0
    try:
        for chunk in chunks:
            size += len(chunk)
            yield chunk
    finally:
        entry["response_bytes"] = size
        entry["duration_ms"] = (time.perf_counter() - entry.pop("started")) * 1000
        request_log.record(entry)


class ApiLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.API_LOG_ENABLED or not answers_with_id(request.path_info):
            return self.get_response(request)
        started = time.perf_counter()
        tee = TeeStream(request._stream, settings.API_LOG_CAPTURE_BYTES)
        request._stream = tee
        response = self.get_response(request)
        meta = request.META
        entry = {
            "time": time.time(), "request_id": request_id.current(),
            "environment": getattr(request, "api_environment", environment.PRODUCTION),
            "method": request.method, "path": request.path, "query": meta.get("QUERY_STRING", ""),
            "status": response.status_code, "error_code": getattr(response, "api_error_code", ""),
            "request_bytes": int(meta.get("CONTENT_LENGTH") or 0), "caller": getattr(request, "api_caller", None),
            "client_id": request.GET.get("client_id", ""), "client_address": client_address(request),
            "user_agent": meta.get("HTTP_USER_AGENT", ""), "via_console": meta.get("SERVER_SOFTWARE") == SENT_BY_CONSOLE,
            "request_headers": request_headers(meta), "response_headers": list(response.items()),
            "request_content_type": meta.get("CONTENT_TYPE", ""), "request_body": bytes(tee.kept),
        }
        if response.streaming:
            entry["response_body"], entry["started"] = b"", started
            response.streaming_content = counted(response.streaming_content, entry)
            return response
        entry["response_bytes"] = len(response.content)
        entry["response_body"] = response.content[: settings.API_LOG_CAPTURE_BYTES]
        entry["duration_ms"] = (time.perf_counter() - started) * 1000
        request_log.record(entry)
        return response
