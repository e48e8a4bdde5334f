"""Writes to production from the console: never for anonymous visitors (they act as the
shared test account, whose writes belong in testing), and for a signed-in person only once
they tick the confirmation box, a plain required checkbox that needs no JavaScript."""
from ctlive.environment import PRODUCTION

WRITE_METHODS = frozenset({"PUT", "POST", "DELETE"})
CONFIRM_FIELD = "confirm_production"


def is_write(operation):
    return operation.method in WRITE_METHODS


def offered(environments, operation, identity):
    """The environments the form offers: writes of anonymous visitors only outside production."""
    if is_write(operation) and (identity is None or identity.shared):
        return tuple(environment for environment in environments if environment.name != PRODUCTION) or environments
    return environments


def needs_confirmation(operation, environment):
    return is_write(operation) and environment is not None and environment.name == PRODUCTION


def refusal(operation, environment, identity, confirmed):
    """(form field, message) when the call must not go out, else None."""
    if not needs_confirmation(operation, environment):
        return None
    if identity.shared:
        return "env", ("Anonymous visitors send writes to testing only: choose testing, or sign in to write to "
                       "production.")
    if not confirmed:
        return CONFIRM_FIELD, "Tick the box to confirm that this write changes production data."
    return None
