"""The public base URLs of the two environments, as the visitor reaches them.

`API_PRODUCTION_URL` / `API_TESTING_URL` name them when set. Unset, they follow the request:
its scheme, host and port (behind a proxy listed in `API_TRUSTED_PROXIES`, the
`X-Forwarded-Proto` and `X-Forwarded-Host` it sends), with each environment's API path.

Pages built once and reused (guides, reference pages, the OpenAPI document) are built with
`placeholders()` and `localized` per response (BaseUrlMiddleware), so a cached page still shows
the address the visitor used. Everything else asks `for_request(request)`.
"""
from dataclasses import dataclass

from django.conf import settings

from ctlive.environment import PRODUCTION, TESTING

# Where this server serves each environment's API.
API_PATHS = {PRODUCTION: "/api", TESTING: "/testing/api"}


@dataclass(frozen=True)
class BaseUrls:
    site: str          # where /oauth2, /reference and the production /api start
    production: str    # ends with the API path, no trailing slash
    testing: str

    def of(self, name):
        return {PRODUCTION: self.production, TESTING: self.testing}[name]

    def items(self):
        return ((PRODUCTION, self.production), (TESTING, self.testing))


def configured(name):
    return settings.API_ENVIRONMENTS.get(name, "").rstrip("/")


def api_base(name, origin):
    """Environment `name`'s base URL: its setting, else `origin` and its API path ("" for
    an environment this server does not serve and no URL names)."""
    return configured(name) or (origin + API_PATHS[name] if name in API_PATHS else "")


def at_origin(origin):
    """The base URLs of a site served at `origin` (the settings win where set)."""
    production, testing = api_base(PRODUCTION, origin), api_base(TESTING, origin)
    site = production.removesuffix(API_PATHS[PRODUCTION]) if configured(PRODUCTION) else origin
    return BaseUrls(site=site, production=production, testing=testing)


def from_trusted_proxy(request):
    from api.ratelimit import is_trusted_proxy

    return bool(settings.API_TRUSTED_PROXIES) and is_trusted_proxy(request.META.get("REMOTE_ADDR", ""))


def origin(request):
    """scheme://host[:port] the visitor used."""
    scheme, host = request.scheme, request.get_host()
    if from_trusted_proxy(request):
        scheme = request.META.get("HTTP_X_FORWARDED_PROTO", "").split(",")[0].strip().lower() or scheme
        host = request.META.get("HTTP_X_FORWARDED_HOST", "").split(",")[0].strip() or host
    if scheme not in ("http", "https"):
        scheme = request.scheme
    return f"{scheme}://{host}"


def for_request(request):
    return at_origin(origin(request))


# Stands in for the visitor's origin in pages built once (".invalid" is never a real host).
PLACEHOLDER_ORIGIN = "http://site.ctlive.invalid"


def placeholders():
    """The base URLs to build a reusable page with: the settings where set, else the
    placeholder origin that `localized` replaces."""
    return at_origin(PLACEHOLDER_ORIGIN)


def openapi_servers():
    """The OpenAPI `servers`: one named Production, one named Testing."""
    return [{"url": url, "description": name.capitalize()} for name, url in placeholders().items()]


def localized(content, request):
    """`content` (bytes) with the placeholder origin replaced by the one the visitor used."""
    stand_in = PLACEHOLDER_ORIGIN.encode()
    if stand_in not in content:
        return content
    return content.replace(stand_in, origin(request).encode())
