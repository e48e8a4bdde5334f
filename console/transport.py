"""How `requests` reaches an environment: in-process for this server, a pinned socket for
any other.

`InProcessAdapter` hands the prepared request (exactly what is shown) to this process's own
Django handler: no socket and no worker thread, so a console call never waits for a
gunicorn worker that is busy serving the console itself. It sends no request signals, so
the console request's database connection is neither closed nor reused across calls.

`PinnedAdapter` resolves the host once, refuses addresses that are not public (private,
loopback, link-local such as the cloud metadata address 169.254.169.254, reserved), and
connects to that very address: a DNS answer that changes between the check and the
connection (DNS rebinding) cannot send the call elsewhere. TLS still checks the name.
"""
import io
import ipaddress
import socket
from functools import cache
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.handlers.base import BaseHandler
from django.core.handlers.wsgi import WSGIRequest
from django.utils import translation
from requests.adapters import BaseAdapter, HTTPAdapter
from urllib3 import HTTPResponse

from .target import Refused


class InProcessHandler(BaseHandler):
    """Django's request handling without the request_started/finished signals."""

    def __init__(self):
        super().__init__()
        self.load_middleware()

    def __call__(self, environ):
        return self.get_response(WSGIRequest(environ))


@cache
def in_process_handler():
    return InProcessHandler()


def wsgi_environ(request, client_address):
    parts = urlsplit(request.url)
    body = request.body or b""
    if isinstance(body, str):
        body = body.encode("utf-8")
    environ = {
        "REQUEST_METHOD": request.method, "SCRIPT_NAME": "",
        "PATH_INFO": unquote(parts.path).encode("utf-8").decode("latin-1"), "QUERY_STRING": parts.query,
        "SERVER_NAME": parts.hostname, "SERVER_PORT": str(parts.port or (443 if parts.scheme == "https" else 80)),
        "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": client_address, "SERVER_SOFTWARE": "ctlive-console",
        "wsgi.version": (1, 0), "wsgi.url_scheme": parts.scheme, "wsgi.input": io.BytesIO(body),
        "wsgi.errors": io.StringIO(), "wsgi.multithread": True, "wsgi.multiprocess": True, "wsgi.run_once": False,
        "CONTENT_LENGTH": str(len(body)),
    }
    for name, value in request.headers.items():
        key = name.upper().replace("-", "_")
        if key == "CONTENT_TYPE":
            environ["CONTENT_TYPE"] = value
        elif key != "CONTENT_LENGTH":
            environ[f"HTTP_{key}"] = value
    return environ


def bounded_chunks(response, limit):
    """The body's chunks up to one byte past `limit` (the caller sees it was cut)."""
    chunks, size = [], 0
    content = response.streaming_content if response.streaming else [response.content]
    try:
        for chunk in content:
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                break
    finally:
        if hasattr(content, "close"):
            content.close()
    return b"".join(chunks)[: limit + 1]


class InProcessAdapter(BaseAdapter):
    def __init__(self, client_address, byte_limit):
        super().__init__()
        self.client_address, self.byte_limit = client_address, byte_limit

    def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None):
        with translation.override(translation.get_language()):  # the inner request activates its own
            response = in_process_handler()(wsgi_environ(request, self.client_address))
        body = bounded_chunks(response, self.byte_limit)
        raw = HTTPResponse(body=io.BytesIO(body), headers=list(response.items()), status=response.status_code,
                           reason=response.reason_phrase, preload_content=False, decode_content=False)
        return HTTPAdapter.build_response(self, request, raw)

    def close(self):
        pass


# IPv6 forms that carry an IPv4 address in their last 32 bits: NAT64's well-known prefix
# (RFC 6052) and the deprecated IPv4-compatible addresses (::a.b.c.d).
LAST_32_BITS_IPV4 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("::/96"))
# NAT64 local use (RFC 8215): translated into whatever IPv4 network the operator chose.
NAT64_LOCAL_USE = ipaddress.ip_network("64:ff9b:1::/48")


def embedded_ipv4(ip):
    """The IPv4 addresses an IPv6 address reaches through: 6to4 (2002::/16),
    Teredo (2001::/32: its server and its client), NAT64 and IPv4-compatible. Python's
    `ipaddress` calls most of these global, whatever IPv4 address they embed."""
    if ip.version != 6:
        return []
    found = [ip.sixtofour, *(ip.teredo or ())]
    if any(ip in network for network in LAST_32_BITS_IPV4):
        found.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return [address for address in found if address is not None]


def refused_address(address):
    """Why `address` may not be called, or "" when it may; an IPv6 address also for any
    IPv4 address it embeds (IPv4-mapped ones are judged as that IPv4 address)."""
    ip = ipaddress.ip_address(address)
    if getattr(ip, "ipv4_mapped", None):
        ip = ip.ipv4_mapped
    if ip.version == 6 and ip in NAT64_LOCAL_USE:
        return "a NAT64 local-use address (it reaches an IPv4 network of the operator's choosing)"
    for embedded in embedded_ipv4(ip):
        reason = refused_address(str(embedded))
        if reason:
            return f"an IPv6 address embedding {embedded}, {reason}"
    for network in settings.CONSOLE_PERMITTED_NETWORKS:
        if ip in ipaddress.ip_network(network, strict=False):
            return ""
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_link_local:
        return "a link-local address (this includes the cloud metadata service)"
    if ip.is_private or ip.is_reserved or ip.is_multicast or ip.is_unspecified or not ip.is_global:
        return "a private or reserved address"
    return ""


def public_address(host, port):
    """The first address `host` resolves to; Refused when any of them is not public."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise Refused(f"The host {host} cannot be resolved ({error.strerror}).")
    addresses = [info[4][0] for info in found]
    for address in addresses:
        reason = refused_address(address)
        if reason:
            raise Refused(f"The host {host} resolves to {address}, {reason}, which the console never calls.")
    return addresses[0]


class PinnedAdapter(HTTPAdapter):
    """Connects to the checked address of the request's host, never to a second lookup."""

    def send(self, request, **kwargs):
        parts = urlsplit(request.url)
        self.hostname = parts.hostname
        self.address = public_address(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
        return super().send(request, **kwargs)

    def get_connection_with_tls_context(self, request, verify, proxies=None, cert=None):
        host_params, pool_kwargs = self.build_connection_pool_key_attributes(request, verify, cert)
        if host_params["scheme"] == "https":
            pool_kwargs = {**pool_kwargs, "server_hostname": self.hostname, "assert_hostname": self.hostname}
        return self.poolmanager.connection_from_host(**{**host_params, "host": self.address}, pool_kwargs=pool_kwargs)
