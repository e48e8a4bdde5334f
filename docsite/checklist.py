"""The checklist of a signed-in developer, on their account page and atop the quick start:
the five steps from an account to a call from their own code, each ticked from what they
actually did (docsite/checklist_sources.py), each unticked one linking to how to do it."""
from dataclasses import dataclass

from django.urls import reverse

from . import checklist_sources as sources


@dataclass(frozen=True)
class Step:
    title: str
    done: bool
    how: str      # what to do next, for a step not done
    url: str


def quick_start(anchor):
    return f"{reverse('docsite:guide', args=['quickstart'])}#{anchor}"


def steps(user):
    found = sources.facts(user)
    application = sources.application_state(found)
    outside = sources.called_from_outside(found)
    waiting = "Waiting for staff to approve your application." if application == "waiting" else ""
    return [
        Step("Account created", True, "", ""),
        Step("Application approved", application == "approved",
             waiting or "Register an application.", reverse("accounts:applications")),
        Step("First call made", outside or found["console_calls"],
             "Send the first console call of the quick start.", quick_start("1-a-first-call")),
        Step("First write in testing", found["console_writes_in_testing"],
             "Post an entry in the testing environment.",
             quick_start("4-writing-an-entry-in-the-testing-environment")),
        Step("First call from outside the console", outside,
             "Get a token by the password flow from your own code or curl.",
             quick_start("3-a-token-by-the-password-flow")),
    ]
