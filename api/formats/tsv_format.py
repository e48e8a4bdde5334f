"""TSV: tab-separated, CRLF row ends, no quoting. Inside a value a tab, a line feed, a
carriage return and a backslash are written as `\t`, `\n`, `\r` and `\\`, and read back."""
import re

from .delimited import DelimitedFormat

ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
UNESCAPES = {escaped: character for character, escaped in ESCAPES.items()}
ESCAPE_TABLE = str.maketrans(ESCAPES)
ESCAPED = re.compile(r"\\[\\tnr]")
LINE_BREAK_OR_BACKSLASH = re.compile(r"[\\\n\r]")
LINE_END = re.compile(r"\r?\n")


def line(values):
    """One row of values, tab-separated; values are escaped only when one needs it (rare)."""
    joined = "\t".join(values)
    if joined.count("\t") == len(values) - 1 and not LINE_BREAK_OR_BACKSLASH.search(joined):
        return joined
    return "\t".join([value.translate(ESCAPE_TABLE) for value in values])


def unescape(value):
    return ESCAPED.sub(lambda match: UNESCAPES[match.group()], value)


class TsvFormat(DelimitedFormat):
    code = "tsv"
    media_type = "text/tab-delimited-values"
    aliases = ("text/tab-separated-values",)

    def lines(self, rows):
        return "".join([line(row) + "\r\n" for row in rows])

    def records(self, text):
        lines = LINE_END.split(text)
        if lines[-1] == "":
            lines.pop()
        for number, text_line in enumerate(lines, start=1):
            yield number, [unescape(value) for value in text_line.split("\t")]
