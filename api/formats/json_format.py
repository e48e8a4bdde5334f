"""JSON: the envelope object as it is, `{"<envelope>": [...]}` or `{"<envelope>": {...}}`.

A batch of rows is encoded in one call and its brackets dropped, so a streamed list costs
about what encoding the whole page at once would. Encoding is orjson's (twenty times the
standard library's speed on a 1,000-row page), with the same compact UTF-8 output; text
orjson refuses (a lone surrogate, possible only in echoed request input) goes through the
standard encoder instead.
"""
import json

import orjson

from .base import BodyError, Format

ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def encode(value):
    """Compact JSON text of `value`."""
    try:
        return orjson.dumps(value).decode("utf-8")
    except orjson.JSONEncodeError:
        return ENCODER.encode(value)


class JsonFormat(Format):
    code = "json"
    media_type = "application/json"
    aliases = ("text/json",)

    def list_start(self, shape):
        return "{" + encode(shape.envelope) + ":["

    def rows_text(self, shape, batch, first):
        rows = encode(batch)[1:-1]
        return rows if first else "," + rows

    def list_end(self, shape):
        return "]}"

    def entity_text(self, envelope, entity):
        return encode({envelope: entity})

    def parse(self, text):
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            raise BodyError(error.msg, error.lineno, error.colno)
