"""`{% developer_checklist %}`: the signed-in developer's checklist (docsite/checklist.py)."""
from django import template
from django.template.loader import render_to_string

from ..checklist import steps
from ..slots import leaves_slots, slot

register = template.Library()


def checklist_context(user):
    if not user.is_authenticated:
        return {"steps": []}
    found = steps(user)
    return {"steps": found, "done": sum(step.done for step in found)}


@register.simple_tag(takes_context=True)
def developer_checklist(context):
    """The checklist, or on a page rendered for the cache its slot (it is the visitor's own)."""
    if leaves_slots(context):
        return slot("checklist")
    return render_to_string("docsite/_checklist.html", checklist_context(context["request"].user))
