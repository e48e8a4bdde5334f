"""Docs pages rendered once per what they show to a kind of visitor; each request only fills
in its own parts.

A plain GET of a guide, a reference page, the reference index or the home page (no query:
nothing opened, nothing answered) is rendered once per path, language, theme and whether
the visitor is signed in, with a slot where something of the visitor goes: the CSRF token,
each try-it panel, each console of a guide, the developer checklist (docsite/slots.py). The rest (sidebar,
headings, operations, fields, examples: most of a reference page) is derived from the
registry and the guides, the same for every visitor of that kind. A request fills the slots
(the panels and consoles from their own caches, console/first_view.py and
docsite/embedded_console.py, keyed by the visitor's identity) and joins the pieces, so
nothing of one visitor is kept in the shared page.
"""

from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import get_language

from api.prepared import remembered
from console.first_view import panel_html

from .embedded_console import embed_html
from .slots import SLOT, SLOTS_CONTEXT, slot
from .templatetags.checklist import checklist_html
from .theme import chosen_theme

MAX_PAGES = 256  # rendered pages kept per process (about 100 KB each at most)
_pages = {}
FILLERS = {  # kind → fill(request, name, csrf_token, the view's context) → html
    "csrf": lambda _request, _name, csrf_token, _context: csrf_token,
    "panel": lambda request, name, csrf_token, context: panel_html(request, operation_on(context["page"], name),
                                                                   csrf_token),
    "embed": lambda request, name, csrf_token, context: embed_html(request, context, int(name), csrf_token),
    "checklist": lambda request, _name, _csrf_token, _context: checklist_html(request.user),
}


def operation_on(page, operation_id):
    """The operation of a reference page's panel slot."""
    return next(block.operation for block in page.operations if block.operation.operation_id == operation_id)


def forget():
    """Drops the kept pages: for tests that change the registry or the guides in a process."""
    _pages.clear()


def pieces(html):
    """The page as strings and (kind, name) slots in turn."""
    split = SLOT.split(html)
    return tuple(piece if index % 3 == 0 else (piece, split[index + 1])
                 for index, piece in enumerate(split) if index % 3 != 2)


def page_key(request, template, extra):
    return (template, request.path, get_language(), chosen_theme(request), request.user.is_authenticated, *extra)


def render_page(request, template, context, extra_key=(), status=200):
    """`template` rendered for this request, from the kept page when the request opens and
    answers nothing (a plain GET); `extra_key` names what else the page shows (a refresh
    time)."""
    if request.method != "GET" or request.GET:
        return render(request, template, context, status=status)
    kept = remembered(_pages, page_key(request, template, extra_key), lambda: pieces(render_to_string(
        template, {**context, SLOTS_CONTEXT: True, "csrf_token": slot("csrf")}, request)), limit=MAX_PAGES)
    csrf_token = str(get_token(request))
    return HttpResponse(status=status, content="".join(piece if isinstance(piece, str) else FILLERS[piece[0]](request, piece[1], csrf_token,
                                                                                         context)
                                for piece in kept))
