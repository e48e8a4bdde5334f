"""Live consoles inside guides: where a guide shows a call, the reader can run it in place.

A line `[[ console OPERATION name=value ... ]]` puts the try-it console of one operation of
`api/operations.py` in the guide, open and prefilled; `[[ run-it OPERATION ... ]]` puts the
same console behind a "Run it" control beside a guide's example; `[[ checklist ]]` puts
the signed-in developer's checklist (docsite/checklist.py). The names are the console
form's own, as in a permalink (`p.event_id`, `q.size`, `h.accept`, `env`, `ct`); a value may
be percent-encoded. A path id left out is filled in, per request, with the first id the
reader can see (docsite/embedded_console.py).

The console's element ids name its operation, so a guide holds one console per operation:
a later marker for the same operation becomes a "Run it" link that reopens the guide with
that console filled in its own values (a plain GET, like a reference permalink).

The Markdown is rendered once per process with a placeholder where each console goes; the
consoles themselves are rendered per request, since they carry the reader's identity,
environment and CSRF token. An unknown operation is an error, so a typo cannot reach a page.
"""
import re
from dataclasses import dataclass
from urllib.parse import unquote, urlencode

CHECKLIST = re.compile(r"^\[\[\s*checklist\s*\]\]$", re.MULTILINE)  # the signed-in developer's checklist
MARKER = re.compile(r"^\[\[\s*(console|run-it)\s+(\S+)((?:[ \t]+[^\s=\]]+=[^\s\]]*)*)[ \t]*\]\]$", re.MULTILINE)
# A paragraph of its own in the rendered HTML, replaced there and left out of the search index.
PLACEHOLDER = "ctlive-console-placeholder-{}"
PLACED = re.compile(r"<p>ctlive-console-placeholder-(\d+)</p>")


@dataclass(frozen=True)
class Embed:
    """One console in a guide: its operation and the form values it opens with."""

    kind: str            # "console" (open), "run-it" (behind a control) or "checklist"
    operation_id: str
    values: tuple        # (form name, value) pairs
    repeat: bool = False  # the operation has a console earlier in the guide: a link to it

    @property
    def folded(self):
        return self.kind == "run-it"

    @property
    def query(self):
        """The query that opens the guide with this call in its operation's console."""
        return urlencode([("op", self.operation_id), *self.values])


def extract(source, operation_ids):
    """(the Markdown with a placeholder per console marker, the Embeds in order)."""
    embeds = []

    def embed(match):
        kind, operation_id, pairs = match.groups()
        if operation_id not in operation_ids:
            raise KeyError(f"unknown operation in [[ {kind} {operation_id} ]]")
        values = tuple((name, unquote(value)) for name, value in (pair.split("=", 1) for pair in pairs.split()))
        repeat = any(found.operation_id == operation_id for found in embeds)
        embeds.append(Embed(kind, operation_id, values, repeat))
        return PLACEHOLDER.format(len(embeds) - 1)

    def checklist(_match):
        embeds.append(Embed("checklist", "", ()))
        return PLACEHOLDER.format(len(embeds) - 1)

    return CHECKLIST.sub(checklist, MARKER.sub(embed, source)), tuple(embeds)


def without_placeholders(sections):
    """The guide's sections for the search index, the consoles' placeholders left out."""
    for section in sections:
        section.text[:] = [text for text in section.text if not PLACED.fullmatch(f"<p>{text}</p>")]
    return sections


def parts(html, embeds):
    """The rendered guide in page order: HTML strings, with an Embed where each console goes."""
    pieces = PLACED.split(html)
    return tuple(embeds[int(piece)] if index % 2 else piece for index, piece in enumerate(pieces))
