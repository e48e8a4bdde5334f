"""HTTPS from the environment: redirect of plain HTTP (the API's too), HSTS, the proxy's
SSL header believed only from trusted proxies, and `check --deploy` clean with the
README's production settings."""
import os
import subprocess
import sys

import pytest
from django.test import Client

from .served import PROJECT

PRODUCTION = {"SECRET_KEY": "a-long-random-production-key-" + "x" * 40, "ALLOWED_HOSTS": "api.example.com",
              "DATABASE_URL": "postgres://ctlive@db.example.com/ctlive", "REDIS_URL": "redis://cache.example.com:6379/0",
              "CSRF_TRUSTED_ORIGINS": "https://api.example.com", "SECURE_COOKIES": "1", "SECURE_SSL_REDIRECT": "1",
              "SECURE_HSTS_SECONDS": "31536000", "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1", "SECURE_HSTS_PRELOAD": "1",
              "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto", "API_TRUSTED_PROXIES": "10.0.0.0/8"}


def test_check_deploy_passes_with_the_production_settings():
    # DEBUG, and the browser tests' DJANGO_ALLOW_ASYNC_UNSAFE, are never set in production.
    env = {key: value for key, value in os.environ.items() if key not in ("DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    run = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], cwd=PROJECT,
                         env={**env, **PRODUCTION}, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "no issues" in run.stdout


@pytest.fixture()
def https(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.API_TRUSTED_PROXIES = ["10.0.0.0/8"]


@pytest.mark.parametrize("path", ["/api/event?client_id=demo-client&size=5", "/reference/event", "/oauth2/token"])
def test_plain_http_is_redirected_to_https(https, path):
    response = Client(REMOTE_ADDR="203.0.113.5").get(path)
    assert response.status_code == 301 and response["Location"] == f"https://testserver{path}"


def test_the_proxy_ssl_header_is_believed_only_from_a_trusted_proxy(https):
    header = {"HTTP_X_FORWARDED_PROTO": "https"}
    assert Client(REMOTE_ADDR="203.0.113.5").get("/api/event", **header).status_code == 301
    trusted = Client(REMOTE_ADDR="10.1.2.3").get("/api/event", **header)
    assert trusted.status_code == 401
    assert trusted["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
