"""Site-wide response headers, and the browser-only middleware that API requests skip."""
from django.conf import settings
from django.contrib.auth import middleware as auth
from django.contrib.messages import middleware as messages
from django.contrib.sessions import middleware as sessions
from django.middleware import csrf
from django.utils.http import http_date

from api.paths import is_api
from api.ratelimit import is_trusted_proxy

from . import base_urls


class ContentSecurityPolicyMiddleware:
    """Sends the Content-Security-Policy: only this site's own scripts, styles and images,
    no inline script, no framing."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        return response


class BaseUrlMiddleware:
    """Pages built once carry a placeholder origin (ctlive/base_urls.py): it becomes the
    scheme, host and port this visitor used, before the page is compressed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.streaming or is_api(request.path_info):
            return response
        content = base_urls.localized(response.content, request)
        if content is not response.content:
            response.content = content
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(content))
        return response


class UntrustedProxyHeaderMiddleware:
    """Drops the SECURE_PROXY_SSL_HEADER of a request whose peer is not one of
    API_TRUSTED_PROXIES: only a trusted proxy may say the client used HTTPS."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        header = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
        if header and not is_trusted_proxy(request.META.get("REMOTE_ADDR", "")):
            request.META.pop(header[0], None)
        return self.get_response(request)


class DateHeaderMiddleware:
    """Sends `Date` on every response (SPEC §7). Gunicorn always writes its own, so under
    it the header is left to the server: a second Date header would contradict the first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.META.get("SERVER_SOFTWARE", "").startswith("gunicorn"):
            response.setdefault("Date", http_date())
        return response


class SkippedForApi:
    """Mixed into middleware that only the browser site needs: API requests are stateless
    (credentials on every request; no session, login cookie, CSRF token or messages), so
    they pass straight through."""

    def __call__(self, request):
        if is_api(request.path_info):
            return self.get_response(request)
        return super().__call__(request)


class SessionMiddleware(SkippedForApi, sessions.SessionMiddleware):
    pass


class CsrfViewMiddleware(SkippedForApi, csrf.CsrfViewMiddleware):
    pass


class AuthenticationMiddleware(SkippedForApi, auth.AuthenticationMiddleware):
    pass


class MessageMiddleware(SkippedForApi, messages.MessageMiddleware):
    pass
