"""A console placed in a guide, rendered for the request: the console panel of the reference
pages (console/panel.py, templates/console/_panel.html) opened with the guide's values, and
the same call as curl and Python (console/snippets.py) with the reader's base URL and
client_id. A console call sent from a guide comes back to that guide (GUIDE_FIELD)."""

from django.urls import reverse

from console import snippets
from console.credentials import NoIdentity, identity_of
from console.environments import chosen, environment_named
from console.forms import FormState, call_of, operation_by_id, path_parameters
from console.panel import id_choices_for, panel_context
from ctlive import base_urls

GUIDE_FIELD = "guide"  # the slug of the guide a console form was sent from
SNIPPET_LANGUAGES = {"curl": "curl", "python": "Python"}


def opened_by_link(request, embed):
    """Whether the page was opened by a "Run it" link of a later call to this console."""
    return request.GET.get("op") == embed.operation_id


def prefilled_state(request, operation, embed):
    """The form as the guide opens it (or as a "Run it" link asks); a path id left out
    becomes the first id the reader can see, so the first Send works for anonymous and
    signed-in readers alike."""
    state = FormState.from_data(operation, request.GET if opened_by_link(request, embed) else dict(embed.values))
    missing = [p.name for p in path_parameters(operation) if not state.path.get(p.name)]
    if missing:
        try:
            identity = identity_of(request)
        except NoIdentity:
            return state  # the panel says why it cannot call
        origin = base_urls.origin(request)
        environment = environment_named(state.environment, origin) or chosen(request, origin)
        found = id_choices_for(state, identity, environment, request)
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
