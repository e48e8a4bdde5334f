"""The interface every wire format implements: one module per format (DESIGN.md)."""


class Format:
    code = ""          # the format code used in paths and `format=`
    media_type = ""    # the MIME type, without parameters

    @property
    def content_type(self):
        return f"{self.media_type}; charset=utf-8"

    def render(self, envelope, entities):
        """Bytes of a response body: `entities` is a list of dicts of strings, or one dict."""
        raise NotImplementedError
