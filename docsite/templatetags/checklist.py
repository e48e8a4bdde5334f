"""`{% developer_checklist %}`: the signed-in developer's checklist (docsite/checklist.py)."""
from django import template
from django.template.loader import render_to_string
from django.utils.translation import get_language

from api.prepared import remembered

from ..checklist import steps
from ..slots import leaves_slots, slot

register = template.Library()
TEMPLATE = "docsite/_checklist.html"
MAX_RENDERED = 256  # rendered checklists kept per process: one per language and set of steps done
_rendered = {}


def checklist_context(user):
    if not user.is_authenticated:
        return {"steps": []}
    found = steps(user)
    return {"steps": found, "done": sum(step.done for step in found)}


def checklist_html(user):
    """The checklist of `user`, rendered once per language and what its steps say (the
    facts are read on every request; the template was most of the checklist's cost)."""
    context = checklist_context(user)
    return remembered(_rendered, (get_language(), tuple(context["steps"])),
                      lambda: render_to_string(TEMPLATE, context), limit=MAX_RENDERED)


@register.simple_tag(takes_context=True)
def developer_checklist(context):
    """The checklist, or on a page rendered for the cache its slot (it is the visitor's own)."""
    if leaves_slots(context):
        return slot("checklist")
    return checklist_html(context["request"].user)
