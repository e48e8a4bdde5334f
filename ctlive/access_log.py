"""One log line per request: request id, method, path, status, duration, user, application.

Logged on the `ctlive.requests` logger at INFO, as JSON with LOG_FORMAT=json (the fields
are the record's own keys) or as one plain line. The path is logged without its query,
so credentials sent in a query (the test scheme's user_pass) never reach a log. The
middleware sits inside the request-id middleware, so `request_id.current()` is bound; the
duration ends when the response is handed back (a streamed body is still being sent).
"""
import logging
import time

from . import request_id

logger = logging.getLogger("ctlive.requests")


def who(request):
    """(user id, application id) of the request: the API's authenticated caller, else the
    signed-in visitor of the site (no application); "" where unknown."""
    caller = getattr(request, "api_caller", None)
    if caller is not None:
        return caller.user_id, caller.application_id
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return user.pk, ""
    return "", ""


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        if logger.isEnabledFor(logging.INFO):
            duration_ms = round((time.perf_counter() - started) * 1000, 2)
            user, application = who(request)
            fields = {"request_id": request_id.current(), "method": request.method, "path": request.path,
                      "status": response.status_code, "duration_ms": duration_ms, "user": user,
                      "application": application}
            # The request id is on every line already (the log format's request_id field).
            logger.info("%(method)s %(path)s %(status)s %(duration_ms)sms user=%(user)s application=%(application)s",
                        fields, extra=fields)
        return response
