"""Where the developer checklist (docsite/checklist.py) learns what a developer has done:
one queryset per source, all here, so that a better source replaces one function; they
are asked together in one statement (`facts`).

- account created, application approved: the user and the ApplicationPolicy of their
  applications;
- console calls and a first write in testing: the console's history of the developer's
  calls (console.ConsoleCall: the form as a permalink, with its environment, and the status);
- calls from outside the console: the API request log (support.ApiRequest) holds every
  call with who made it and whether the console sent it; a token issued to the developer
  by the token endpoint (marked when DOT sends `app_authorized`) counts too, since only
  their own program (or curl) asks for one.
"""
from functools import cache

from django.db import connections
from django.db.models import Q
from oauth2_provider.models import Application

from api.models import ApplicationPolicy
from api.prepared import Slot, bound
from console.models import ConsoleCall
from ctlive.environment import TESTING
from support.models import ApiRequest

from .models import ChecklistMark

OUTSIDE = "outside"
WRITE_METHODS = ("POST", "PUT", "DELETE")
DATABASE = "default"  # every source: accounts, the console's history, the request log (never testing)
USER = Slot("user")  # each source is compiled once, the developer a Slot (api/prepared.py)


def approved_applications(user):
    return ApplicationPolicy.objects.filter(application__user=user, is_approved=True)


def registered_applications(user):
    return Application.objects.filter(user=user)


def console_calls(user):
    return ConsoleCall.objects.filter(user=user, status__gt=0)


def console_writes_in_testing(user):
    """Console writes of the developer's in the testing environment that the API accepted."""
    in_testing = Q(form__contains=f"&env={TESTING}&") | Q(form__endswith=f"&env={TESTING}")
    return ConsoleCall.objects.filter(in_testing, user=user, method__in=WRITE_METHODS,
                                      status__gte=200, status__lt=300)


def calls_from_outside(user):
    """API calls of the developer's that the console did not send."""
    return ApiRequest.objects.filter(user=user, via_console=False, status__lt=400)


def tokens_issued(user):
    return ChecklistMark.objects.filter(user=user, step=OUTSIDE)


SOURCES = (approved_applications, registered_applications, console_calls, console_writes_in_testing,
           calls_from_outside, tokens_issued)


@cache
def statement():
    """One SELECT of whether each source has a row, compiled from the querysets once per
    process, the developer a Slot: compiling six querysets cost more than running them."""
    parts, params = [], []
    for source in SOURCES:
        sql, source_params = source(USER).values("pk").query.sql_with_params()
        parts.append(f"EXISTS({sql})")
        params += source_params
    return "SELECT " + ", ".join(parts), tuple(params)


def facts(user):
    """{source name: whether it has a row of `user`'s}, in one statement."""
    sql, params = statement()
    with connections[DATABASE].cursor() as cursor:
        cursor.execute(sql, bound(params, {"user": user.pk}, connections[DATABASE]))
        row = cursor.fetchone()
    return {source.__name__: bool(found) for source, found in zip(SOURCES, row)}


def application_state(found):
    """"approved", "waiting" (registered, not approved yet) or "none", from `facts`."""
    if found["approved_applications"]:
        return "approved"
    return "waiting" if found["registered_applications"] else "none"


def called_from_outside(found):
    """An API call of the developer's that the console did not send, or a token issued to them."""
    return found["calls_from_outside"] or found["tokens_issued"]


def note_token_request(sender, request, token, **kwargs):
    """Receiver of DOT's `app_authorized` (the token endpoint issued a token): a call from
    outside the console by the token's user."""
    if token.user_id is not None:
        ChecklistMark.objects.get_or_create(user_id=token.user_id, step=OUTSIDE)
