"""The call as curl, Python `requests` and JavaScript `fetch`, with placeholders where the
credentials go: a snippet is copied into tickets and chats, so it never holds a secret."""
import json
import shlex
from urllib.parse import urlencode, urlsplit, parse_qsl

TOKEN_PLACEHOLDER = "$CTLIVE_ACCESS_TOKEN"
CLIENT_PLACEHOLDER = "YOUR_CLIENT_ID"


def with_client_placeholder(url):
    parts = urlsplit(url)
    pairs = [*parse_qsl(parts.query, keep_blank_values=True), ("client_id", CLIENT_PLACEHOLDER)]
    return parts._replace(query=urlencode(pairs)).geturl()


def curl(call):
    url = with_client_placeholder(call.url)
    words = ["curl", "-i"] + (["-X", call.method] if call.method != "GET" else [])
    command = " ".join(words) + " " + shlex.quote(url)
    lines = [command, f'-H "Authorization: Bearer {TOKEN_PLACEHOLDER}"']
    lines += ["-H " + shlex.quote(f"{name}: {value}") for name, value in call.headers]
    if call.body:
        lines.append("--data-binary " + shlex.quote(call.body.decode("utf-8")))
    return " \\\n  ".join(lines)


def python(call):
    headers = {"Authorization": "Bearer " + TOKEN_PLACEHOLDER.lstrip("$"), **dict(call.headers)}
    lines = ["import os", "", "import requests", "",
             f"headers = {json.dumps(headers, indent=4, ensure_ascii=False)}",
             f'headers["Authorization"] = "Bearer " + os.environ["{TOKEN_PLACEHOLDER.lstrip("$")}"]']
    arguments = [repr(call.method), repr(with_client_placeholder(call.url)), "headers=headers"]
    if call.body:
        lines.append(f"body = {call.body.decode('utf-8')!r}")
        arguments.append('data=body.encode("utf-8")')
    lines += [f"response = requests.request({', '.join(arguments)}, timeout=30)",
              "print(response.status_code, response.reason)", "print(response.text)"]
    return "\n".join(lines)


def javascript(call):
    headers = {"Authorization": "Bearer ${token}", **dict(call.headers)}
    options = [f"  method: {json.dumps(call.method)},",
               "  headers: {" + ", ".join(f"{json.dumps(k)}: {('`' + v + '`') if k == 'Authorization' else json.dumps(v)}"
                                         for k, v in headers.items()) + "},"]
    if call.body:
        options.append(f"  body: {json.dumps(call.body.decode('utf-8'), ensure_ascii=False)},")
    return "\n".join([
        f"const token = \"{TOKEN_PLACEHOLDER.lstrip('$')}\";  // your access token, kept out of source control",
        f"const response = await fetch({json.dumps(with_client_placeholder(call.url))}, {{",
        *options, "});", "console.log(response.status, await response.text());"])


def snippets(call):
    return {"curl": curl(call), "python": python(call), "javascript": javascript(call)}
