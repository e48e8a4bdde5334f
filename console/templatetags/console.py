"""`{% console_panel operation %}` and `{% console_output operation %}`: the try-it panel of
one operation on a reference page and its result row, filled when the page answers a
console call made without JavaScript."""
from django import template

from console.first_view import panel_html, render_panel
from docsite.slots import leaves_slots, slot

register = template.Library()


@register.simple_tag(takes_context=True)
def console_panel(context, operation):
    if leaves_slots(context):
        return slot("panel", operation.operation_id)  # the visitor's own: filled per request
    answered = context.get("console", {}).get(operation.operation_id)
    if answered:
        return render_panel(answered, context.get("csrf_token"))
    return panel_html(context["request"], operation, context.get("csrf_token"))


@register.inclusion_tag("console/_output.html", takes_context=True)
def console_output(context, operation):
    """The result row of an operation: empty until a call, filled on a whole page that
    answers a call made without JavaScript."""
    answered = context.get("console", {}).get(operation.operation_id)
    return answered or {"operation": operation, "result": None}


@register.filter
def human_size(size):
    for unit in ("bytes", "KB", "MB"):
        if size < 1024 or unit == "MB":
            return f"{size:.0f} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
