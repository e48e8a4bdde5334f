"""The console form of one operation: its state, checked against the registry before
anything is sent, and turned into a Call.

The state travels as flat names — `p.<path parameter>`, `q.<query parameter>`, `h.<header>`,
`ct` (body format), `body`, `env`, `client_id`, `scheme` — in the POST of the form and in
permalinks alike. Credentials are never part of it.
"""
from dataclasses import dataclass, field
from functools import cache
from urllib.parse import quote, urlencode

from django.conf import settings

from api import override
from api import params as api_params
from api.bodies import entities_from_body
from api.coerce import Invalid, coerce
from api.errors import ApiError
from api.formats import FORMATS
from api.operations import all_operations
from api.writes import writable_fields
from docsite.examples import example_body

from .proxy import Call
from .target import CONTROL, api_url, header_value_problem

HEADERS = {  # form name → (header, choices offered; "" sends no header)
    "accept": ("Accept", ("", "*/*", *(f.media_type for f in FORMATS.values()))),
    "accept_encoding": ("Accept-Encoding", ("", "identity", "gzip", "deflate", "gzip, deflate")),
    "accept_language": ("Accept-Language", ("", *(code for code, _name in settings.LANGUAGES))),
    "method_override": ("X-Http-Method-Override", ("",)),  # per operation: see header_choices
}
MAX_BODY_CHARS = 1_000_000
MAX_PERMALINK_CHARS = 3000  # gunicorn refuses request lines over 4094 bytes
# A form field asking to send the values even when the checks below refuse them (a call a
# customer made, replayed as it was: support/replay.py).
AS_SENT = "as_sent"


def override_methods(operation):
    """The methods `X-Http-Method-Override` may turn this operation's request into: those the
    API accepts for its method (api.override) that its path also offers."""
    on_path = {other.method for other in operations_by_id().values() if other.path == operation.path}
    return tuple(method for method in override.ALLOWED.get(operation.method, ()) if method in on_path)


def header_choices(operation):
    """{form name: (header, choices)} of the headers the form of `operation` offers."""
    return {**HEADERS, "method_override": (HEADERS["method_override"][0], ("", *override_methods(operation)))}


@cache
def operations_by_id():
    """Built once per process: the registry does not change while it runs."""
    return {operation.operation_id: operation for operation in all_operations()}


def operation_by_id(operation_id):
    return operations_by_id().get(operation_id)


def example_text(operation, code):
    """The registry example body of a write in format `code`."""
    return FORMATS[code].render(operation.envelope, example_body(operation)).decode("utf-8")


@dataclass
class FormState:
    operation: object
    environment: str = ""
    client_id: str = ""
    scheme: str = "bearer"
    path: dict = field(default_factory=dict)
    query: dict = field(default_factory=dict)
    headers: dict = field(default_factory=dict)
    content_type: str = "json"
    body: str = ""
    confirmed_production: bool = False   # the production-write box was ticked (never in a permalink)
    errors: dict = field(default_factory=dict)

    @classmethod
    def initial(cls, operation):
        return cls(operation, body=example_text(operation, "json") if operation.body else "")

    @classmethod
    def from_data(cls, operation, data):
        """The state in a POST or a permalink's query (a QueryDict or dict)."""
        state = cls(
            operation, environment=data.get("env", ""), client_id=data.get("client_id", ""),
            scheme=data.get("scheme", "bearer"),
            path={p.name: data.get(f"p.{p.name}", "").strip() for p in path_parameters(operation)},
            query={p.name: data.get(f"q.{p.name}", "").strip() for p in query_parameters(operation)},
            headers={name: data.get(f"h.{name}", "") for name in HEADERS},
            content_type=data.get("ct", "json"),
            confirmed_production=data.get("confirm_production") == "1",
        )
        if operation.body:
            state.body = data["body"] if "body" in data else example_text(operation, state.content_type_code)
        return state

    @property
    def content_type_code(self):
        return self.content_type if self.content_type in FORMATS else "json"

    def value(self, key):
        """The value of a flat form name, for templates."""
        kind, _dot, name = key.partition(".")
        return {"p": self.path, "q": self.query, "h": self.headers}[kind].get(name, "")

    def permalink_query(self):
        """The form as a query string: no client_id, no scheme, no credentials. A body that
        would make the link too long for a request line is left out (the form then opens
        with the example body)."""
        pairs = [("op", self.operation.operation_id), ("env", self.environment)]
        pairs += [(f"p.{k}", v) for k, v in self.path.items() if v]
        pairs += [(f"q.{k}", v) for k, v in self.query.items() if v]
        pairs += [(f"h.{k}", v) for k, v in self.headers.items() if v]
        if self.operation.body:
            pairs.append(("ct", self.content_type_code))
            with_body = urlencode([*pairs, ("body", self.body)], quote_via=quote)
            if len(with_body) <= MAX_PERMALINK_CHARS:
                return with_body
        return urlencode(pairs, quote_via=quote)


def path_parameters(operation):
    return [p for p in operation.parameters if p.location == "path"]


def query_parameters(operation):
    return [p for p in operation.parameters if p.location == "query" and p.name != "client_id"]


def parameter_problem(parameter, value):
    """What is wrong with a parameter value for its registry type, or ""."""
    if value == "":
        return "Required." if parameter.required else ""
    if CONTROL.search(value):
        return "Must not contain control characters (CR, LF or others)."
    values = {parameter.name: value}
    try:
        if parameter.type == "resource_id":
            api_params.whole_number(values, parameter.name, minimum=1)
        elif parameter.type == "integer":
            api_params.whole_number(values, parameter.name, minimum=1 if parameter.name in ("page", "size") else 0)
        elif parameter.type == "epoch_time":
            api_params.epoch_seconds(values, parameter.name)
        elif parameter.type == "boolean":
            api_params.flag(values, parameter.name)
    except ApiError as error:
        return error.message
    if parameter.choices and value not in parameter.choices:
        return f"Must be one of {', '.join(parameter.choices)}."
    return ""


def body_problems(operation, text, code):
    """Problems of a write body: unreadable, or a field that is unknown or has a bad value."""
    if len(text) > MAX_BODY_CHARS:
        return [f"The body is longer than {MAX_BODY_CHARS} characters."]
    try:
        entities = entities_from_body(text.encode("utf-8"), FORMATS[code].media_type)
    except ApiError as error:
        return [error.message]
    fields = {f.name: f for f in operation.body}
    writable = writable_fields(operation.resource)
    problems = []
    for number, entity in enumerate(entities, 1):
        for name, value in entity.items():
            where = f"Entity {number}, field {name}" if len(entities) > 1 else f"Field {name}"
            if name not in fields:
                problems.append(f"{where}: not a field this operation writes.")
                continue
            if name not in writable:
                continue  # the id: checked by the API against the entities the caller may see
            try:
                coerce(writable[name], value)
            except Invalid as error:
                problems.append(f"{where}: {error}.")
    return problems[:20]


def validate(state):
    """Fills `state.errors` (form name → message); True when the call may be sent."""
    errors = {}
    for parameter in path_parameters(state.operation):
        errors[f"p.{parameter.name}"] = parameter_problem(parameter, state.path.get(parameter.name, ""))
    for parameter in query_parameters(state.operation):
        errors[f"q.{parameter.name}"] = parameter_problem(parameter, state.query.get(parameter.name, ""))
    for name, (_header, choices) in header_choices(state.operation).items():
        value = state.headers.get(name, "")
        if header_value_problem(value):
            errors[f"h.{name}"] = f"The value {header_value_problem(value)}."
        elif name != "accept_language" and value not in choices:
            errors[f"h.{name}"] = f"Must be one of the offered values, not {value!r}."
        elif len(value) > 200:
            errors[f"h.{name}"] = "At most 200 characters."
    if state.operation.body:
        if state.content_type not in FORMATS:
            errors["ct"] = f"Must be one of {', '.join(FORMATS)}."
        else:
            errors["body"] = " ".join(body_problems(state.operation, state.body, state.content_type))
    state.errors = {key: message for key, message in errors.items() if message}
    return not state.errors


def call_of(state, environment):
    """The Call a valid state describes (credentials are added by the proxy)."""
    operation = state.operation
    path = operation.path
    for name, value in state.path.items():
        path = path.replace("{" + name + "}", value)
    query = urlencode([(k, v) for k, v in state.query.items() if v])
    url = api_url(environment, path) + (f"?{query}" if query else "")
    headers = [(HEADERS[name][0], value) for name, value in state.headers.items() if value]
    body = b""
    if operation.body:
        fmt = FORMATS.get(state.content_type)
        headers.append(("Content-Type", fmt.content_type if fmt else state.content_type))
        body = state.body.encode("utf-8")
    return Call(environment, operation.method, url, headers, body)
