"""A replayed call beside the logged original: status, headers and body side by side, each
difference marked (difflib's opcodes over the lines of the two bodies)."""
import difflib
import json
from dataclasses import dataclass

from django.conf import settings

from .masking import masked_headers, masked_text

# Headers that differ on every call by design: shown, not counted as differences.
ALWAYS_DIFFERENT = {"date", "x-request-id", "content-length", "last-modified"}


@dataclass
class Comparison:
    status: tuple          # (original, replay)
    headers: list          # (name, original or None, replay or None, kind): same, changed, expected
    body: list             # (original line or "", replay line or "", kind): same, changed, removed, added
    original_body_kept: bool
    differences: int


def readable(text):
    """JSON re-indented so that lines compare; anything else as it is."""
    try:
        return json.dumps(json.loads(text), indent=2, ensure_ascii=False)
    except ValueError:
        return text


def header_rows(original, replay):
    before = {name.lower(): (name, value) for name, value in original}
    after = {name.lower(): (name, value) for name, value in replay}
    rows = []
    for key in dict.fromkeys([*before, *after]):
        old, new = before.get(key, (None, None)), after.get(key, (None, None))
        kind = "expected" if key in ALWAYS_DIFFERENT else "same" if old[1] == new[1] else "changed"
        rows.append((old[0] or new[0], old[1], new[1], kind))
    return rows


def body_rows(original, replay, ids=("", "")):
    """(original line, replay line, kind) rows; lines that differ only by the two calls'
    request ids (`ids`) are "expected", like the headers that differ on every call."""
    left, right = readable(original).splitlines(), readable(replay).splitlines()
    rows = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, left, right, autojunk=False).get_opcodes():
        if tag == "equal":
            rows += [(line, line, "same") for line in left[i1:i2]]
            continue
        old, new = left[i1:i2], right[j1:j2]
        for index in range(max(len(old), len(new))):
            a = old[index] if index < len(old) else ""
            b = new[index] if index < len(new) else ""
            if index < len(old) and index < len(new):
                same_but_ids = all(ids) and a.replace(ids[0], "") == b.replace(ids[1], "")
                rows.append((a, b, "expected" if same_but_ids else "changed"))
            else:
                rows.append((a, b, "removed" if a else "added"))
    return rows


def compare(row, capture):
    """The Comparison of a logged ApiRequest and the Capture of its replay (masked alike,
    the replay's body cut where the log cut the original's)."""
    replay_type = capture.header("Content-Type")
    replay_body = masked_text(capture.body.decode("utf-8", errors="replace"), replay_type, with_code=False)
    replay_body = replay_body[: settings.API_LOG_BODY_BYTES]
    headers = header_rows(row.response_headers, masked_headers(capture.headers, with_code=False))
    kept = bool(row.response_body)
    ids = (row.request_id, capture.header("X-Request-Id"))
    body = body_rows(row.response_body, replay_body, ids) if kept else [("", line, "added")
                                                                    for line in readable(replay_body).splitlines()]
    differences = (row.status != capture.status) + sum(kind == "changed" for *_, kind in headers)
    if kept:
        differences += sum(kind not in ("same", "expected") for *_, kind in body)
    return Comparison((row.status, capture.status), headers, body, kept, differences)
