"""`{% share_control result operation %}`: the Share button of a console result."""
from django import template
from django.conf import settings

from console.sharing import snapshot_of

register = template.Library()


@register.inclusion_tag("console/_share.html", takes_context=True)
def share_control(context, result, operation):
    user = context.get("user")
    signed_in = bool(user and user.is_authenticated)
    return {"csrf_token": context.get("csrf_token"), "signed_in": signed_in, "result": result,
            "snapshot": snapshot_of(result, operation.operation_id) if signed_in and result.capture.ok else "",
            "days": settings.CONSOLE_SHARE_DAYS}
