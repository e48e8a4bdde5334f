"""The admin site, whose sign-in is throttled like the site's: a refused attempt is a 429
with Retry-After and says why, instead of Django's generic "enter a correct username"."""
from django.contrib import admin

from api.auth.login_throttle import as_too_many_attempts
from docsite.accounts.forms import AdminSignInForm


class ThrottledAdminSite(admin.AdminSite):
    login_form = AdminSignInForm

    def login(self, request, extra_context=None):
        return as_too_many_attempts(request, super().login(request, extra_context))
