"""Last answers under /api and /oauth2: a path no pattern matches, or an exception nothing
caught, is still the API's error in the requested format, never Django's HTML page.

Django calls these as `handler404` and `handler500` (ctlive/urls.py); other paths get
Django's own pages. An unexpected exception is logged by Django before this runs.
"""
from django.utils.translation import gettext as _
from django.views import defaults

from .errors import ApiError, not_found
from .negotiation import format_for_error
from .paths import is_api
from .responses import error_response

OAUTH_PREFIX = "/oauth2/"


def answered_by_api(path_info):
    return is_api(path_info) or path_info.startswith(OAUTH_PREFIX)


def page_not_found(request, exception):
    if answered_by_api(request.path_info):
        return error_response(format_for_error(request), not_found(_("No API path matches this URL.")))
    return defaults.page_not_found(request, exception)


def server_error(request):
    if answered_by_api(request.path_info):
        error = ApiError(500, "server_error", _("The server failed to answer this request; it has been logged."))
        return error_response(format_for_error(request), error)
    return defaults.server_error(request)
