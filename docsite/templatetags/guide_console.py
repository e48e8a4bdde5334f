"""`{% guide_console embed %}`: a live console inside a guide (docsite/embedded_console.py)."""
from django import template

from ..embedded_console import embed_context

register = template.Library()


@register.inclusion_tag("docsite/_guide_console.html", takes_context=True)
def guide_console(context, embed):
    return embed_context(context, embed)
