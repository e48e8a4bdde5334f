"""Rate limit per client address (SPEC §8): `API_RATE_LIMIT_REQUESTS` requests inside a
fixed window of `API_RATE_LIMIT_WINDOW_SECONDS` (windows start at multiples of the
length since the epoch); over it, a 503 `over_rate` in the requested format with
`Retry-After` until the window ends.

The count lives in the shared cache (api/counters.py), so every server process adds to
the same number. Which address counts: the direct peer, unless the peer is one of
`API_TRUSTED_PROXIES`; then the right-most `X-Forwarded-For` address that is not a
trusted proxy, since only what a trusted proxy appended can be believed.
"""
import ipaddress
import math
import time
from functools import lru_cache

from django.conf import settings
from django.utils.translation import gettext as _

from . import counters
from .errors import ApiError
from .negotiation import format_for_error
from .paths import is_api
from .responses import error_response

TOKEN_PATH = "/oauth2/token"


@lru_cache(maxsize=8)
def proxy_networks(proxies):
    return tuple(ipaddress.ip_network(proxy.strip(), strict=False) for proxy in proxies if proxy.strip())


def is_trusted_proxy(address):
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in proxy_networks(tuple(settings.API_TRUSTED_PROXIES)))


def client_address(request):
    return client_address_of(request.META)


def client_address_of(meta):
    """The client address of a request's META (also of oauthlib's copy of it)."""
    peer = meta.get("REMOTE_ADDR", "")
    if not settings.API_TRUSTED_PROXIES or not is_trusted_proxy(peer):
        return peer
    forwarded = [part.strip() for part in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    for address in reversed(forwarded):
        if not is_trusted_proxy(address):
            return address
    return forwarded[0] if forwarded else peer


def over_rate(limit, window, retry_after):
    message = _("Over the rate limit of %(limit)s requests in %(window)s seconds from one address; "
                "try again in %(retry)s seconds.") % {"limit": limit, "window": window, "retry": retry_after}
    return ApiError(503, "over_rate", message, {"limit": limit, "window_seconds": window},
                    headers={"Retry-After": str(retry_after)})


def check(request, now):
    """Counts the request; an over_rate ApiError once the address is over the limit."""
    window = settings.API_RATE_LIMIT_WINDOW_SECONDS
    number = int(now // window)
    count = counters.increment(f"api-rate:{number}:{client_address(request)}", window + 1)
    limit = settings.API_RATE_LIMIT_REQUESTS
    if count > limit:
        raise over_rate(limit, window, max(1, math.ceil((number + 1) * window - now)))


class RateLimitMiddleware:
    """Applies the limit to the API and the OAuth token endpoint, before any other work."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_api(request.path_info) or request.path_info.rstrip("/") == TOKEN_PATH:
            try:
                check(request, time.time())
            except ApiError as error:
                return error_response(format_for_error(request), error)
        return self.get_response(request)
