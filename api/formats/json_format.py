"""JSON: the envelope object as it is."""
import json

from .base import Format


class JsonFormat(Format):
    code = "json"
    media_type = "application/json"

    def render(self, envelope, entities):
        return json.dumps({envelope: entities}, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
