"""The call as code in eight languages, all written from one request model.

The model holds the real base URL and client_id of the call; the access token is read
from the `CTLIVE_ACCESS_TOKEN` environment variable (or, in a browser, from the page's own
token store), never written into the code: snippets are copied into tickets and chats.
`token_command` is the one line that gets such a token by OAuth2 with the caller's own
client secret and password, which it also reads from the environment.
"""
import json
import shlex
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit

from django.utils.safestring import mark_safe
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import BashLexer, GoLexer, JavascriptLexer, PhpLexer, PythonLexer, RubyLexer

TOKEN_VARIABLE = "CTLIVE_ACCESS_TOKEN"
SECRET_VARIABLE, PASSWORD_VARIABLE = "CTLIVE_CLIENT_SECRET", "CTLIVE_PASSWORD"
FORMATTER = HtmlFormatter(nowrap=True)


@dataclass(frozen=True)
class SnippetRequest:
    """What every snippet sends: method, URL with client_id, headers (Authorization is
    added by each language from its token variable) and body text."""

    method: str
    url: str
    headers: tuple
    body: str

    @classmethod
    def of(cls, call, client_id):
        parts = urlsplit(call.url)
        pairs = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "client_id"]
        url = parts._replace(query=urlencode([*pairs, ("client_id", client_id)])).geturl()
        return cls(call.method, url, tuple(call.headers), call.body.decode("utf-8", errors="replace"))


def curl(request):
    words = ["curl", "-i"] + (["-X", request.method] if request.method != "GET" else []) + [shlex.quote(request.url)]
    lines = [" ".join(words), f'-H "Authorization: Bearer ${TOKEN_VARIABLE}"']
    lines += ["-H " + shlex.quote(f"{name}: {value}") for name, value in request.headers]
    if request.body:
        lines.append("--data-binary " + shlex.quote(request.body))
    return " \\\n  ".join(lines)


def httpie(request):
    lines = [f"http --print=hb {request.method} {shlex.quote(request.url)}", f'"Authorization:Bearer ${TOKEN_VARIABLE}"']
    lines += [shlex.quote(f"{name}:{value}") for name, value in request.headers]
    if request.body:
        lines.append("--raw " + shlex.quote(request.body))
    return " \\\n  ".join(lines)


def python(request):
    headers = ",\n".join(f"    {json.dumps(k, ensure_ascii=False)}: {json.dumps(v, ensure_ascii=False)}"
                         for k, v in request.headers)
    lines = ["import os", "", "import requests", "", "headers = {",
             f'    "Authorization": "Bearer " + os.environ["{TOKEN_VARIABLE}"],' + ("\n" + headers if headers else ""),
             "}"]
    arguments = [json.dumps(request.method), json.dumps(request.url), "headers=headers"]
    if request.body:
        lines.append(f"body = {json.dumps(request.body, ensure_ascii=False)}")
        arguments.append('data=body.encode("utf-8")')
    lines += [f"response = requests.request({', '.join(arguments)}, timeout=30)",
              "print(response.status_code, response.reason)", "print(response.text)"]
    return "\n".join(lines)


def js_headers(request, token_expression):
    pairs = [f'"Authorization": `Bearer ${{{token_expression}}}`']
    pairs += [f"{json.dumps(k, ensure_ascii=False)}: {json.dumps(v, ensure_ascii=False)}" for k, v in request.headers]
    return "{\n    " + ",\n    ".join(pairs) + ",\n  }"


def javascript(request):
    options = [f"  method: {json.dumps(request.method)},", f"  headers: {js_headers(request, 'token')},"]
    if request.body:
        options.append(f"  body: {json.dumps(request.body, ensure_ascii=False)},")
    return "\n".join([
        f"// In a page: the token your back end obtained for the visitor ({TOKEN_VARIABLE}), never one in source.",
        f"const token = sessionStorage.getItem(\"{TOKEN_VARIABLE}\");",
        f"const response = await fetch({json.dumps(request.url)}, {{", *options, "});",
        "console.log(response.status, await response.text());"])


def node(request):
    url = urlsplit(request.url)
    module = "https" if url.scheme == "https" else "http"
    body = f"request.end({json.dumps(request.body, ensure_ascii=False)});" if request.body else "request.end();"
    return "\n".join([
        f'const {module} = require("node:{module}");', "",
        f"const request = {module}.request({json.dumps(request.url)}, {{",
        f"  method: {json.dumps(request.method)},",
        f"  headers: {js_headers(request, f'process.env.{TOKEN_VARIABLE}')},",
        "}, (response) => {",
        "  let text = \"\";",
        "  response.setEncoding(\"utf8\");",
        "  response.on(\"data\", (chunk) => { text += chunk; });",
        "  response.on(\"end\", () => console.log(response.statusCode, response.statusMessage, text));",
        "});", body])


def go(request):
    body = f"strings.NewReader({json.dumps(request.body, ensure_ascii=False)})" if request.body else "nil"
    headers = [f'\trequest.Header.Set({json.dumps(k)}, {json.dumps(v, ensure_ascii=False)})' for k, v in request.headers]
    imports = ['\t"fmt"', '\t"io"', '\t"net/http"', '\t"os"', *(['\t"strings"'] if request.body else [])]
    return "\n".join([
        "package main", "", "import (", *imports, ")", "", "func main() {",
        f"\trequest, err := http.NewRequest({json.dumps(request.method)}, {json.dumps(request.url)}, {body})",
        "\tif err != nil {", "\t\tpanic(err)", "\t}",
        f'\trequest.Header.Set("Authorization", "Bearer "+os.Getenv("{TOKEN_VARIABLE}"))', *headers,
        "\tresponse, err := http.DefaultClient.Do(request)",
        "\tif err != nil {", "\t\tpanic(err)", "\t}", "\tdefer response.Body.Close()",
        "\ttext, _ := io.ReadAll(response.Body)", "\tfmt.Println(response.Status)", "\tfmt.Println(string(text))", "}"])


def ruby(request):
    klass = request.method.capitalize()
    lines = ['require "net/http"', "", f"uri = URI({json.dumps(request.url)})",
             f"request = Net::HTTP::{klass}.new(uri)",
             f'request["Authorization"] = "Bearer #{{ENV.fetch("{TOKEN_VARIABLE}")}}"']
    lines += [f"request[{json.dumps(k)}] = {json.dumps(v, ensure_ascii=False)}" for k, v in request.headers]
    if request.body:
        lines.append(f"request.body = {json.dumps(request.body, ensure_ascii=False)}")
    lines += ['response = Net::HTTP.start(uri.host, uri.port, use_ssl: uri.scheme == "https") do |http|',
              "  http.request(request)", "end", "puts response.code, response.body"]
    return "\n".join(lines)


def php(request):
    headers = [f'    "Authorization: Bearer " . getenv("{TOKEN_VARIABLE}"),']
    headers += [f"    {json.dumps(f'{k}: {v}', ensure_ascii=False)}," for k, v in request.headers]
    lines = ["<?php", f"$curl = curl_init({json.dumps(request.url)});",
             f"curl_setopt($curl, CURLOPT_CUSTOMREQUEST, {json.dumps(request.method)});",
             "curl_setopt($curl, CURLOPT_HTTPHEADER, [", *headers, "]);"]
    if request.body:
        lines.append(f"curl_setopt($curl, CURLOPT_POSTFIELDS, {json.dumps(request.body, ensure_ascii=False)});")
    lines += ["curl_setopt($curl, CURLOPT_RETURNTRANSFER, true);", "$body = curl_exec($curl);",
              'echo curl_getinfo($curl, CURLINFO_RESPONSE_CODE), "\\n", $body, "\\n";']
    return "\n".join(lines)


# code: (tab label, writer, Pygments lexer)
LANGUAGES = {
    "curl": ("curl", curl, BashLexer),
    "httpie": ("HTTPie", httpie, BashLexer),
    "python": ("Python requests", python, PythonLexer),
    "javascript": ("JavaScript fetch", javascript, JavascriptLexer),
    "node": ("Node", node, JavascriptLexer),
    "go": ("Go", go, GoLexer),
    "ruby": ("Ruby", ruby, RubyLexer),
    "php": ("PHP", php, PhpLexer),
}


@dataclass(frozen=True)
class Snippet:
    code: str
    label: str
    text: str

    @property
    def html(self):
        return highlighted(self.code, self.text)


@lru_cache(maxsize=256)
def highlighted(code, text):
    """Pygments markup of a snippet; the same call's snippets (paging back, a rerun) are
    highlighted once."""
    return mark_safe(highlight(text, LANGUAGES[code][2](), FORMATTER))


def snippets(call, client_id):
    """[Snippet] of `call` sent with `client_id`, in the order of the tabs."""
    request = SnippetRequest.of(call, client_id)
    return [Snippet(code, label, writer(request)) for code, (label, writer, _lexer) in LANGUAGES.items()]


def token_command(environment, client_id, username):
    """One shell line that puts a fresh access token in $CTLIVE_ACCESS_TOKEN (password
    grant), the secrets read from the environment."""
    url = f"{environment.origin}/oauth2/token"
    return (f"export {TOKEN_VARIABLE}=$(curl -s -u {shlex.quote(client_id)}:\"${SECRET_VARIABLE}\" "
            f"-d grant_type=password --data-urlencode username={shlex.quote(username)} "
            f"--data-urlencode password=\"${PASSWORD_VARIABLE}\" {shlex.quote(url)} "
            "| python3 -c 'import json, sys; print(json.load(sys.stdin)[\"access_token\"])')")
