"""The try-it panel of an operation as a visitor first sees it, rendered once per what it shows.

A reference page holds a panel per operation, and rendering them was most of the page's
40-120 ms. Unopened (no permalink or import opening it, no call, nothing sent), a panel
shows only what the registry and the visitor decide: the operation; who the calls run as
(account, applications); the environments seen from the visitor's origin and the one they
chose; the ids they may pick (remembered per visitor, console/choices.py); the language.
Those are the key of the rendered panel; the form's CSRF token, which differs from visitor
to visitor, is put in afterwards.
"""
from dataclasses import dataclass, field

from django.template.loader import get_template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from api.prepared import remembered
from ctlive import base_urls

from . import production_writes
from .credentials import NoIdentity, identity_of
from .environments import chosen, environments
from .forms import AS_SENT, FormState, path_parameters
from .panel import id_choices_for, panel_context

MAX_PANELS = 512  # rendered panels kept per process (about 10 KB each)
CSRF_PLACEHOLDER = "csrfTokenOfTheVisitor"
PANEL_TEMPLATE = "console/_panel.html"
_panels = {}
_NO_IDENTITY = object()


def render_panel(context, csrf_token):
    return mark_safe(get_template(PANEL_TEMPLATE).render({**context, "csrf_token": csrf_token}))


def visitor_identity(request):
    """The Identity calls of this request run as (or None), looked up once per request."""
    found = getattr(request, "_console_identity", None)
    if found is None:
        try:
            found = identity_of(request)
        except NoIdentity:
            found = _NO_IDENTITY
        request._console_identity = found
    return None if found is _NO_IDENTITY else found


def identity_key(identity):
    return (identity.shared, identity.user.pk, identity.user.username,
            tuple((application.client_id, application.name) for application in identity.applications),
            identity.personal_console)


@dataclass
class VisitorView:
    """What every unopened panel of a page shares for one request, worked out once: who the
    calls run as, the environments seen from the visitor's origin, the one they chose, and
    the ids they may pick per environment and parameter."""

    identity: object
    origin: str
    environments: tuple
    chosen: object
    key: tuple
    ids: dict = field(default_factory=dict)

    def environment_for(self, operation):
        offered = production_writes.offered(self.environments, operation, self.identity)
        return self.chosen if self.chosen in offered else offered[0]

    def id_choices(self, request, operation, environment, client_id=""):
        """The ids of `operation`'s path parameters the calls through `client_id`'s
        application (the first one unless named) may pick in `environment`."""
        client_id = self.identity.application(client_id).client_id
        names = tuple(p.name for p in path_parameters(operation))
        found = self.ids.get((environment.name, client_id, names))
        if found is None:
            state = FormState(operation, client_id=client_id)
            found = self.ids[environment.name, client_id, names] = id_choices_for(state, self.identity, environment,
                                                                                 request)
        return found


def visitor_view(request):
    """The request's VisitorView, or None when the console cannot act for the visitor."""
    view = getattr(request, "_console_view", None)
    if view is None:
        identity = visitor_identity(request)
        if identity is None:
            return None
        origin = base_urls.origin(request)
        environment = chosen(request, origin)
        view = request._console_view = VisitorView(identity, origin, environments(origin), environment,
                                                   (get_language(), origin, environment.name, identity_key(identity)))
    return view


def unopened_key(request, operation):
    """Everything the unopened panel of `operation` shows for this visitor, or None when the
    panel shows something of this request (an opened form, a call's values, no identity)."""
    if request.method != "GET" or "op" in request.GET or AS_SENT in request.GET:
        return None
    view = visitor_view(request)
    if view is None:
        return None
    environment = view.environment_for(operation)
    return (operation.operation_id, environment.name, *view.key,
            ids_key(view.id_choices(request, operation, environment)))


def ids_key(ids):
    """The ids a panel offers ({parameter: [(id, label)]}) as part of a key."""
    return tuple((name, tuple(found)) for name, found in sorted(ids.items()))


def panel_html(request, operation, csrf_token):
    """The panel of `operation` for this request, rendered once per unopened view."""
    key = unopened_key(request, operation) if csrf_token not in (None, "NOTPROVIDED") else None
    if key is None:
        return render_panel(panel_context(request, operation), csrf_token)
    html = remembered(_panels, key, lambda: render_panel(panel_context(request, operation), CSRF_PLACEHOLDER),
                      limit=MAX_PANELS)
    return mark_safe(html.replace(CSRF_PLACEHOLDER, str(csrf_token)))
