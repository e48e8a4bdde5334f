"""The console's floor: the forwarding part of a console call and nothing else.

It checks the same form and sends the same call the same way as console/views.py (through
the site's middleware, CSRF included, then `requests` into this process), but returns the
captured body as it came: no formatting, no result panel, no kept download, no rate limit.
Its time against the direct call shows what any console that adds credentials on the
server costs before it shows anything.
"""
from django.http import HttpResponse, HttpResponseBadRequest
from django.views.decorators.http import require_POST

from api.ratelimit import client_address
from console import proxy
from console.credentials import credentials_for, identity_of
from console.environments import environment_named
from console.forms import FormState, call_of, operation_by_id, validate
from ctlive import base_urls


@require_POST
def forward_only(request):
    operation = operation_by_id(request.POST.get("op", ""))
    state = FormState.from_data(operation, request.POST)
    environment = environment_named(state.environment, base_urls.origin(request))
    if environment is None or not validate(state):
        return HttpResponseBadRequest(repr(state.errors))
    identity = identity_of(request)
    capture = proxy.send(call_of(state, environment), client_address(request),
                         credentials_for(identity, state.client_id, state.scheme))
    return HttpResponse(capture.body, status=capture.status, content_type=capture.header("Content-Type"))
