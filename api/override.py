"""`X-Http-Method-Override` (SPEC §6): clients behind proxies that only pass GET and POST
send the method they mean in this header."""
from django.utils.translation import gettext as _

from .errors import ApiError

HEADER = "X-Http-Method-Override"
ALLOWED = {"POST": ("PUT", "DELETE"), "GET": ("DELETE",)}


def effective_method(request):
    """The method the request is handled as: a POST carrying PUT or DELETE, or a GET carrying
    DELETE, becomes that method; any other use of the header is a 400 naming it."""
    wanted = request.META.get("HTTP_X_HTTP_METHOD_OVERRIDE")
    if wanted is None:
        return request.method
    wanted = wanted.strip().upper()
    if wanted in ALLOWED.get(request.method, ()):
        return wanted
    message = _("%(header)s: %(wanted)r cannot be used on a %(method)s request; a POST may carry PUT or "
                "DELETE, a GET may carry DELETE.") % {"header": HEADER, "wanted": wanted, "method": request.method}
    raise ApiError(400, "invalid_method_override", message, {"header": HEADER})
