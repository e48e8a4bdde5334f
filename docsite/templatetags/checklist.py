"""`{% developer_checklist %}`: the signed-in developer's checklist (docsite/checklist.py)."""
from django import template

from ..checklist import steps

register = template.Library()


@register.inclusion_tag("docsite/_checklist.html", takes_context=True)
def developer_checklist(context):
    user = context["request"].user
    if not user.is_authenticated:
        return {"steps": []}
    found = steps(user)
    return {"steps": found, "done": sum(step.done for step in found)}
