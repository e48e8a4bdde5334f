"""Site pages (docs, console, accounts) sent compressed: a reference page is over 100 KB of
HTML and about a tenth of it gzipped.

Django's GZipMiddleware, which pads each compressed body with random bytes against BREACH
(pages carry CSRF tokens and echo search queries). API paths are left to the API's own
negotiation (api/compression.py: gzip or deflate, nothing under 1 KB), and so are static
files, which WhiteNoise serves precompressed, and streamed answers (the console's
downloads go out whole, through the server's sendfile).
"""
from django.middleware.gzip import GZipMiddleware

from api.paths import is_api


class SitePageCompression(GZipMiddleware):
    def process_response(self, request, response):
        if is_api(request.path_info) or response.streaming:
            return response
        return super().process_response(request, response)
