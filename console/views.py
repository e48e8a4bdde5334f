"""The console's endpoints: run a call (the whole page without JavaScript; for the script,
the result alone, or the panel when the form has problems), download a kept body, the
history of a signed-in developer, and import from curl."""
from contextlib import contextmanager
from urllib.parse import parse_qsl

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponseBadRequest, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from api import counters
from api.numerals import parse_id
from api.ratelimit import client_address
from ctlive import base_urls
from docsite.embedded_console import GUIDE_FIELD
from docsite.guides import guide_named
from docsite.reference import reference_page
from docsite.views import guide_page

from . import downloads, production_writes, proxy, snippets
from .credentials import NoIdentity, credentials_for, identity_of
from .curl_import import NotACurlCommand, parse
from .display import CREDENTIAL_PARAMETERS
from .environments import chosen, environment_named, environments, remember
from .forms import AS_SENT, FormState, call_of, example_text, operation_by_id, validate
from .models import ConsoleCall
from .panel import IMPORT_NOTE_KEY, output_context, panel_context, permalink_of, result_of

FRAGMENT_HEADER = "X-Console-Fragment"


def visitor_key(request):
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    return f"address:{client_address(request)}"


def over_rate(request):
    """Seconds to wait when the visitor is over CONSOLE_RATE_LIMIT calls per window, else 0."""
    return counters.seconds_over(f"console-rate:{visitor_key(request)}", settings.CONSOLE_RATE_LIMIT,
                                 settings.CONSOLE_RATE_LIMIT_WINDOW_SECONDS)


@contextmanager
def visitor_slot(request):
    """True while the visitor has at most CONSOLE_CALLS_PER_VISITOR calls running (counted in
    the shared cache, so across processes), False when this call would be one too many."""
    key = f"console-active:{visitor_key(request)}"
    running = counters.increment(key, settings.CONSOLE_TOTAL_TIMEOUT + 60)
    try:
        yield running <= settings.CONSOLE_CALLS_PER_VISITOR
    finally:
        counters.decrement(key)


def respond(request, operation, state, status=200, result=None, note=""):
    """The panel alone for the page's script, else the whole reference page with it (the
    page then lands on the result, the problems or the form)."""
    fragment = bool(request.headers.get(FRAGMENT_HEADER))
    context = panel_context(request, operation, state, result, note=note, whole_page=not fragment)
    if fragment:
        return render(request, "console/_panel.html", context, status=status)
    return whole_page(request, operation, context, status)


def whole_page(request, operation, context, status=200):
    guide = guide_named(request.POST.get(GUIDE_FIELD, ""))
    if guide is not None:  # sent from a console inside a guide: back to that guide, result in place
        return guide_page(request, guide, {operation.operation_id: context}, status)
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
        return respond(request, operation, state)
    wait = over_rate(request)
    if wait:
        note = f"Too many console calls: try again in {wait} seconds."
        return respond(request, operation, state, status=429, note=note)
    environment = environment_named(state.environment, base_urls.origin(request))
    valid = validate(state)
    if environment is None:
        state.errors["env"] = "Choose one of the listed environments."
    if environment is None or not (valid or data.get(AS_SENT) == "1"):  # as_sent: the API's own error is seen
        return respond(request, operation, state, status=400)
    try:
        identity = identity_of(request)
    except NoIdentity as error:
        return respond(request, operation, state, status=403, note=str(error))
    refused = production_writes.refusal(operation, environment, identity, state.confirmed_production)
    if refused:
        state.errors[refused[0]] = refused[1]
        return respond(request, operation, state, status=400)
    remember(request, environment)
    call = call_of(state, environment)
    with visitor_slot(request) as allowed:
        if not allowed:
            note = f"At most {settings.CONSOLE_CALLS_PER_VISITOR} console calls at once: wait for one to finish."
            return respond(request, operation, state, status=429, note=note)
        capture = proxy.send(call, client_address(request), credentials_for(identity, state.client_id, state.scheme))
    download = ""
    if capture.body:
        name = f"{operation.operation_id}.{capture.header('Content-Type').split(';')[0].split('/')[-1] or 'txt'}"
        download = downloads.keep(request, capture.body, capture.header("Content-Type") or "text/plain", name)
    if not identity.shared:
        ConsoleCall.record(request.user, state, call.url, capture)
    result = result_of(capture, call, download, identity.application(state.client_id))
    if request.headers.get(FRAGMENT_HEADER):  # the script keeps the form as it is and replaces the result
        return render(request, "console/_output.html", output_context(state, result))
    return respond(request, operation, state, result=result)


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


def import_environment(request, base_url):
    """(environment, sentence for the visitor) for an imported command's base URL: the
    environment with that base URL, else the visitor's current one, saying why."""
    origin = base_urls.origin(request)
    matching = next((e for e in environments(origin) if e.base_url == base_url.rstrip("/")), None)
    if matching is not None:
        return matching, f"Environment: {matching.name}, whose base URL is the command's ({base_url})."
    current = chosen(request, origin)
    listed = "; ".join(f"{e.name} {e.base_url}" for e in environments(origin))
    return current, (f"Environment: {current.name}, your current choice: the command's base URL {base_url} is none "
                     f"of this console's environments ({listed}).")


def import_note_text(imported, environment_sentence):
    dropped = ", ".join(imported.dropped) if imported.dropped else "none were in the command"
    return (f"Imported {imported.operation.method} {imported.operation.path}. Credentials dropped: {dropped}; "
            f"the call runs with this console's own. {environment_sentence}")


@require_POST
def import_curl(request):
    """Fills the form of the operation a pasted curl command calls, credentials dropped,
    and lands on it with a note of what was dropped and which environment was chosen."""
    try:
        imported = parse(request.POST.get("command", ""))
    except NotACurlCommand as error:
        return render(request, "console/import.html", {"error": str(error), "command": request.POST.get("command", "")},
                      status=400)
    environment, sentence = import_environment(request, imported.base_url)
    state = FormState.from_data(imported.operation, {**imported.data, "env": environment.name})
    request.session[IMPORT_NOTE_KEY] = {"op": imported.operation.operation_id,
                                        "text": import_note_text(imported, sentence)}
    return redirect(f"{reverse('docsite:reference', args=[imported.operation.resource.segment])}?"
                    f"{state.permalink_query()}")


@require_GET
def import_page(request):
    return render(request, "console/import.html", {"error": "", "command": ""})


@require_GET
def snippets_page(request):
    """The code of a form's call in eight languages: a page of its own without JavaScript,
    the fragment the result's Code section loads with it."""
    operation = operation_by_id(request.GET.get("op", ""))
    if operation is None:
        return HttpResponseBadRequest("Unknown operation: the link names no operation of this API.")
    state = FormState.from_data(operation, request.GET)
    origin = base_urls.origin(request)
    environment = environment_named(state.environment, origin) or chosen(request, origin)
    state.environment = environment.name
    if not validate(state):
        problems = "; ".join(f"{key}: {message}" for key, message in state.errors.items())
        return HttpResponseBadRequest(f"The form has problems, so there is no call to show as code: {problems}")
    try:
        identity = identity_of(request)
    except NoIdentity as error:
        return HttpResponseBadRequest(str(error))
    application = identity.application(request.GET.get("client_id", ""))
    context = {"operation": operation, "permalink": permalink_of(state),
               "snippets": snippets.snippets(call_of(state, environment), application.client_id),
               "token_command": snippets.token_command(environment, application.client_id, identity.user.username)}
    template = "console/_snippets.html" if request.headers.get(FRAGMENT_HEADER) else "console/snippets.html"
    return render(request, template, context)
