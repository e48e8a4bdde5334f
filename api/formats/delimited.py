"""What CSV and TSV share: a header row of field names, then one row per entity.

One entity is a header and one row; an error is a header `status,code,message` (plus
`details_<name>` columns when it has details) and one row. Nested data in write replies
and jobs (a dict or list value) is one cell of compact JSON. Rows end with CRLF. Parsing
gives a list of dicts keyed by the header; the concrete formats only say how one
line of values is written and how a body is split back into lines of values.
"""
from operator import itemgetter

from .base import BodyError, Format
from .json_format import encode


def cell(value):
    """A value as one cell: strings as they are, nested data (a write reply's errors by
    field, a job's results) as compact JSON."""
    return value if isinstance(value, str) else encode(value)


def values_of(names):
    """A function giving a dict's values in the order of `names`, as a tuple (itemgetter
    looks them up in C). For dicts built outside the page path (write replies, jobs, the
    docs' samples); a page's rows come as tuples already (RowPlan.values)."""
    if len(names) == 1:
        return lambda row: (row[names[0]],)
    return itemgetter(*names)


def flat(entity):
    return {name: cell(value) for name, value in entity.items()}


def flat_error(error):
    """The error dict with its details as `details_<name>` columns."""
    columns = {name: value for name, value in error.items() if name != "details"}
    columns.update({f"details_{name}": value for name, value in error.get("details", {}).items()})
    return columns


class DelimitedFormat(Format):
    def lines(self, rows):
        """Text of rows (sequences of strings), each ending with CRLF."""
        raise NotImplementedError

    def records(self, text):
        """(line number, list of values) for every line of a body; a blank line is [] or [""]."""
        raise NotImplementedError

    def list_start(self, shape):
        return self.lines([shape.names])

    def stream(self, shape, entities):
        return self.stream_values(shape, map(values_of(shape.names), entities))

    def page(self, shape, plan, rows):
        return self.stream_values(shape, map(plan.values, rows))

    def stream_values(self, shape, rows):
        """Format.stream of rows given as tuples of cells in the order of `shape.names`."""
        return super().stream(shape, rows)

    def rows_text(self, shape, batch, first):
        return self.lines(batch)

    def entity_text(self, envelope, entity):
        return self.lines([list(entity), list(entity.values())])

    def render(self, envelope, entities):
        """Replies built outside the page path (writes, jobs) may hold nested data: one cell each.
        Pages come from RowPlan, all strings, and skip this."""
        if isinstance(entities, dict):
            return super().render(envelope, flat(entities))
        return super().render(envelope, [flat(entity) for entity in entities])

    def render_error(self, error):
        return self.entity_text("error", flat_error(error)).encode("utf-8")

    def parse(self, text):
        """A list of dicts keyed by the header. Blank lines are skipped, except that with a
        one-field header an empty line is a row whose value is empty."""
        names = None
        entities = []
        for number, values in self.records(text):
            if not values or (values == [""] and (names is None or len(names) > 1)):
                continue
            if names is None:
                if len(set(values)) != len(values):
                    raise BodyError("the header row names a field twice", number, 1)
                names = values
            elif len(values) != len(names):
                raise BodyError(f"{len(values)} values where the header has {len(names)} fields", number, 1)
            else:
                entities.append(dict(zip(names, values)))
        if names is None:
            raise BodyError("the body has no header row of field names", 1, 1)
        return entities
