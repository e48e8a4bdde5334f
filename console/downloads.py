"""Whole response bodies kept for a short time so a large one can be downloaded.

Each body goes to a file named by a random id in `CONSOLE_DOWNLOAD_DIR`; the id is listed in
the visitor's session, so only that visitor can fetch it. Files older than
`CONSOLE_DOWNLOAD_SECONDS` are removed whenever a new one is kept. Only response bodies
are kept: the credentials the server adds travel in the request, never in a body.
"""
import os
import secrets
import time
from pathlib import Path

from django.conf import settings

SESSION_KEY = "console_downloads"
KEPT_PER_SESSION = 10
SWEEP_SECONDS = 60
last_sweep = 0.0


def directory():
    path = Path(settings.CONSOLE_DOWNLOAD_DIR)
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def remove_old(folder, now):
    """Deletes expired bodies; looks at most once a minute per process (a directory scan
    per call would cost more than the call)."""
    global last_sweep
    if now - last_sweep < SWEEP_SECONDS:
        return
    last_sweep = now
    for old in folder.glob("*.body"):
        try:
            if now - old.stat().st_mtime > settings.CONSOLE_DOWNLOAD_SECONDS:
                old.unlink()
        except FileNotFoundError:
            pass  # another process removed it first


def keep(request, body, content_type, name):
    """The id of the stored body, listed in the session with its type and file name."""
    folder = directory()
    remove_old(folder, time.time())
    token = secrets.token_urlsafe(18)
    descriptor = os.open(folder / f"{token}.body", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(body)
    kept = dict(request.session.get(SESSION_KEY, {}))
    kept[token] = {"type": content_type, "name": name}
    request.session[SESSION_KEY] = dict(list(kept.items())[-KEPT_PER_SESSION:])
    return token


def kept_file(request, token):
    """(path, content type, file name) of a body this visitor kept, or None."""
    entry = request.session.get(SESSION_KEY, {}).get(token)
    if entry is None:
        return None
    path = directory() / f"{token}.body"
    if not path.exists():
        return None
    return path, entry["type"], entry["name"]
