"""The console's endpoints: run a call (the whole page without JavaScript; for the script,
the result alone, or the panel when the form has problems), download a kept body, the
history of a signed-in developer, and import from curl."""
import math
import time
from contextlib import contextmanager
from urllib.parse import parse_qsl

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import caches
from django.http import FileResponse, Http404, HttpResponseBadRequest, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from api import counters
from api.numerals import parse_id
from api.ratelimit import client_address
from docsite.reference import reference_page

from . import downloads, proxy
from .credentials import NoIdentity, credentials_for, identity_of
from .curl_import import NotACurlCommand, parse
from .display import CREDENTIAL_PARAMETERS
from .environments import environment_named, remember
from .forms import FormState, call_of, example_text, operation_by_id, validate
from .models import ConsoleCall
from .panel import output_context, panel_context, result_of

FRAGMENT_HEADER = "X-Console-Fragment"


def visitor_key(request):
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    return f"address:{client_address(request)}"


def over_rate(request):
    """Seconds to wait when the visitor is over CONSOLE_RATE_LIMIT calls per window, else 0."""
    window = settings.CONSOLE_RATE_LIMIT_WINDOW_SECONDS
    now = time.time()
    number = int(now // window)
    if counters.increment(f"console-rate:{number}:{visitor_key(request)}", window + 1) > settings.CONSOLE_RATE_LIMIT:
        return max(1, math.ceil((number + 1) * window - now))
    return 0


@contextmanager
def visitor_slot(request):
    """True while the visitor has at most CONSOLE_CALLS_PER_VISITOR calls running (counted in
    the shared cache, so across processes), False when this call would be one too many."""
    key = f"console-active:{visitor_key(request)}"
    running = counters.increment(key, settings.CONSOLE_TOTAL_TIMEOUT + 60)
    try:
        yield running <= settings.CONSOLE_CALLS_PER_VISITOR
    finally:
        caches["default"].decr(key)


def respond(request, operation, context, status=200):
    """The panel alone for the page's script, else the whole reference page with it."""
    if request.headers.get(FRAGMENT_HEADER):
        return render(request, "console/_panel.html", context, status=status)
    return whole_page(request, operation, context, status)


def whole_page(request, operation, context, status=200):
    page = reference_page(operation.resource.segment)
    return render(request, "docsite/reference.html", {"page": page, "console": {operation.operation_id: context}},
                  status=status)


def followed(state, link_query):
    """The state with the query of a Link the visitor followed (credentials dropped)."""
    pairs = {k: v for k, v in parse_qsl(link_query, keep_blank_values=True) if k not in CREDENTIAL_PARAMETERS}
    state.query = {name: pairs.get(name, "") for name in state.query}
    return state


def submitted(request):
    """The form data: the POST itself, or a history entry of the signed-in visitor (Rerun)."""
    history_id = parse_id(request.POST.get("history", ""))
    if history_id is not None and request.user.is_authenticated:
        call = ConsoleCall.objects.filter(user=request.user, pk=history_id).first()
        if call is not None:
            return QueryDict(call.form)
    return request.POST


@require_http_methods(["GET", "POST"])
def run(request):
    if request.method == "GET":  # a reload, or a link back to the page a result was shown on
        return redirect("docsite:reference-index")
    data = submitted(request)
    operation = operation_by_id(data.get("op", ""))
    if operation is None:
        return HttpResponseBadRequest("Unknown operation: the form names no operation of this API.")
    state = FormState.from_data(operation, data)
    if "follow" in request.POST:
        state = followed(state, request.POST["follow"])
    if request.POST.get("action") == "example":
        state.body = example_text(operation, state.content_type_code)
        return respond(request, operation, panel_context(request, operation, state))
    wait = over_rate(request)
    if wait:
        note = f"Too many console calls: try again in {wait} seconds."
        return respond(request, operation, panel_context(request, operation, state, note=note), status=429)
    environment = environment_named(state.environment)
    valid = validate(state)
    if environment is None:
        state.errors["env"] = "Choose one of the listed environments."
    if environment is None or not valid:
        return respond(request, operation, panel_context(request, operation, state), status=400)
    remember(request, environment)
    try:
        identity = identity_of(request)
    except NoIdentity as error:
        return respond(request, operation, panel_context(request, operation, state, note=str(error)), status=403)
    call = call_of(state, environment)
    with visitor_slot(request) as allowed:
        if not allowed:
            note = f"At most {settings.CONSOLE_CALLS_PER_VISITOR} console calls at once: wait for one to finish."
            return respond(request, operation, panel_context(request, operation, state, note=note), status=429)
        capture = proxy.send(call, client_address(request), credentials_for(identity, state.client_id, state.scheme))
    download = ""
    if capture.body:
        name = f"{operation.operation_id}.{capture.header('Content-Type').split(';')[0].split('/')[-1] or 'txt'}"
        download = downloads.keep(request, capture.body, capture.header("Content-Type") or "text/plain", name)
    if not identity.shared:
        ConsoleCall.record(request.user, state, call.url, capture)
    result = result_of(capture, call, download)
    if request.headers.get(FRAGMENT_HEADER):  # the script keeps the form as it is and replaces the result
        return render(request, "console/_output.html", output_context(state, result))
    return whole_page(request, operation, panel_context(request, operation, state, result))


@require_GET
def download(request, token):
    """A kept body: as a file, or with `?view=raw` shown in the browser as plain text (never
    as the type the API sent, so a body cannot run as a page of this site)."""
    kept = downloads.kept_file(request, token)
    if kept is None:
        raise Http404("This download has expired or belongs to another visitor; run the call again.")
    body, content_type, name = kept
    if request.GET.get("view") == "raw":
        response = FileResponse(body, content_type="text/plain; charset=utf-8")
        response["Content-Security-Policy"] = "sandbox; default-src 'none'"
        return response
    return FileResponse(body, content_type=content_type, as_attachment=True, filename=name)


@login_required
@require_GET
def history(request):
    calls = ConsoleCall.objects.filter(user=request.user)[:50]
    rows = [(call, operation_by_id(call.operation_id)) for call in calls]
    return render(request, "console/history.html", {"rows": [(c, op) for c, op in rows if op is not None]})


@require_POST
def import_curl(request):
    """Fills the form of the operation a pasted curl command calls, credentials dropped."""
    try:
        operation, data = parse(request.POST.get("command", ""))
    except NotACurlCommand as error:
        return render(request, "console/import.html", {"error": str(error), "command": request.POST.get("command", "")},
                      status=400)
    state = FormState.from_data(operation, data)
    return redirect(f"{reverse('docsite:reference', args=[operation.resource.segment])}?"
                    f"{state.permalink_query()}#{operation.operation_id}")


@require_GET
def import_page(request):
    return render(request, "console/import.html", {"error": "", "command": ""})
