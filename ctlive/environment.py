"""Which environment, production or testing, the current request or job works on.

Production and testing share the code and the accounts; their domain data (the `racing`
app and the jobs that write it) lives in two databases. The environment is set for the
duration of one API request or job (`using`), and everything that touches domain data
asks `domain_alias()` for the database to use (the database router does, and so does code
that runs SQL on a connection of its own).
"""
import contextvars
from contextlib import contextmanager

PRODUCTION, TESTING = "production", "testing"
NAMES = (PRODUCTION, TESTING)
# The Django database alias holding each environment's domain data.
ALIASES = {PRODUCTION: "default", TESTING: "testing"}

_current = contextvars.ContextVar("ctlive_environment", default=PRODUCTION)


def current():
    """The name of the environment this request or job works on (production by default)."""
    return _current.get()


def domain_alias():
    """The database alias of the current environment's domain data."""
    return ALIASES[_current.get()]


@contextmanager
def using(name):
    """Work on environment `name` inside the block."""
    if name not in ALIASES:
        raise ValueError(f"Unknown environment {name!r}; environments: {', '.join(NAMES)}.")
    token = _current.set(name)
    try:
        yield name
    finally:
        _current.reset(token)


def atomic():
    """A transaction on the current environment's domain database: a bare
    `transaction.atomic()` opens one on `default`, which does not hold testing's rows."""
    from django.db import transaction

    return transaction.atomic(using=domain_alias())
