"""The one exception type of the API; the view renders it in the requested format."""
from django.utils.translation import gettext as _

from ctlive import request_id


class ApiError(Exception):
    def __init__(self, status, code, message, details=None, headers=None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details or {}
        self.headers = headers or {}

    def as_envelope(self):
        body = {"status": str(self.status), "code": self.code, "message": self.message}
        if self.details:
            body["details"] = {key: str(value) for key, value in self.details.items()}
        # The id the answer's X-Request-Id carries: what a customer quotes to support.
        body["request_id"] = request_id.current()
        return {"error": body}


def invalid_parameter(name, message):
    return ApiError(400, "invalid_parameter", message, {"parameter": name})


def not_found(message="No such resource."):
    return ApiError(404, "not_found", message)


def database_busy():
    """A write that waited out the database's lock timeout: a 503 to retry, never a 500."""
    return ApiError(503, "database_busy", _("The database is busy with other writes; retry shortly."),
                    headers={"Retry-After": "1"})


# PostgreSQL's deadlock, serialization failure and lock timeout: another writer won, retry.
RETRYABLE_SQLSTATES = {"40P01", "40001", "55P03"}


def is_busy(problem):
    """SQLite's "database is locked" (or "… table is locked") after its busy timeout, or a
    PostgreSQL write that lost to a concurrent one."""
    return "is locked" in str(problem) or getattr(problem.__cause__, "sqlstate", None) in RETRYABLE_SQLSTATES
