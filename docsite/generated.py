"""What the guides insert from code: values (`{{ name }}`) and tables (`[[ name ]]`).

Each table is built from the module that defines its facts (settings, `api.wire`,
`api.formats`, `api.operations`, the registry), so the guides cannot drift from the API.
"""
import base64
from urllib.parse import quote

from django.conf import settings
from django.urls import reverse

from api import operations, wire
from api.auth.legacy_sha1 import sha1_hex
from api.formats import FORMATS
from api.formats.base import ListShape
from api.openapi import site_root
from api.registry import registry
from ctlive import base_urls
from racing.demo import DEMO_REDIRECT_URI

from .examples import sample_entity

ENVIRONMENT_PURPOSES = {
    "production": "Live data. Every change is seen at once by everyone using the service.",
    "testing": "A separate copy for trying things out; changes made there do not reach production.",
}
FORMAT_SAMPLE_RESOURCE = "wave"


def basic_token(login, password):
    return base64.b64encode(f"{login}:{password}".encode()).decode()


def values():
    """Every `{{ name }}` a guide may use."""
    director, director_password = settings.DEMO_DIRECTOR_EMAIL, settings.DEMO_DIRECTOR_PASSWORD
    tester, tester_password = settings.DEMO_TEST_USER_EMAIL, settings.DEMO_TEST_USER_PASSWORD
    return {
        "production_url": base_urls.placeholders().production,
        "testing_url": base_urls.placeholders().testing,
        "testing_refresh_at": settings.TESTING_REFRESH_AT or "never (TESTING_REFRESH_AT is empty)",
        "root": site_root(),
        "client_id": settings.DEMO_CLIENT_ID,
        "client_secret": settings.DEMO_CLIENT_SECRET,
        "client_basic": basic_token(settings.DEMO_CLIENT_ID, settings.DEMO_CLIENT_SECRET),
        "director": director,
        "director_q": quote(director, safe=""),
        "director_password": director_password,
        "director_basic": basic_token(director, director_password),
        "tester": tester,
        "tester_q": quote(tester, safe=""),
        "tester_password": tester_password,
        "tester_sha1": sha1_hex(tester_password),
        "redirect_uri": DEMO_REDIRECT_URI,
        "redirect_uri_q": quote(DEMO_REDIRECT_URI, safe=""),
        "api_version": settings.API_VERSION,
        "default_page_size": str(settings.API_DEFAULT_PAGE_SIZE),
        "max_page_size": str(settings.API_MAX_PAGE_SIZE),
        "rate_limit_requests": str(settings.API_RATE_LIMIT_REQUESTS),
        "rate_limit_window": str(settings.API_RATE_LIMIT_WINDOW_SECONDS),
        "daily_quota": str(settings.API_DAILY_QUOTA),
    }


def cell(text):
    return str(text).replace("|", "\\|").replace("\n", " ")


def table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(value) for value in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def environments():
    return table(("environment", "base URL", "what it is for"), [
        (name.capitalize(), f"`{url}`", ENVIRONMENT_PURPOSES.get(name, ""))
        for name, url in base_urls.placeholders().items()
    ])


def data_types():
    return table(("type", "what the string holds"), [(f"`{name}`", text) for name, text in wire.DATA_TYPES.items()])


def formats():
    return table(("code", "media type", "also accepted as"), [
        (f"`{fmt.code}`", f"`{fmt.media_type}`", ", ".join(f"`{alias}`" for alias in fmt.aliases))
        for fmt in FORMATS.values()
    ])


def format_sample(fmt):
    """A two-entity list of the sample resource, exactly as the format's renderer writes it."""
    resource = registry.get(FORMAT_SAMPLE_RESOURCE)
    envelope = resource.collections[0].envelope
    entities = [sample_entity(resource, variant) for variant in (0, 1)]
    shape = ListShape(envelope, resource.envelope, tuple(entities[0]))
    body = fmt.render_list(shape, entities).decode("utf-8")
    visible = body.replace("\r\n", "\n").replace("\t", "→")  # Markdown would turn tabs into spaces
    return f"```{fmt.code}\n{visible.rstrip()}\n```\n"


def common_parameters():
    placed = [(parameter, "query") for parameter in operations.AUTHENTICATION_PARAMETERS]
    placed.append((operations.format_parameter(), "path suffix or query"))
    placed += [(p.parameter, "query") for p in operations.common_list_parameters() if p.name != "format"]
    return table(("parameter", "where", "type", "default", "meaning"), [
        (f"`{parameter.name}`", where, f"`{parameter.type}`", f"`{parameter.default}`" if parameter.default else "",
         parameter.description)
        for parameter, where in placed
    ])


def resources():
    return table(("resource", "path segment", "what it is"), [
        (f"[{resource.title}]({reverse('docsite:reference', args=[resource.segment])})", f"`{resource.segment}`",
         resource.description.split(". ")[0].rstrip(".") + ".")
        for resource in registry
    ])


BLOCKS = {
    "environments": environments,
    "data-types": data_types,
    "formats": formats,
    "common-parameters": common_parameters,
    "resources": resources,
    **{f"sample-{code}": (lambda fmt=fmt: format_sample(fmt)) for code, fmt in FORMATS.items()},
}
