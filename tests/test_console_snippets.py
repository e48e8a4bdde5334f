"""The console's snippets, run: the token command, then the curl and the Python snippet of a
GET, against the served demo site. And every snippet is written from the same request."""
import html
import json
import os
import re
import subprocess
import sys

from django.conf import settings

from console.environments import Environment
from console.proxy import Call
from console.snippets import LANGUAGES, snippets, token_command

TAGS = re.compile(r"<[^>]+>")


def code_of(page, op, language):
    found = re.search(rf'<code id="{op}-snippet-{language}">(.*?)</code>', page, re.S)
    return html.unescape(TAGS.sub("", found.group(1)))


def test_curl_and_python_snippets_of_a_get_run_against_the_served_site(served_api, tmp_path):
    reply = served_api.get("/console/snippets?op=get-event-list&env=production&q.size=2&q.include_test_events=1",
                           headers={"X-Console-Fragment": "1"})
    assert reply.status_code == 200
    page = reply.text
    env = {**os.environ, "CTLIVE_CLIENT_SECRET": settings.DEMO_CLIENT_SECRET,
           "CTLIVE_PASSWORD": settings.DEMO_TEST_USER_PASSWORD}
    token_line = code_of(page, "get-event-list", "token")
    assert served_api.url + "/oauth2/token" in token_line and settings.DEMO_CLIENT_SECRET not in token_line
    token = subprocess.run(["bash", "-c", f"{token_line} && printf %s \"$CTLIVE_ACCESS_TOKEN\""], env=env,
                           capture_output=True, text=True, timeout=60, check=True).stdout
    assert len(token) > 20
    env["CTLIVE_ACCESS_TOKEN"] = token
    curl = code_of(page, "get-event-list", "curl")
    assert f"{served_api.url}/api/event?" in curl and "client_id=demo-client" in curl and token not in page
    shown = subprocess.run(["bash", "-c", curl], env=env, capture_output=True, text=True, timeout=60, check=True).stdout
    assert shown.startswith("HTTP/1.1 200") and len(json.loads(shown.split("\n\n", 1)[1])["event"]) == 2
    script = tmp_path / "snippet.py"
    script.write_text(code_of(page, "get-event-list", "python"))
    printed = subprocess.run([sys.executable, str(script)], env=env, capture_output=True, text=True, timeout=60,
                             check=True).stdout
    status, body = printed.split("\n", 1)
    assert status == "200 OK" and len(json.loads(body)["event"]) == 2


def test_every_language_writes_the_same_request():
    environment = Environment("production", "https://api.example.com/api", False)
    call = Call(environment, "POST", "https://api.example.com/api/event/4/race?format=json",
                [("Accept", "text/csv")], b'{"race": [{"race_name": "10K \\"night\\""}]}')
    written = {snippet.code: snippet.text for snippet in snippets(call, "app-7")}
    assert list(written) == list(LANGUAGES) and len(written) == 8
    for code, text in written.items():
        assert "https://api.example.com/api/event/4/race?format=json&client_id=app-7" in text, code
        assert "CTLIVE_ACCESS_TOKEN" in text and "POST" in text.upper() and "text/csv" in text, code
        assert "night" in text, code
    line = token_command(environment, "app-7", "dev@example.com")
    assert "https://api.example.com/oauth2/token" in line and "$CTLIVE_CLIENT_SECRET" in line and "$CTLIVE_PASSWORD" in line
