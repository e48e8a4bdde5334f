from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from oauth2_provider import views as oauth2_views

from api import oauth
from api import views as api_views
from ctlive import health

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("docsite.urls")),  # before the API's catch-all: it serves /api/openapi.json and .yaml
    # [\s\S]: a path holding a line break (`/api/event/%0A`) still reaches the API's 404 (Django
    # matches a pattern ending in $ whole; an inline (?s) flag would make it impossible to reverse).
    re_path(r"^api(?:/(?P<path>[\s\S]*))?$", api_views.production_endpoint, name="api"),
    # The testing environment: the same API on its own database (ctlive/environment.py).
    re_path(r"^testing/api(?:/(?P<path>[\s\S]*))?$", api_views.testing_endpoint, name="testing-api"),
    re_path(r"^oauth2/authorize/?$", oauth2_views.AuthorizationView.as_view(), name="oauth2_authorize"),
    re_path(r"^oauth2/token/?$", oauth.QueryTokenView.as_view(), name="oauth2_token"),
    re_path(r"^oauth2/revoke/?$", oauth2_views.RevokeTokenView.as_view(), name="oauth2_revoke"),
    path("accounts/", include("docsite.accounts.urls")),
    path("console/", include("console.urls")),
    path("support/", include("support.urls")),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
]
if settings.METRICS:
    from django_prometheus.exports import ExportToDjangoView

    urlpatterns.append(path("metrics", ExportToDjangoView, name="metrics"))

# Under /api and /oauth2, an unmatched path or an uncaught exception is the API's error.
handler404 = "api.fallback.page_not_found"
handler500 = "api.fallback.server_error"
