"""Whole response bodies kept for a short time so a large one can be downloaded.

Each body goes to a file named by a random id in `CONSOLE_DOWNLOAD_DIR`, after one line of
JSON with its content type and file name. The token handed to the page is the id and an
HMAC of the id with the visitor's session key, so only that visitor can fetch it, and a
call writes nothing to the session (saving the session on every call cost more than the
rest of the bookkeeping). Files older than `CONSOLE_DOWNLOAD_SECONDS` are removed at most
once a minute when a new one is kept. Only response bodies are kept: the credentials the
server adds travel in the request, never in a body.
"""
import json
import os
import secrets
import time
from pathlib import Path

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac

SWEEP_SECONDS = 60
META_BYTES = 4096  # the first line's most: a content type and a file name
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


def signature(file_id, session_key):
    return salted_hmac("console-download", f"{file_id}\0{session_key}", algorithm="sha256").hexdigest()[:32]


def meta_line(content_type, name):
    meta = json.dumps({"type": content_type, "name": name}).encode()
    if len(meta) >= META_BYTES:  # an upstream's absurd Content-Type: the bytes are kept, not the label
        meta = json.dumps({"type": "application/octet-stream", "name": "body"}).encode()
    return meta + b"\n"


def keep(request, body, content_type, name):
    """The token of the stored body, good for this visitor's session only."""
    if request.session.session_key is None:
        request.session.save()  # a first call: the visitor gets the session the token is bound to
    folder = directory()
    remove_old(folder, time.time())
    file_id = secrets.token_urlsafe(18)
    descriptor = os.open(folder / f"{file_id}.body", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(meta_line(content_type, name))
        file.write(body)
    return f"{file_id}.{signature(file_id, request.session.session_key)}"


def kept_file(request, token):
    """(the body as a file open at its first byte, content type, file name) of a body this
    visitor kept, or None."""
    file_id, _, signed = token.partition(".")
    session_key = request.session.session_key
    if not session_key or not constant_time_compare(signed, signature(file_id, session_key)):
        return None
    path = directory() / f"{file_id}.body"
    try:
        if time.time() - path.stat().st_mtime > settings.CONSOLE_DOWNLOAD_SECONDS:
            return None
        # Unbuffered, so the descriptor's own offset is the body's first byte: gunicorn
        # sends the file from that offset with sendfile().
        file = path.open("rb", buffering=0)
    except FileNotFoundError:
        return None
    head = file.read(META_BYTES)
    meta_end = head.find(b"\n")
    if meta_end < 0:  # not a file keep() wrote
        file.close()
        return None
    file.seek(meta_end + 1)
    kept = json.loads(head[:meta_end])
    return file, kept["type"], kept["name"]
