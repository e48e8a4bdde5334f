"""Everything the console panel of one operation shows: the form (with its choices) and,
after a call, the result."""
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse

from api.formats import FORMATS
from api.ratelimit import client_address
from api.registry import registry
from ctlive import base_urls

from . import choices, display, production_writes
from .credentials import NoIdentity, credentials_for, identity_of, masked_headers, masked_url
from .environments import chosen, environments
from .forms import AS_SENT, FormState, example_text, header_choices, path_parameters, query_parameters, validate
from .inputs import FormInput

IMPORT_NOTE_KEY = "console_import_note"  # what an import dropped and chose, shown once on the form it opens


@dataclass
class Result:
    capture: object
    call: object
    body: object
    headers: list
    links: dict
    download: str
    application: object = None   # the OAuth2 application the call went through

    @property
    def is_empty_list(self):
        """A list answered with no rows: the panel says why and how access is granted."""
        return self.capture.status == 200 and self.capture.header("X-Ctlive-Row-Count") == "0"

    @property
    def shown_url(self):
        return masked_url(self.capture.sent.url) if self.capture.sent else masked_url(self.call.url)

    @property
    def shown_headers(self):
        return masked_headers(self.capture.sent.headers) if self.capture.sent else []

    @property
    def shown_body(self):
        return self.capture.sent.body.decode("utf-8", errors="replace") if self.capture.sent else ""

    @property
    def request_id(self):
        """The API's id of this call (X-Request-Id): what support looks the call up by."""
        return self.capture.header("X-Request-Id")

    @property
    def link_buttons(self):
        return [(rel, urlencode(pairs)) for rel, pairs in self.links.items()]


def result_of(capture, call, download, application=None):
    content_type = capture.header("Content-Type")
    empty = capture.header("X-Ctlive-Current-Rows").startswith("0")  # "0-0": a page past the end
    return Result(capture, call, display.formatted(capture.body, content_type),
                  display.explained_headers(capture.headers), display.page_links(capture.header("Link"), empty),
                  download, application)


def form_fields(state, id_choices):
    """The inputs of the form, in order: path parameters, then query parameters."""
    fields = [FormInput.of(p, "p", state.path.get(p.name, ""), state.errors, id_choices.get(p.name, ()))
              for p in path_parameters(state.operation)]
    fields += [FormInput.of(p, "q", state.query.get(p.name, ""), state.errors, ())
               for p in query_parameters(state.operation)]
    return fields


def id_choices_for(state, identity, environment, request):
    """{path parameter: [(id, label)]} of real ids the visitor can see."""
    if identity is None:
        return {}
    by_id_field = {resource.id_field: resource for resource in registry}
    credentials = credentials_for(identity, state.client_id, "bearer")
    return {p.name: choices.ids(by_id_field[p.name], environment, client_address(request), credentials)
            for p in path_parameters(state.operation) if p.name in by_id_field}


def permalink_of(state):
    """The reference page URL that opens this form filled in (no credentials in it). No
    fragment: the page lands on the form by focusing it (a fragment would stop autofocus)."""
    return f"{reverse('docsite:reference', args=[state.operation.resource.segment])}?{state.permalink_query()}"


def snippets_url(state):
    """The page (or, for the script, the fragment) of this form's call as code; it names the
    client_id the snippets use, no credential."""
    return f"{reverse('console:snippets')}?{state.permalink_query()}&{urlencode({'client_id': state.client_id})}"


def output_context(state, result, landing=""):
    """What the result part of a panel needs: sent by itself to the page's script.
    `landing` is "result" when the page is answered whole and the result takes the focus."""
    return {"operation": state.operation, "state": state, "result": result, "permalink": permalink_of(state),
            "snippets_url": snippets_url(state), "landing": landing}


def problems_of(state):
    """(element id, message) of each problem, in the order of the form, for the summary
    above it; each links to its field."""
    op = state.operation.operation_id
    named = [(key, key.partition(".")[2] or key, message) for key, message in state.errors.items()]
    return [(f"{op}-{key.replace('.', '-')}", message if name in message else f"{name}: {message}")
            for key, name, message in named]


def import_note(request, operation):
    """The note an import left for this operation's form, once."""
    kept = request.session.get(IMPORT_NOTE_KEY)
    if not kept or kept.get("op") != operation.operation_id:
        return ""
    del request.session[IMPORT_NOTE_KEY]
    return kept["text"]


def panel_context(request, operation, state=None, result=None, note="", whole_page=False):
    """Everything the panel shows. On a whole page (`whole_page`: the answer to a form sent
    without the script, or a permalink or import opening this form) the page lands here:
    the result, the problems or the form takes the focus."""
    landing = ""
    if state is None:
        opened = request.GET.get("op") == operation.operation_id
        state = FormState.from_data(operation, request.GET) if opened else FormState.initial(operation)
        landing = "form" if opened else ""
        note = note or (import_note(request, operation) if opened else "")
    elif whole_page:
        landing = "result" if result else "problems" if state.errors else "form"
    try:
        identity = identity_of(request)
    except NoIdentity as error:
        identity, note = None, note or str(error)
    as_sent = (request.GET.get(AS_SENT) or request.POST.get(AS_SENT)) == "1"
    if as_sent and request.GET.get("op") == operation.operation_id and result is None:
        validate(state)  # a replayed call: say now which values the checks will refuse
    origin = base_urls.origin(request)
    offered = production_writes.offered(environments(origin), operation, identity)
    environment = next((e for e in offered if e.name == state.environment), None)
    if environment is None:
        chosen_one = chosen(request, origin)
        environment = chosen_one if chosen_one in offered else offered[0]
    state.environment = environment.name
    if identity and state.client_id not in [a.client_id for a in identity.applications]:
        state.client_id = identity.applications[0].client_id
    return {
        **output_context(state, result, landing),
        "identity": identity, "note": note, "problems": problems_of(state),
        "environments": offered, "environment": environment,
        "asks_confirmation": production_writes.is_write(operation) and identity is not None and not identity.shared,
        "confirmation_required": production_writes.needs_confirmation(operation, environment),
        "fields": form_fields(state, id_choices_for(state, identity, environment, request)),
        "headers": [(name, header, options, state.headers.get(name, ""), state.errors.get(f"h.{name}", ""))
                    for name, (header, options) in header_choices(operation).items()],
        "formats": list(FORMATS),
        "examples": {code: example_text(operation, code) for code in FORMATS} if operation.body else {},
        "preview_limit": settings.CONSOLE_PREVIEW_BYTES, "as_sent": as_sent,
    }
