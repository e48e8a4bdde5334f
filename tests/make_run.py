"""`make run` driven as a log or a pipe sees it: started in its own process group with its
output read line by line, stopped by that group's id. Used by tests/test_make_run.py and
bench/startup.py."""
import os
import re
import signal
import subprocess
import time

from tests.served import PROJECT, free_port


def start(env, seconds=240, on_line=None):
    """make run in its own process group, its output read line by line from a pipe until
    the last line of the ready message; returns (process, lines, the URL to open). With
    `on_line`, each line comes as (line, on_line()) instead, e.g. the time it arrived."""
    process = subprocess.Popen(["make", "--no-print-directory", "run"], cwd=PROJECT, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
    lines, deadline = [], time.monotonic() + seconds
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line and process.poll() is not None:
            break
        text = line.decode("utf-8", errors="replace")
        lines.append((text, on_line()) if on_line else text)
        if text.strip() == "Stop with Ctrl+C.":
            texts = [entry[0] for entry in lines] if on_line else lines
            ready = next(re.match(r"==> Ready: open (http://\S+)", text) for text in texts if text.startswith("==> Ready"))
            return process, lines, ready.group(1)
    stop(process)
    raise AssertionError(f"make run printed no ready line: {lines}")


def stop(process):
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    process.stdout.close()


def run_environment(directory, scale):
    """(environment, port) of a `make run` on its own database, cache and port."""
    port = free_port()
    environment = {**os.environ, "DATABASE_URL": f"sqlite:///{directory / 'run.sqlite3'}",
                   "CACHE_DIR": str(directory / "cache"), "PORT": str(port), "DEMO_SCALE": str(scale),
                   "WEB_WORKERS": "1", "WEB_THREADS": "2", "CONSOLE_DOWNLOAD_DIR": str(directory / "downloads")}
    for name in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "DJANGO_SETTINGS_MODULE"):
        environment.pop(name, None)
    return environment, port
