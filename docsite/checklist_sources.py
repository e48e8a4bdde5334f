"""Where the developer checklist (docsite/checklist.py) learns what a developer has done:
one function per fact, all here, so that a better source replaces one function.

- account created, application approved: the user and the ApplicationPolicy of their
  applications;
- console calls and a first write in testing: the console's history of the developer's
  calls (console.ConsoleCall: the form as a permalink, with its environment, and the status);
- calls from outside the console: the API request log (support.ApiRequest) holds every
  call with who made it and whether the console sent it; a token issued to the developer
  by the token endpoint (marked when DOT sends `app_authorized`) counts too, since only
  their own program (or curl) asks for one.
"""
from django.db.models import Q
from oauth2_provider.models import Application

from api.models import ApplicationPolicy
from console.models import ConsoleCall
from ctlive.environment import TESTING
from support.models import ApiRequest

from .models import ChecklistMark

OUTSIDE = "outside"
WRITE_METHODS = ("POST", "PUT", "DELETE")


def application_state(user):
    """"approved", "waiting" (registered, not approved yet) or "none"."""
    if ApplicationPolicy.objects.filter(application__user=user, is_approved=True).exists():
        return "approved"
    return "waiting" if Application.objects.filter(user=user).exists() else "none"


def called_from_console(user):
    return ConsoleCall.objects.filter(user=user, status__gt=0).exists()


def wrote_in_testing(user):
    """A console write of the developer's in the testing environment that the API accepted."""
    in_testing = Q(form__contains=f"&env={TESTING}&") | Q(form__endswith=f"&env={TESTING}")
    return ConsoleCall.objects.filter(in_testing, user=user, method__in=WRITE_METHODS,
                                      status__gte=200, status__lt=300).exists()


def called_from_outside(user):
    """An API call of the developer's that the console did not send, or a token issued to them."""
    return (ApiRequest.objects.filter(user=user, via_console=False, status__lt=400).exists()
            or ChecklistMark.objects.filter(user=user, step=OUTSIDE).exists())


def note_token_request(sender, request, token, **kwargs):
    """Receiver of DOT's `app_authorized` (the token endpoint issued a token): a call from
    outside the console by the token's user."""
    if token.user_id is not None:
        ChecklistMark.objects.get_or_create(user_id=token.user_id, step=OUTSIDE)
