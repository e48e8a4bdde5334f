"""Site-wide response headers."""
from django.conf import settings


class ContentSecurityPolicyMiddleware:
    """Sends the Content-Security-Policy: only this site's own scripts, styles and images,
    no inline script, no framing."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        return response
