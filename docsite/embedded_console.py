"""A console placed in a guide, rendered for the request: the console panel of the reference
pages (console/panel.py, templates/console/_panel.html) opened with the guide's values, and
the same call as curl and Python (console/snippets.py) with the reader's base URL and
client_id. A console call sent from a guide comes back to that guide (GUIDE_FIELD).

On a plain view of the guide a console shows only what the guide, the registry and the
visitor decide (who the calls run as, the environment, the ids filled in, the language):
rendered once per those, like the reference pages' unopened panels (console/first_view.py),
with the visitor's CSRF token put in afterwards."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe

from api.prepared import remembered
from console import snippets
from console.first_view import CSRF_PLACEHOLDER, ids_key, visitor_view
from console.forms import FormState, call_of, operation_by_id, path_parameters
from console.panel import panel_context

GUIDE_FIELD = "guide"  # the slug of the guide a console form was sent from
EMBED_TEMPLATE = "docsite/_guide_console.html"
MAX_EMBEDS = 512  # rendered consoles kept per process (about 15 KB each)
_embeds = {}
SNIPPET_LANGUAGES = {"curl": "curl", "python": "Python"}


def opened_by_link(request, embed):
    """Whether the page was opened by a "Run it" link of a later call to this console."""
    return request.GET.get("op") == embed.operation_id


def offered_ids(view, request, operation, data):
    """The ids the console of `operation` opened with `data` (the guide's values or a "Run
    it" link's query) offers: those of the environment and application it names, else of
    the visitor's choice and first application."""
    environment = next((e for e in view.environments if e.name == data.get("env", "")), view.chosen)
    return view.id_choices(request, operation, environment, data.get("client_id", ""))


def prefilled_state(request, operation, embed):
    """The form as the guide opens it (or as a "Run it" link asks); a path id left out
    becomes the first id the reader can see, so the first Send works for anonymous and
    signed-in readers alike."""
    data = request.GET if opened_by_link(request, embed) else dict(embed.values)
    state = FormState.from_data(operation, data)
    missing = [p.name for p in path_parameters(operation) if not state.path.get(p.name)]
    view = visitor_view(request) if missing else None
    if view is not None:  # without one the panel says why it cannot call
        found = offered_ids(view, request, operation, data)
        for name in missing:
            if found.get(name):
                state.path[name] = found[name][0][0]
    return state


def reader_snippets(state, environment):
    """[(label, language, code)]: the call as it goes out, with the reader's client_id."""
    written = {snippet.code: snippet.text for snippet in snippets.snippets(call_of(state, environment), state.client_id)}
    return [(label, language, written[language]) for language, label in SNIPPET_LANGUAGES.items()]


def embed_context(context, embed):
    """What templates/docsite/_guide_console.html needs: the panel (answered when this page
    is the reply to a call sent from it), the guide it returns to, and the snippets."""
    request = context["request"]
    if embed.repeat:
        return {"embed": embed, "guide_url": reverse("docsite:guide", args=[context["guide"].slug])}
    operation = operation_by_id(embed.operation_id)
    panel = context.get("console", {}).get(embed.operation_id) or \
        panel_context(request, operation, prefilled_state(request, operation, embed))
    return {**panel, "embed": embed, "guide_slug": context["guide"].slug, "guide_field": GUIDE_FIELD,
            "opened": opened_by_link(request, embed),
            "snippets": reader_snippets(panel["state"], panel["environment"]) if not embed.folded else []}


def render_embed(context, csrf_token):
    return mark_safe(render_to_string(EMBED_TEMPLATE, {**context, "csrf_token": csrf_token}))


def shown_key(request, guide, position):
    """Everything the console at `position` of `guide` shows to this visitor on a plain view
    of the guide, or None when it shows something of this request."""
    embed = guide.parts[position]
    view = visitor_view(request) if request.method == "GET" and not opened_by_link(request, embed) else None
    if view is None:
        return None
    return (guide.slug, position, *view.key,
            ids_key(offered_ids(view, request, operation_by_id(embed.operation_id), dict(embed.values))))


def embed_html(request, context, position, csrf_token):
    """The console at `position` of the guide in `context` for this request, rendered once
    per what it shows."""
    guide = context["guide"]
    embed_of_page = {"request": request, "guide": guide, "console": context.get("console") or {}}
    key = shown_key(request, guide, position) if not embed_of_page["console"] else None
    if key is None:
        return render_embed(embed_context(embed_of_page, guide.parts[position]), csrf_token)
    html = remembered(_embeds, key, lambda: render_embed(embed_context(embed_of_page, guide.parts[position]),
                                                         CSRF_PLACEHOLDER), limit=MAX_EMBEDS)
    return mark_safe(html.replace(CSRF_PLACEHOLDER, csrf_token))
