"""django.contrib.admin with ctlive/admin_site.py's site as `admin.site` (in a module of
its own: INSTALLED_APPS imports it before any model can be)."""
from django.contrib.admin.apps import AdminConfig


class ThrottledAdminConfig(AdminConfig):
    default_site = "ctlive.admin_site.ThrottledAdminSite"
