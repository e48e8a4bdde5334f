"""Site pages (docs, console, accounts) sent compressed: a reference page is over 100 KB of
HTML and about a tenth of it gzipped.

As Django's GZipMiddleware does it (only bodies of 200 bytes or more, only when shorter,
`Vary: Accept-Encoding`, a strong ETag made weak, and random bytes in the gzip header
against BREACH: pages carry CSRF tokens and echo search queries), but at level 1, the
API's and nginx's default, where Django's is fixed at 6: on a 142 KB console result
level 1 takes 0.42 ms against 0.98 ms, for a body of 11.5 KB against 8.8 KB. API paths are
left to the API's own negotiation (api/compression.py: gzip or deflate, nothing under
1 KB), and so are static files, which WhiteNoise serves precompressed, and streamed
answers (the console's downloads go out whole, through the server's sendfile).
"""
import gzip
import secrets

from django.middleware.gzip import re_accepts_gzip
from django.utils.cache import patch_vary_headers

from api.compression import LEVEL
from api.paths import is_api

MIN_BYTES = 200
MAX_RANDOM_BYTES = 100  # GZipMiddleware's default padding


def padded_gzip(content):
    """`content` gzipped at LEVEL, with a random file name in its header (as Django's
    compress_string writes it), so equal pages differ in compressed length."""
    compressed = memoryview(gzip.compress(content, compresslevel=LEVEL, mtime=0))
    header = bytearray(compressed[:10])
    header[3] = gzip.FNAME
    return bytes(header) + b"a" * secrets.randbelow(MAX_RANDOM_BYTES) + b"\x00" + compressed[10:]


class SitePageCompression:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (is_api(request.path_info) or response.streaming or len(response.content) < MIN_BYTES
                or response.has_header("Content-Encoding")):
            return response
        patch_vary_headers(response, ("Accept-Encoding",))
        if not re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
            return response
        compressed = padded_gzip(response.content)
        if len(compressed) >= len(response.content):
            return response
        response.content = compressed
        response.headers["Content-Length"] = str(len(compressed))
        etag = response.get("ETag")
        if etag and etag.startswith('"'):
            response.headers["ETag"] = "W/" + etag
        response.headers["Content-Encoding"] = "gzip"
        return response
