"""CSV (RFC 4180): comma-separated, CRLF row ends, values holding a comma, a double quote
or a line break are quoted and their quotes doubled."""
import csv
import io

from .base import BodyError
from .delimited import DelimitedFormat


class CsvFormat(DelimitedFormat):
    code = "csv"
    media_type = "text/csv"

    def lines(self, rows):
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\r\n").writerows(rows)
        return buffer.getvalue()

    def records(self, text):
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        try:
            for values in reader:
                yield reader.line_num, values
        except csv.Error as error:
            raise BodyError(str(error), reader.line_num, 1)
