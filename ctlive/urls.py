from django.contrib import admin
from django.urls import include, path, re_path
from oauth2_provider import views as oauth2_views

from api import oauth
from api import views as api_views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("docsite.urls")),  # before the API's catch-all: it serves /api/openapi.json and .yaml
    # Any character and \Z: a path holding a line break (`/api/event/%0A`) still reaches the API's 404.
    re_path(r"^api(?:/(?P<path>[\s\S]*))?\Z", api_views.endpoint, name="api"),
    re_path(r"^oauth2/authorize/?$", oauth2_views.AuthorizationView.as_view(), name="oauth2_authorize"),
    re_path(r"^oauth2/token/?$", oauth.QueryTokenView.as_view(), name="oauth2_token"),
    re_path(r"^oauth2/revoke/?$", oauth2_views.RevokeTokenView.as_view(), name="oauth2_revoke"),
    path("accounts/", include("docsite.accounts.urls")),
    path("console/", include("console.urls")),
]

# Under /api and /oauth2, an unmatched path or an uncaught exception is the API's error.
handler404 = "api.fallback.page_not_found"
handler500 = "api.fallback.server_error"
