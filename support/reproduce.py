"""Running a logged call again from the support pages: with the staff member's own access,
or as the customer after giving a reason (any method in testing, read methods only in
production). Every run as a customer is written to the audit (SupportRun) before it is sent,
so that even a run that fails to send is accounted for."""
from dataclasses import dataclass

from django import forms

from api.registry import READ_METHODS
from console import proxy
from console.credentials import Identity, NoIdentity, approved_applications, credentials_for, identity_of
from console.environments import environment_named, environments
from console.forms import FormState, call_of
from ctlive import base_urls
from ctlive.environment import PRODUCTION

from . import replay
from .models import SupportRun

OWN, CUSTOMER = "own", "customer"


class Refused(Exception):
    """A run that may not happen, with the reason in words."""


class ReproduceForm(forms.Form):
    environment = forms.ChoiceField(choices=())
    run_as = forms.ChoiceField(choices=[(OWN, "With my own access"), (CUSTOMER, "As the customer")],
                               widget=forms.RadioSelect, initial=OWN)
    reason = forms.CharField(required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2}),
                             help_text="Required to run as the customer; the customer sees it.")

    def __init__(self, *args, origin, **kwargs):
        super().__init__(*args, **kwargs)
        names = [e.name for e in environments(origin)]
        self.fields["environment"].choices = [(n, n) for n in names]
        self.fields["environment"].initial = "testing" if "testing" in names else names[0]

    def clean(self):
        data = super().clean()
        if data.get("run_as") == CUSTOMER and not data.get("reason", "").strip():
            self.add_error("reason", "Say why you run the call as the customer.")
        return data


@dataclass
class Run:
    state: object
    call: object
    capture: object
    audit: SupportRun | None


def customer_identity(row):
    """The customer's Identity through the application the call used (when still approved)."""
    customer = row.user or (row.application.user if row.application else None)
    if customer is None:
        raise Refused("The call names no user to run it as.")
    applications = approved_applications(customer)
    if row.application_id:
        applications = tuple(a for a in applications if a.pk == row.application_id) or applications
    if not applications:
        raise Refused("The customer has no approved application to run the call through.")
    return Identity(customer, applications, shared=False)


def run(request, row, data, client_address):
    """Sends the logged call again as `data` (a valid ReproduceForm's cleaned data) asks."""
    environment = environment_named(data["environment"], base_urls.origin(request))
    found = replay.form_data(row, environment.name)
    if found is None:
        raise Refused("The call's path is not an operation of the API.")
    operation, form = found
    as_customer = data["run_as"] == CUSTOMER
    if as_customer and environment.name == PRODUCTION and operation.method not in READ_METHODS:
        raise Refused(f"In production a call run as the customer may only read; {operation.method} is run in "
                      "testing only.")
    try:
        identity = customer_identity(row) if as_customer else identity_of(request)
    except NoIdentity as error:
        raise Refused(str(error))
    state = FormState.from_data(operation, form)
    application = identity.application(row.application.client_id if row.application else "")
    state.client_id = application.client_id
    call = call_of(state, environment)
    audit = None
    if as_customer:
        audit = SupportRun.objects.create(
            staff=request.user, customer=identity.user, reason=data["reason"].strip(),
            original_request_id=row.request_id, environment=environment.name, method=operation.method,
            path=row.path)
    capture = proxy.send(call, client_address, credentials_for(identity, application.client_id, "bearer"))
    if audit is not None:
        audit.request_id, audit.status = capture.header("X-Request-Id"), capture.status
        audit.save(update_fields=["request_id", "status"])
    return Run(state, call, capture, audit)
