"""Who may use the support pages: members of the `support` group (its permission), or
superusers. Anonymous visitors are sent to sign in; everyone else gets a 403."""
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

PERMISSION = "support.search_requests"


def is_support(user):
    return user.is_authenticated and user.has_perm(PERMISSION)


def support_required(view):
    @login_required
    @wraps(view)
    def checked(request, *args, **kwargs):
        if not is_support(request.user):
            raise PermissionDenied("The support pages are for members of the support group.")
        return view(request, *args, **kwargs)
    return checked
