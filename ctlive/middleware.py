"""Site-wide response headers."""
from django.conf import settings
from django.utils.http import http_date


class ContentSecurityPolicyMiddleware:
    """Sends the Content-Security-Policy: only this site's own scripts, styles and images,
    no inline script, no framing."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        return response


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
