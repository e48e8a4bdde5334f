"""JSON: the envelope object as it is, `{"<envelope>": [...]}` or `{"<envelope>": {...}}`.

A batch of rows is encoded in one call of the C encoder and its brackets dropped, so a
streamed list costs about what one `json.dumps` of the whole page would.
"""
import json

from .base import BodyError, Format

ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


class JsonFormat(Format):
    code = "json"
    media_type = "application/json"
    aliases = ("text/json",)

    def list_start(self, shape):
        return "{" + ENCODER.encode(shape.envelope) + ":["

    def rows_text(self, shape, batch, first):
        rows = ENCODER.encode(batch)[1:-1]
        return rows if first else "," + rows

    def list_end(self, shape):
        return "]}"

    def entity_text(self, envelope, entity):
        return ENCODER.encode({envelope: entity})

    def parse(self, text):
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            raise BodyError(error.msg, error.lineno, error.colno)
