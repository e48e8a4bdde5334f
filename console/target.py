"""Where a console call may go: only under the API path of a configured environment.

Every URL the proxy sends to passes `checked_url`, whatever built it (the form, a Link
button, an imported curl command): the path cannot climb out of the API (`..`, encoded dots
or slashes, backslashes), cannot name another host (absolute or scheme-relative URLs), and
no header name or value may carry CR or LF.
"""
import re
from urllib.parse import urlsplit

from requests.exceptions import InvalidHeader
from requests.utils import check_header_validity

FORBIDDEN_IN_PATH = re.compile(r"%2e|%2f|%5c|\\|%00", re.IGNORECASE)
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
C1_CONTROL = re.compile("[\x80-\x9f]")
HEADER_NAME = re.compile(r"^[A-Za-z0-9!#$%&'*+.^_`|~-]+$")


class Refused(ValueError):
    """A call the console will not send; the message says why."""


def checked_url(environment, url):
    """`url` itself when it lies under `environment`'s API path; Refused otherwise."""
    if CONTROL.search(url):
        raise Refused("The URL contains a control character (CR, LF or another).")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise Refused(f"Only http and https URLs are called, not {parts.scheme or 'a relative'} URL.")
    if f"{parts.scheme}://{parts.netloc}" != environment.origin:
        raise Refused(f"The console calls only {environment.origin} in environment {environment.name!r}.")
    if parts.fragment or "@" in parts.netloc:
        raise Refused("The URL must not carry a fragment or user information.")
    path = parts.path
    if FORBIDDEN_IN_PATH.search(path):
        raise Refused("The path must not contain encoded dots, encoded slashes or backslashes.")
    segments = path.split("/")
    if ".." in segments or "." in segments or "//" in path:
        raise Refused("The path must not climb out of the API (no . or .. segments, no empty segments).")
    base = environment.api_path.rstrip("/")
    if path != base and not path.startswith(base + "/"):
        raise Refused(f"The console calls only paths under {base}.")
    return url


def api_url(environment, path):
    """The environment's URL of an API path such as /api/event/12 (the operation paths
    start with /api; the environment's base URL ends with its own API path)."""
    if not path.startswith("/api"):
        raise Refused("Operation paths start with /api.")
    return environment.base_url + path[len("/api"):]


def header_value_problem(value):
    """Why `requests` or `http.client` would refuse to send `value` as a header value (they
    raise outside the console's error handling), or "" when they send it."""
    if CONTROL.sub("", value.replace("\t", "")) != value.replace("\t", ""):
        return "contains control characters (CR, LF or others)"
    if C1_CONTROL.search(value):
        return "contains a C1 control character (U+0080 to U+009F, such as U+0085)"
    try:
        value.encode("latin-1")
    except UnicodeEncodeError:
        return "contains characters that HTTP headers cannot carry (only ISO-8859-1)"
    try:
        check_header_validity(("X-Checked", value))
    except InvalidHeader:
        return "must not begin with a space or other whitespace"
    return ""


def checked_headers(headers):
    """The (name, value) pairs unchanged; Refused for a bad name or a value the HTTP
    library would refuse."""
    for name, value in headers:
        if not HEADER_NAME.match(name):
            raise Refused(f"{name!r} is not a valid header name.")
        problem = header_value_problem(value)
        if problem:
            raise Refused(f"The {name} header {problem}.")
    return headers
