"""A captured response made readable: headers explained, the body formatted on the server.

JSON and XML (parsed by defusedxml) are re-indented and highlighted in one walk each
(console/json_html.py, console/xml_html.py), with folding nodes; YAML is coloured line by
line (console/yaml_html.py); all with CSS classes (the site's CSP allows no inline style).
CSV and TSV become a table with a header row. A body over `CONSOLE_PREVIEW_BYTES` is
shown in part, formatted the same way (console/preview.py cuts it after its last complete
value), with the size and a download of the whole: a 5 MB body never reaches the page.
"""
import csv
import io
import itertools
import json
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring
from django.conf import settings
from pygments.formatters import HtmlFormatter

from . import preview
from .credentials import SECRET_PARAMETERS, masked_text
from .json_html import highlighted_json
from .xml_html import highlighted_xml
from .yaml_html import highlighted_yaml

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
    shown_size: int = 0  # bytes of the body the preview shows


def explained_headers(headers):
    """(name, value, explanation) for each response header."""
    return [(name, masked_text(value), HEADER_HELP.get(name.lower(), "Rate limit or quota information." if "rate" in name.lower()
                                          else "")) for name, value in headers]


def page_links(link_header, empty=False):
    """{rel: query pairs} of the Link header: the buttons rerun the call with that query.
    An empty list has no first or last page to go to (only back, past its end)."""
    found = {}
    for url, rel in LINK.findall(link_header or ""):
        found[rel] = [(k, v) for k, v in parse_qsl(urlsplit(url).query, keep_blank_values=True)
                      if k not in CREDENTIAL_PARAMETERS]
    shown = ("prev", "next") if empty else ("first", "prev", "next", "last")
    return {rel: found[rel] for rel in shown if rel in found}


def table(text, delimiter, partial=False):
    rows = list(itertools.islice(csv.reader(io.StringIO(text), delimiter=delimiter), PREVIEW_TABLE_ROWS + 2))
    if not rows:
        return Body("empty")
    body = rows[1:]
    return Body("table", text=text, header=tuple(rows[0]), rows=tuple(tuple(r) for r in body[:PREVIEW_TABLE_ROWS]),
                partial=partial or len(body) > PREVIEW_TABLE_ROWS)


def formatted(body, content_type):
    """The Body to show for `body` (bytes) of `content_type`."""
    if not body:
        return Body("empty")
    partial = len(body) > settings.CONSOLE_PREVIEW_BYTES
    text = body[: settings.CONSOLE_PREVIEW_BYTES].decode("utf-8", errors="ignore") if partial \
        else body.decode("utf-8", errors="replace")
    media_type = content_type.split(";")[0].strip().lower()
    try:
        shown = format_text(text, media_type, partial)
    except (ValueError, RecursionError, csv.Error, ParseError, DefusedXmlException) as error:  # shown as text
        return Body("text", text=text, partial=partial, shown_size=len(text.encode()),
                    note=f"Shown as text: the body does not parse ({error}).")
    return Body(**{**shown.__dict__, "partial": shown.partial or partial, "shown_size": len(shown.text.encode())})


def format_text(text, media_type, partial):
    """The Body of `text` in `media_type`; for a preview (`partial`) only its complete part."""
    if media_type.endswith("json"):
        text = preview.json_prefix(text) if partial else text
        return Body("json", html=highlighted_json(json.loads(text)), text=text)
    if media_type.endswith("yaml"):
        text = preview.line_prefix(text) if partial else text
        return Body("yaml", html=highlighted_yaml(text), text=text)
    if media_type.endswith("xml"):
        text = preview.xml_prefix(text) if partial else text
        return Body("xml", html=highlighted_xml(fromstring(text.encode("utf-8"))), text=text)
    if media_type in ("text/csv", "text/tab-separated-values"):
        text = preview.line_prefix(text) if partial else text
        return table(text, "," if media_type == "text/csv" else "\t", partial)
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
