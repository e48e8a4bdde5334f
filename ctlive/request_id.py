"""The id of the request being served, for answers, error bodies, the request log and log lines.

A middleware (placed first, so that everything inside it sees the id) binds the id at the
start of a request and resets it after the response is made; code anywhere in the request
reads it with `current()`, without being handed the request.
"""
import contextvars

_current = contextvars.ContextVar("ctlive_request_id", default="")


def current():
    """The id of the request being served, or "" outside a request."""
    return _current.get()


def bind(request_id):
    """Make `request_id` current; returns the token that `reset` takes."""
    return _current.set(request_id)


def reset(token):
    _current.reset(token)
