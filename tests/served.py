"""A real server for HTTP tests: gunicorn on its own migrated and seeded database.

Read-only HTTP tests share it for the whole session; pytest-django's live_server would
flush the data after every test. The database is a temporary SQLite file, or a fresh
database on the PostgreSQL server named by DATABASE_URL.
"""
import os
import socket
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import psycopg
import requests

PROJECT = Path(__file__).resolve().parent.parent
SEED_SCALE = "0.01"


@dataclass
class ServedApi:
    url: str
    env: dict

    def get(self, path, **kwargs):
        return requests.get(self.url + path, timeout=60, allow_redirects=False, **kwargs)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ThrowawayDatabase:
    """Database URLs for the server (production's, and the testing environment's beside
    it), made and removed around the session."""

    def __init__(self, directory):
        self.base = os.environ.get("DATABASE_URL", "")
        self.name = f"ctlive_http_{uuid.uuid4().hex[:8]}"
        self.names = (self.name, f"{self.name}_testing")
        self.is_postgres = self.base.startswith(("postgres://", "postgresql://"))
        if self.is_postgres:
            self.url, self.testing_url = (self._postgres_url(name) for name in self.names)
        else:
            self.url, self.testing_url = (f"sqlite:///{directory / name}"
                                          for name in ("served.sqlite3", "served-testing.sqlite3"))

    @property
    def env(self):
        return {"DATABASE_URL": self.url, "TESTING_DATABASE_URL": self.testing_url}

    def _postgres_url(self, name):
        parts = urlparse(self.base)
        return urlunparse(parts._replace(path=f"/{name}"))

    def _admin(self):
        parts = urlparse(self.base)
        return psycopg.connect(urlunparse(parts._replace(path="/postgres")), autocommit=True)

    def create(self):
        if self.is_postgres:
            with self._admin() as connection:
                for name in self.names:
                    connection.execute(f'CREATE DATABASE "{name}"')

    def drop(self):
        if self.is_postgres:
            with self._admin() as connection:
                for name in self.names:
                    connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=PROJECT, env=env, check=True)


def start_server(env, port, workers=2, threads=4):
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    process = subprocess.Popen(
        [gunicorn, "ctlive.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
         "--threads", str(threads), "--timeout", "120", "--log-level", "warning"],
        cwd=PROJECT, env=env,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn exited during start-up")
        try:
            # The first request imports every view: on a busy machine it takes seconds.
            requests.get(f"http://127.0.0.1:{port}/api/event", timeout=10)
            return process
        except (requests.ConnectionError, requests.Timeout):
            time.sleep(0.1)
    process.terminate()
    raise RuntimeError("gunicorn did not start within 30 s")


def stop_server(process):
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


@contextmanager
def seeded_site(directory, **settings):
    """A ServedApi on its own migrated database seeded at SEED_SCALE; `settings` are
    environment variables of the server (and of its manage.py commands). Its mail is
written into files under EMAIL_FILE_PATH."""
    database = ThrowawayDatabase(directory)
    database.create()
    env = {**os.environ, **database.env, "CACHE_DIR": str(directory / "cache"),
           "DJANGO_SETTINGS_MODULE": "ctlive.settings",
           # mail (sign-up confirmation) into files the tests read (tests/signup_mail.py)
           "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
           "EMAIL_FILE_PATH": str(directory / "mail"), **settings}
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "seed_demo", "--scale", SEED_SCALE, "-v0")
    manage(env, "refresh_testing", "-v0")
    port = free_port()
    process = start_server(env, port)
    try:
        yield ServedApi(url=f"http://127.0.0.1:{port}", env=env)
    finally:
        stop_server(process)
        database.drop()
