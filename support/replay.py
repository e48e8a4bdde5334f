"""A logged call turned back into the console's form, values exactly as the customer sent
them (secrets were masked when the call was logged, and credentials are the server's to add).

The form's flat names are console/forms.py's: `op`, `p.<path parameter>`, `q.<query
parameter>`, `h.<header>`, `ct`, `body`, `env`; `as_sent=1` asks the console to send the
values even when its own checks would refuse them, so the API's error is what is seen.
"""
from urllib.parse import parse_qsl, quote, urlencode

from django.urls import reverse

from api.formats import BY_MEDIA_TYPE
from api.paths import split_suffix
from console.forms import HEADERS, operations_by_id

from .masking import MASK

CREDENTIAL_PARAMETERS = ("client_id", "user_id", "user_pass", "access_token", "client_secret", "refresh_token",
                         "password")
AS_SENT = "as_sent"


def api_segments(path):
    """The segments after the API's own path (`/api/...`, also under an environment prefix),
    format suffixes taken off: (segments, format code or None)."""
    _before, marker, rest = path.partition("/api/")
    segments = [s for s in (rest if marker else "").split("/") if s]
    if not segments:
        return [], None
    segments[0], first = split_suffix(segments[0])
    segments[-1], last = split_suffix(segments[-1])
    return segments, first or last


def operation_for(method, path):
    """(operation, {path parameter: value}, format suffix) of a logged call, or (None, {}, None)."""
    segments, suffix = api_segments(path)
    for operation in operations_by_id().values():
        if operation.method != method:
            continue
        template = [s for s in operation.path.split("/") if s][1:]  # without "api"
        if len(template) != len(segments):
            continue
        values = {}
        for pattern, segment in zip(template, segments):
            if pattern.startswith("{"):
                values[pattern.strip("{}")] = segment
            elif pattern != segment:
                break
        else:
            return operation, values, suffix
    return None, {}, None


def header_value(headers, name):
    return next((value for key, value in headers if key.lower() == name.lower()), "")


def form_data(row, environment):
    """The console form's data for a logged call, or None when no operation has its path."""
    override = header_value(row.request_headers, "X-Http-Method-Override").upper()
    operation, path_values, suffix = operation_for(override or row.method, row.path)
    if operation is None and override:
        operation, path_values, suffix = operation_for(row.method, row.path)
    if operation is None:
        return None
    data = {"op": operation.operation_id, "env": environment, AS_SENT: "1"}
    data.update({f"p.{name}": value for name, value in path_values.items()})
    query = [(k, v) for k, v in parse_qsl(row.query, keep_blank_values=True)
             if k not in CREDENTIAL_PARAMETERS and v != MASK]
    data.update({f"q.{name}": value for name, value in query})
    if suffix and "q.format" not in data:
        data["q.format"] = suffix
    for form_name, (header, _choices) in HEADERS.items():
        value = header_value(row.request_headers, header)
        if value:
            data[f"h.{form_name}"] = value
    if operation.body:
        content_type = header_value(row.request_headers, "Content-Type").split(";")[0].strip().lower()
        fmt = BY_MEDIA_TYPE.get(content_type)
        data["ct"] = fmt.code if fmt else content_type or "json"
        data["body"] = row.request_body
    return operation, data


def console_link(row, environment=None):
    """The reference page URL that opens the console with this call filled in, or ""."""
    found = form_data(row, environment or row.environment)
    if found is None:
        return ""
    operation, data = found
    return (f"{reverse('docsite:reference', args=[operation.resource.segment])}?"
            f"{urlencode(data, quote_via=quote)}#{operation.operation_id}")
