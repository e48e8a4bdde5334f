"""The interface every wire format implements: one module per format (DESIGN.md).

A format renders three kinds of body — a list, one entity, an error — and parses request
bodies back into plain Python data. Lists are rendered in batches of rows, so the same
code serves a 50-row page (one batch) and a 100,000-row export streamed chunk by chunk.
A sixth format is one new module with a subclass of `Format`, listed in `__init__.py`.
"""
from dataclasses import dataclass
from itertools import islice

ROWS_PER_CHUNK = 500


@dataclass(frozen=True)
class ListShape:
    """What a list body needs besides its rows."""

    envelope: str   # the envelope key: JSON/YAML top-level key, XML root element
    item: str       # the name of one entity: the XML element around each row
    names: tuple    # the field names in order: the CSV/TSV header row


class BodyError(ValueError):
    """A request body the format cannot read: the parser's own words and, when known, where
    (1-based line and column; the API turns this into a translated 400)."""

    def __init__(self, problem, line=None, column=None):
        super().__init__(problem)
        self.problem = problem
        self.line = line
        self.column = column


class Format:
    code = ""          # the format code used in paths and `format=`
    media_type = ""    # the MIME type of responses, without parameters
    aliases = ()       # other media types accepted in Accept and Content-Type

    @property
    def content_type(self):
        return f"{self.media_type}; charset=utf-8"

    def render(self, envelope, entities):
        """Bytes of a body holding one entity (a dict of strings) or a list of them.

        Lists rendered this way take their header from the first row; the view passes the
        field names through `render_list` so that an empty CSV still has its header.
        """
        if isinstance(entities, dict):
            return self.entity_text(envelope, entities).encode("utf-8")
        names = tuple(entities[0]) if entities else ()
        return self.render_list(ListShape(envelope, envelope, names), entities)

    def render_list(self, shape, entities):
        return b"".join(self.stream(shape, entities))

    def page(self, shape, plan, rows):
        """Bytes of a list page read from the database: `rows` (lazy, maybe) as `plan`
        (api/serialize.py) converts them, in chunks as `stream` writes them."""
        return self.stream(shape, map(plan, rows))

    def render_error(self, error):
        """The body of an error: `error` is the dict under the "error" key (status, code,
        message and, optionally, a dict of details)."""
        return self.entity_text("error", error).encode("utf-8")

    def stream(self, shape, entities):
        """Bytes of a list body, in chunks of ROWS_PER_CHUNK rows; `entities` may be lazy."""
        rows = iter(entities)
        batch = list(islice(rows, ROWS_PER_CHUNK))
        if not batch:
            yield self.empty_list_text(shape).encode("utf-8")
            return
        yield self.list_start(shape).encode("utf-8") + self.rows_bytes(shape, batch, first=True)
        while batch := list(islice(rows, ROWS_PER_CHUNK)):
            yield self.rows_bytes(shape, batch, first=False)
        yield self.list_end(shape).encode("utf-8")

    # What each format defines --------------------------------------------------------

    def list_start(self, shape):
        """Text before the first row."""
        raise NotImplementedError

    def rows_text(self, shape, batch, first):
        """Text of a batch of rows; `first` is true for the batch right after list_start."""
        raise NotImplementedError

    def rows_bytes(self, shape, batch, first):
        """UTF-8 of `rows_text`; a format whose encoder writes bytes defines this instead."""
        return self.rows_text(shape, batch, first).encode("utf-8")

    def list_end(self, shape):
        return ""

    def empty_list_text(self, shape):
        return self.list_start(shape) + self.list_end(shape)

    def entity_text(self, envelope, entity):
        """Text of a body holding one entity; values are strings or (for errors) dicts of strings."""
        raise NotImplementedError

    def parse(self, text):
        """Plain data from a request body: JSON-like dicts and lists; raises BodyError."""
        raise NotImplementedError
