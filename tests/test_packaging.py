"""The installable package (issue 18): the wheel carries templates, static files, guides
and translations, and an installed copy run from another folder serves the whole site."""
import os
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
import requests
from django.conf import settings

from .api_client import basic
from .served import PROJECT, free_port

BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    """The wheel as `pip install .` builds it (no dependencies, no download)."""
    output = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(output),
                    str(PROJECT)], check=True, capture_output=True, timeout=300)
    return next(output.glob("ctlive-*.whl"))


def source_files(folder, pattern="*"):
    return {str(path.relative_to(PROJECT)) for path in (PROJECT / folder).rglob(pattern) if path.is_file()}


def project_apps():
    """The project's own apps, as INSTALLED_APPS names them (each a top-level package)."""
    return [name for name in settings.INSTALLED_APPS if (PROJECT / name / "__init__.py").exists()]


def test_the_wheel_carries_what_the_site_needs(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    apps = project_apps()
    assert {"ctlive", "racing", "api", "docsite", "console"} <= {*apps, "ctlive"}
    for package in {*apps, "ctlive"}:  # every file of every app: code, templates, static, data
        expected = {name for name in source_files(package) if "__pycache__" not in name}
        assert expected <= names, sorted(expected - names)[:5]
    for folder in ("ctlive/templates", "ctlive/static", "ctlive/locale", "docsite/guides"):
        assert any(name.startswith(folder + "/") for name in names), folder
    assert "ctlive/locale/es/LC_MESSAGES/django.mo" in names
    assert not any(name.startswith(("tests/", "bench/", "scripts/")) for name in names)
    entry_points = next(name for name in names if name.endswith(".dist-info/entry_points.txt"))
    assert "ctlive = ctlive.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def wait_until_served(url, process):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, "gunicorn exited during start-up"
        try:
            return requests.get(url, timeout=10)
        except (requests.ConnectionError, requests.Timeout):  # the first request imports every view
            time.sleep(0.2)
    raise AssertionError("the installed copy was not served within 60 s")


def test_an_installed_copy_serves_the_site_from_another_folder(wheel, tmp_path, demo):
    """`ctlive migrate`, `seed_demo`, `collectstatic`, then `gunicorn ctlive.wsgi`, run in a
    folder outside the checkout with only the installed copy importable."""
    target, elsewhere = tmp_path / "site-packages", tmp_path / "elsewhere"
    elsewhere.mkdir()
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True, capture_output=True, timeout=300)
    env = {key: value for key, value in os.environ.items()
           if key not in ("DATABASE_URL", "CACHE_DIR", "STATIC_ROOT", "STATICFILES_BACKEND", "SQLITE_TEST_NAME")}
    env.update(PYTHONPATH=str(target), CTLIVE_DATA_DIR=str(tmp_path / "data"), REQUEST_LOG="0",
               DJANGO_SETTINGS_MODULE="ctlive.settings")
    ctlive = [sys.executable, str(target / "bin" / "ctlive")]

    def command(*args):
        return subprocess.run([*ctlive, *args], cwd=elsewhere, env=env, check=True, capture_output=True, text=True,
                              timeout=600).stdout

    located = command("shell", "-c", "import ctlive, docsite.guides; print(ctlive.__file__, docsite.guides.GUIDE_DIRECTORY)")
    assert located.count(str(target)) == 2, located
    command("migrate", "--noinput", "-v0")
    command("seed_demo", "--scale", "0.01", "-v0")
    command("collectstatic", "--noinput", "-v0")
    assert (tmp_path / "data" / "db.sqlite3").exists() and (tmp_path / "data" / "staticfiles" / "staticfiles.json").exists()
    port = free_port()
    server = subprocess.Popen([str(BIN / "gunicorn"), "ctlive.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
                              cwd=elsewhere, env=env)
    worker = subprocess.Popen([*ctlive, "job_worker", "-v0"], cwd=elsewhere, env=env)
    try:
        site = f"http://127.0.0.1:{port}"
        assert wait_until_served(f"{site}/healthz", server).status_code == 200
        home = requests.get(f"{site}/", timeout=60)
        assert home.status_code == 200
        stylesheet = re.search(r'href="(/static/[^"]+\.css)"', home.text).group(1)
        assert requests.get(site + stylesheet, timeout=30).status_code == 200
        guide = re.search(r'href="(/guides/[^"]+)"', home.text).group(1)
        assert requests.get(site + guide, timeout=30).status_code == 200
        events = requests.get(f"{site}/api/event", params={"client_id": demo["client_id"]}, timeout=30,
                              headers={**basic(*demo["director"]), "Accept-Language": "es"})
        assert events.status_code == 200 and events.json()["event"]
        assert events.headers["Content-Language"] == "es"
        messages = {language: requests.get(f"{site}/api/event/999999", params={"client_id": demo["client_id"]},
                                           headers={**basic(*demo["director"]), "Accept-Language": language},
                                           timeout=30).json()["error"]["message"] for language in ("en", "es")}
        assert messages["en"] != messages["es"], messages  # the catalogue came with the package
        assert requests.get(f"{site}/reference/event", timeout=30).status_code == 200
        deadline = time.monotonic() + 30
        while requests.get(f"{site}/readyz", timeout=30).status_code != 200:
            assert time.monotonic() < deadline, requests.get(f"{site}/readyz", timeout=30).text
            time.sleep(0.5)
    finally:
        for process in (server, worker):
            process.terminate()
            process.wait(timeout=20)
