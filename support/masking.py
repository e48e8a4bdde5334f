"""Secrets removed from what the request log and shared results keep.

The names: the passwords and tokens of the API and OAuth (`user_pass`, `password`,
`client_secret`, `access_token`, `refresh_token`, `code`) and any registry field marked
`secret`. Their values are masked in queries, form bodies, JSON, XML, YAML, CSV and TSV, and
`Authorization` and `Proxy-Authorization` keep only their scheme; cookies and
the CSRF token header are hidden. The error code of
an API error body is named `code` too but is no secret: bodies the API answered with are
masked without `code` (an authorization code only ever travels in a request or in the
`Location` of a redirect, which is masked as a query).
"""
import csv
import io
import re
from functools import cache
from urllib.parse import unquote_plus

from api.registry import registry

MASK = "••••"
BASE_NAMES = ("user_pass", "password", "client_secret", "access_token", "refresh_token", "code")
CREDENTIAL_HEADERS = ("authorization", "proxy-authorization")
HIDDEN_HEADERS = ("cookie", "set-cookie", "x-csrftoken")
QUERY_HEADERS = ("location", "link")


@cache
def secret_names(with_code=True):
    marked = tuple(f.name for resource in registry for f in resource.fields if getattr(f, "secret", False))
    return tuple(n for n in (*BASE_NAMES, *marked) if with_code or n != "code")


@cache
def text_patterns(with_code=True):
    names = "|".join(re.escape(n) for n in secret_names(with_code))
    return (
        # "name": "value" (JSON, also JSON cut short)
        (re.compile(r'("(?:' + names + r')"\s*:\s*)("(?:[^"\\]|\\.)*"?|[^,}\]\s]+)', re.I), r'\1"' + MASK + '"'),
        # <name>value</name> (XML)
        (re.compile(r"(<(" + names + r")\b[^>]*>)[^<]*", re.I), r"\1" + MASK),
        # name: value (YAML)
        (re.compile(r"(^[ \t-]*(?:" + names + r")[ \t]*:[ \t]*)[^\r\n]*", re.I | re.M), r"\1" + MASK),
        # name=value (forms, queries, URLs inside any text)
        (re.compile(r"(\b(?:" + names + r")=)[^&\s\"'<>,]*", re.I), r"\1" + MASK),
    )


def masked_query(query, with_code=True):
    """The query string as sent, with the value of every secret parameter masked."""
    names = secret_names(with_code)
    parts = []
    for part in query.split("&"):
        key, equals, _value = part.partition("=")
        parts.append(f"{key}={MASK}" if unquote_plus(key).lower() in names else part)
    return "&".join(parts)


def masked_delimited(text, delimiter, names):
    """CSV or TSV with the columns named by a secret masked in every row."""
    lines = text.splitlines(keepends=True)
    if not lines:
        return text
    header = next(csv.reader([lines[0]], delimiter=delimiter), [])
    columns = [i for i, name in enumerate(header) if name.strip().lower() in names]
    if not columns:
        return text
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    for number, row in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)):
        writer.writerow([MASK if number and i in columns else value for i, value in enumerate(row)])
    return out.getvalue()


def masked_text(text, content_type="", with_code=True):
    """Any body or header value with every secret value it names masked."""
    media = content_type.split(";")[0].strip().lower()
    if media in ("text/csv", "text/tab-delimited-values"):
        text = masked_delimited(text, "," if media == "text/csv" else "\t", secret_names(with_code))
    for pattern, replacement in text_patterns(with_code):
        text = pattern.sub(replacement, text)
    return text


def masked_headers(headers, with_code=True):
    """[name, value] pairs: credentials keep only their scheme, cookies are hidden, URLs
    in Location and Link have their secret query values masked."""
    shown = []
    for name, value in headers:
        lower = name.lower()
        if lower in CREDENTIAL_HEADERS:
            value = f"{value.split(' ', 1)[0]} {MASK}"
        elif lower in HIDDEN_HEADERS:
            value = MASK
        elif lower in QUERY_HEADERS:
            value = masked_text(value, with_code=with_code)
        shown.append([name, value])
    return shown
