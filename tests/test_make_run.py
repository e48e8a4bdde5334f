"""`make run` as a newcomer (or a log) sees it: through a pipe, not a terminal, each stage
says what it does, the demo data's progress comes as whole lines, and once the server is
up the output names the address to open, the demo credentials and how to stop. Runs the
real Makefile against a temporary database and a small demo scale, then stops the server."""
import re

import pytest
import requests
from django.conf import settings

from tests.make_run import run_environment, start, stop
from tests.served import PROJECT

STAGES = ["==> Installing", "==> Migrating the database", "==> Building the demo data", "==> Collecting static files",
          "==> Starting the server", "==> Ready: open "]


@pytest.fixture()
def run_env(tmp_path):
    return run_environment(tmp_path, 0.05)


def test_make_run_says_what_it_does_and_where_to_go(run_env):
    env, port = run_env
    process, lines, url = start(env)
    try:
        output = "".join(lines)
        assert "\r" not in output
        positions = [next((i for i, line in enumerate(lines) if line.startswith(stage)), -1) for stage in STAGES]
        assert -1 not in positions and positions == sorted(positions), output
        progress = [line for line in lines if re.match(r"\s+demo data +\d+% done \(", line)]
        assert len(progress) >= 5 and "100% done" in progress[-1], output
        assert url == f"http://127.0.0.1:{port}/guides/quickstart"
        for credential in (settings.DEMO_DIRECTOR_EMAIL, settings.DEMO_DIRECTOR_PASSWORD, settings.DEMO_CLIENT_ID,
                           settings.DEMO_CLIENT_SECRET, "Ctrl+C"):
            assert credential in output, credential
        assert requests.get(url, timeout=30).status_code == 200
    finally:
        stop(process)
    again, lines, _url = start(env)  # a second start finds the demo data and the accounts as they were
    stop(again)
    assert any("already seeded" in line and "nothing to do" in line for line in lines), "".join(lines)


def test_the_readme_quick_start_is_still_two_commands():
    readme = (PROJECT / "README.md").read_text()
    section = readme[readme.index("## Quick start"):readme.index("\n## ", readme.index("## Quick start") + 1)]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    assert [line.split("#")[0].strip() for line in block.splitlines()] == ["make run", "make test"]
