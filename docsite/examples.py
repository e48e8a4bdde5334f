"""Example requests and responses for the reference pages, from the samples of
`api/samples.py` (values per field, entities, bodies and write replies)."""
import json
import shlex
from urllib.parse import urlencode

from django.conf import settings
from django.http import QueryDict

from api.openapi import site_root
from api.pagination import Page, PageRequest
from api.samples import example_body, sample_entity, write_reply
from racing.demo import DEMO_REDIRECT_URI


def example_request(operation):
    """A curl command for the operation as the demo director, on the production base URL."""
    url = f"{site_root()}{operation.example_path()}?client_id={settings.DEMO_CLIENT_ID}"
    credentials = f"{settings.DEMO_DIRECTOR_EMAIL}:{settings.DEMO_DIRECTOR_PASSWORD}"
    method = "" if operation.method == "GET" else f"-X {operation.method} "
    command = f"curl -i {method}-u {shlex.quote(credentials)} {shlex.quote(url)}"
    if operation.body:
        data = json.dumps(example_body(operation), ensure_ascii=False)
        command += f" \\\n  -H 'Content-Type: application/json' --data {shlex.quote(data)}"
    return command


def token_exchange_command(code):
    """Step 4 of the web flow for the demo application: trade `code` for tokens."""
    query = urlencode({"grant_type": "authorization_code", "code": code, "redirect_uri": DEMO_REDIRECT_URI})
    credentials = f"{settings.DEMO_CLIENT_ID}:{settings.DEMO_CLIENT_SECRET}"
    return f"curl -u {shlex.quote(credentials)} {shlex.quote(f'{site_root()}/oauth2/token?{query}')}"


def example_response(operation):
    """Status line, headers and a JSON body; a list shows one entity of its page."""
    entity = sample_entity(operation.resource)
    lines = ["HTTP/1.1 200 OK", "Content-Type: application/json; charset=utf-8",
             f"X-Ctlive-Api-Version: {settings.API_VERSION}"]
    reply = write_reply(operation)
    if reply is not None:
        return "\n".join(lines) + "\n\n" + json.dumps(reply, indent=2, ensure_ascii=False)
    if operation.many:
        page = Page(PageRequest(page=1, size=settings.API_DEFAULT_PAGE_SIZE, last_id=None), total=1, count=1)
        lines += [f"{name}: {value}" for name, value in page.headers().items()]
        query = QueryDict(f"client_id={settings.DEMO_CLIENT_ID}")
        lines.append(f"Link: {page.link_header(site_root() + operation.example_path(), query)}")
        body = {operation.envelope: [entity]}
    else:
        body = {operation.envelope: entity}
    return "\n".join(lines) + "\n\n" + json.dumps(body, indent=2, ensure_ascii=False)
