"""`{% guide_console embed position %}`: a live console inside a guide (docsite/embedded_console.py)."""
from django import template

from ..embedded_console import embed_context, render_embed
from ..slots import leaves_slots, slot

register = template.Library()


@register.simple_tag(takes_context=True)
def guide_console(context, embed, position):
    """The console, or on a page rendered to be kept its slot (the console is the visitor's
    own); a "Run it" link to an earlier console is the same for everyone."""
    if leaves_slots(context) and not embed.repeat:
        return slot("embed", str(position))
    return render_embed(embed_context(context, embed), context.get("csrf_token"))
