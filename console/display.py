"""A captured response made readable: headers explained, the body formatted on the server.

JSON is re-indented and highlighted in one walk (console/json_html.py), YAML and XML by
Pygments, all with CSS classes (the site's CSP allows no inline style); XML is indented
through defusedxml; CSV and TSV become a table with a header row. Bodies over
`CONSOLE_PREVIEW_BYTES` are shown in part, as plain text, with the size and a download of
the whole: a 5 MB body never reaches the page.
"""
import csv
import io
import json
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

from xml.parsers.expat import ExpatError

from defusedxml import DefusedXmlException, minidom
from django.conf import settings
from django.utils.safestring import mark_safe
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import XmlLexer, YamlLexer

from .credentials import SECRET_PARAMETERS, masked_text
from .json_html import highlighted_json

FORMATTER = HtmlFormatter(nowrap=True)
LIGHT_STYLE, DARK_STYLE = "default", "github-dark"
PREVIEW_TABLE_ROWS = 500
HEADER_HELP = {
    "x-ctlive-api-version": "Version of the API contract that answered.",
    "x-ctlive-current-page": "The page of the list in this response (1-based).",
    "x-ctlive-current-rows": "Rows in this page.",
    "x-ctlive-page-count": "How many pages the whole list has at this size.",
    "x-ctlive-page-size": "Rows per page used (a larger size asked for is clamped).",
    "x-ctlive-row-count": "Rows in the whole list.",
    "link": "First, previous, next and last pages (RFC 8288); the buttons below follow them.",
    "retry-after": "Seconds to wait before trying again (rate limit, quota or a job still running).",
    "content-encoding": "Compression of the body on the wire; the size shows both.",
    "www-authenticate": "Why the credentials were refused and which scheme to use.",
    "content-type": "Format of the body.",
    "vary": "Request headers that change the response (for caches).",
}
CREDENTIAL_PARAMETERS = {"client_id", "user_id", *SECRET_PARAMETERS}
LINK = re.compile(r'<([^>]*)>\s*;\s*rel="?([a-z]+)"?')


@dataclass(frozen=True)
class Body:
    kind: str            # json, yaml, xml, table, text, empty
    html: str = ""       # highlighted markup (safe) for json, yaml, xml
    text: str = ""       # the raw text (preview when cut)
    header: tuple = ()   # table header row
    rows: tuple = ()     # table rows
    partial: bool = False
    note: str = ""       # why a body that should parse is shown as text


def explained_headers(headers):
    """(name, value, explanation) for each response header."""
    return [(name, masked_text(value), HEADER_HELP.get(name.lower(), "Rate limit or quota information." if "rate" in name.lower()
                                          else "")) for name, value in headers]


def page_links(link_header):
    """{rel: query pairs} of the Link header: the buttons rerun the call with that query."""
    found = {}
    for url, rel in LINK.findall(link_header or ""):
        found[rel] = [(k, v) for k, v in parse_qsl(urlsplit(url).query, keep_blank_values=True)
                      if k not in CREDENTIAL_PARAMETERS]
    return {rel: found[rel] for rel in ("first", "prev", "next", "last") if rel in found}


def highlighted(text, lexer):
    return mark_safe(highlight(text, lexer, FORMATTER))


def table(text, delimiter):
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    if not rows:
        return Body("empty")
    body = rows[1:]
    return Body("table", text=text, header=tuple(rows[0]), rows=tuple(tuple(r) for r in body[:PREVIEW_TABLE_ROWS]),
                partial=len(body) > PREVIEW_TABLE_ROWS)


def formatted(body, content_type):
    """The Body to show for `body` (bytes) of `content_type`."""
    if not body:
        return Body("empty")
    text = body.decode("utf-8", errors="replace")
    if len(body) > settings.CONSOLE_PREVIEW_BYTES:
        return Body("text", text=body[: settings.CONSOLE_PREVIEW_BYTES].decode("utf-8", errors="ignore"), partial=True)
    media_type = content_type.split(";")[0].strip().lower()
    try:
        if media_type.endswith("json"):
            return Body("json", html=highlighted_json(json.loads(text)), text=text)
        if media_type.endswith("yaml"):
            return Body("yaml", html=highlighted(text, YamlLexer()), text=text)
        if media_type.endswith("xml"):
            pretty = minidom.parseString(body).toprettyxml(indent="  ")
            return Body("xml", html=highlighted(pretty, XmlLexer()), text=text)
        if media_type == "text/csv":
            return table(text, ",")
        if media_type == "text/tab-separated-values":
            return table(text, "\t")
    except (ValueError, RecursionError, csv.Error, ExpatError, DefusedXmlException) as error:  # shown as text
        return Body("text", text=text, note=f"Shown as text: the body does not parse ({error}).")
    return Body("text", text=text)


def stylesheet():
    """The token colours for the console's highlighted bodies (kept in console.css): a light
    style, and a dark one for the dark theme, chosen or from the system."""
    light, dark = HtmlFormatter(style=LIGHT_STYLE), HtmlFormatter(style=DARK_STYLE)
    return "\n".join([
        *light.get_token_style_defs(".console-code"),
        *dark.get_token_style_defs(':root[data-theme="dark"] .console-code'),
        "@media (prefers-color-scheme: dark) {",
        *dark.get_token_style_defs(":root:not([data-theme]) .console-code"),
        "}",
    ])
