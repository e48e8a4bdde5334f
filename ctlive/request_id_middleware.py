"""Binds the request id (ctlive/request_id.py) for the whole request, sends it back as
`X-Request-Id` on API and OAuth answers, and puts it on log lines.

Placed first in MIDDLEWARE, so the rate limit's 503, the API's errors and the request log
all see the same id. An incoming `X-Request-Id` is kept only when the direct peer is one of
`API_TRUSTED_PROXIES` (the same trust the rate limit gives `X-Forwarded-For`) and the id is
well formed; otherwise every request gets a new random id.
"""
import logging
import re
import uuid

from django.utils.log import log_response

from api.paths import is_api
from api.ratelimit import is_trusted_proxy

from . import request_id

HEADER = "X-Request-Id"
WELL_FORMED = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$")


def answers_with_id(path_info):
    return is_api(path_info) or path_info.startswith("/oauth2/")


def incoming_or_new(request):
    """The trusted proxy's id when there is one and it is well formed, else a new one."""
    incoming = request.META.get("HTTP_X_REQUEST_ID", "")
    if incoming and WELL_FORMED.match(incoming) and is_trusted_proxy(request.META.get("REMOTE_ADDR", "")):
        return incoming
    return uuid.uuid4().hex


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = incoming_or_new(request)
        token = request_id.bind(request.request_id)
        try:
            response = self.get_response(request)
            if response.status_code >= 400:
                # Django logs 4xx answers after the last middleware returns: log them here,
                # while the id is still bound (log_response marks them, so once only).
                log_response("%s: %s", response.reason_phrase, request.path, response=response, request=request)
        finally:
            request_id.reset(token)
        if answers_with_id(request.path_info):
            response[HEADER] = request.request_id
        return response


class RequestIdLogFilter(logging.Filter):
    """Adds `request_id` to every log record ("-" outside a request), for the log format."""

    def filter(self, record):
        record.request_id = request_id.current() or "-"
        return True
