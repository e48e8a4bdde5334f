"""Reads a pasted curl command into a console form: the operation it calls and its
parameters, headers and body. Credentials are dropped (Authorization and Cookie headers,
`-u`, user_id, user_pass, client_id, client_secret and access_token): support staff rerun a
customer's call with their own access."""
import re
import shlex
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

from api.formats import BY_MEDIA_TYPE
from api.operations import all_operations

from .forms import HEADERS, path_parameters

DROPPED_PARAMETERS = {"user_id", "user_pass", "client_id", "client_secret", "access_token", "refresh_token"}
DATA_OPTIONS = {"-d", "--data", "--data-raw", "--data-binary", "--data-ascii", "--json"}
VALUE_OPTIONS = {"-u", "--user", "-o", "--output", "-m", "--max-time", "--connect-timeout", "-A", "--user-agent",
                 "-e", "--referer", "-b", "--cookie", "-x", "--proxy", "-w", "--write-out"}
HEADER_FIELDS = {header.lower(): name for name, (header, _choices) in HEADERS.items()}


class NotACurlCommand(ValueError):
    pass


@dataclass(frozen=True)
class Imported:
    operation: object
    data: dict          # the form, flat names (see console.forms)
    dropped: tuple      # the credentials left out, named as in the command (-u, Authorization, client_id, …)
    base_url: str       # the command's URL up to the API path, e.g. https://api.example.com/api


def operation_matching(method, path):
    """(operation, path parameter values) whose template matches `path` (without the API prefix)."""
    for operation in all_operations():
        if operation.method != method:
            continue
        pattern = "^" + re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(operation.path[len("/api"):])) + "$"
        found = re.match(pattern, path)
        if found:
            return operation, found.groupdict()
    return None, {}


def parse(command):
    """The Imported form of a curl command; NotACurlCommand when it cannot be read or
    calls no operation of this API."""
    try:
        words = shlex.split(command.replace("\\\n", " "))
    except ValueError as error:
        raise NotACurlCommand(f"The command cannot be split into words: {error}.")
    if not words or words[0] != "curl":
        raise NotACurlCommand("Paste a command that starts with curl.")
    method, url, headers, body, dropped = "", "", [], None, []
    index = 1
    while index < len(words):
        word = words[index]
        following = words[index + 1] if index + 1 < len(words) else ""
        if word in ("-X", "--request"):
            method, index = following.upper(), index + 2
        elif word in ("-H", "--header"):
            name, _colon, value = following.partition(":")
            headers.append((name.strip(), value.strip()))
            index += 2
        elif word in DATA_OPTIONS:
            body, index = following, index + 2
            if word == "--json":
                headers.append(("Content-Type", "application/json"))
        elif word in VALUE_OPTIONS:
            if word in ("-u", "--user", "-b", "--cookie"):
                dropped.append(word)
            index += 2  # credentials and options that do not change the request's meaning
        elif word == "--url":
            url, index = following, index + 2
        elif word.startswith("-"):
            index += 1
        else:
            url, index = word, index + 1
    if not url:
        raise NotACurlCommand("The command has no URL.")
    method = method or ("POST" if body is not None else "GET")
    parts = urlsplit(url)
    api_index = parts.path.find("/api/")
    if api_index < 0:
        raise NotACurlCommand("The URL is not an API URL (its path has no /api/).")
    operation, path_values = operation_matching(method, parts.path[api_index + len("/api"):])
    if operation is None:
        raise NotACurlCommand(f"No operation of this API is {method} {parts.path[api_index:]}.")
    data = {"op": operation.operation_id}
    data.update({f"p.{p.name}": path_values.get(p.name, "") for p in path_parameters(operation)})
    for name, value in parse_qsl(parts.query, keep_blank_values=True):
        if name in DROPPED_PARAMETERS:
            dropped.append(name)
        else:
            data[f"q.{name}"] = value
    for name, value in headers:
        if name.lower() in ("authorization", "cookie", "proxy-authorization"):
            dropped.append(name)
        elif name.lower() in HEADER_FIELDS:
            data[f"h.{HEADER_FIELDS[name.lower()]}"] = value
        elif name.lower() == "content-type" and value.split(";")[0].strip().lower() in BY_MEDIA_TYPE:
            data["ct"] = BY_MEDIA_TYPE[value.split(";")[0].strip().lower()].code
    if body is not None and operation.body:
        data["body"] = body
    base_url = parts._replace(path=parts.path[:api_index + len("/api")], query="", fragment="").geturl()
    return Imported(operation, data, tuple(dict.fromkeys(dropped)), base_url)
