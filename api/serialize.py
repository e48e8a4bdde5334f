"""From database rows straight to wire dicts of strings, for a chosen set of fields."""
from . import wire
from .prepared import remembered

# Conversions written inline into the row function: the same result as calling the wire
# converter, without a Python call per field (a 1,000-row page of results has 33,000).
INLINE = {
    wire.text: '("" if {v} is None else str({v}))',
    wire.boolean: '("" if {v} is None else "1" if {v} else "0")',
}
INLINE_WHOLE_NUMBERS = '("" if {v} is None else str({v}))'  # integer columns hold ints or NULL
# wire.number_text for a value that may be a float (stored epochs) or an int (epoch seconds
# of a datetime, computed in SQL).
INLINE_NUMBER = ('("" if (_n := {v}) is None else str(_n) if _n.__class__ is not float '
                 'else str(int(_n)) if _n.is_integer() else f"{{_n:.3f}}".rstrip("0").rstrip("."))')


def inline_expression(field, value):
    converter = field.converter()
    if converter in INLINE:
        return INLINE[converter].format(v=value)
    if converter is wire.number_text:
        return (INLINE_WHOLE_NUMBERS if field.type in ("resource_id", "integer") else INLINE_NUMBER).format(v=value)
    return None


def field_expressions(fields, position, constant=()):
    """(name, expression) of each field, the converters the expressions call, and the
    (number, field) of the fields of constant sources alone. A source in `position` is read
    from the row; a `constant` source is the page's value `v_<n>`, and a field of constant
    sources alone is the page's wire text `k_<field number>`."""
    converters, items, whole = {}, [], []
    for number, field in enumerate(fields):
        if constant and all(source in constant for source in field.sources):
            items.append((field.name, f"k_{number}"))
            whole.append((number, field))
            continue
        values = [f"v_{constant.index(source)}" if source in constant else f"row[{position[source]}]"
                  for source in field.sources]
        expression = inline_expression(field, values[0]) if len(values) == 1 else None
        if expression is None:
            converters[f"convert_{number}"] = field.converter()
            expression = f"convert_{number}({', '.join(values)})"
        items.append((field.name, expression))
    return items, converters, whole


def row_functions_maker(items, converters, parameters=()):
    """A function of the page's constants (`parameters`) returning the dict and the tuple
    row functions of `items`, generated once (as namedtuple generates its classes)."""
    dict_items = ", ".join(f"{name!r}: {expression}" for name, expression in items)
    tuple_items = "".join(f"{expression}, " for _name, expression in items)
    return eval(f"lambda {', '.join(parameters)}: (lambda row: {{{dict_items}}}, lambda row: ({tuple_items}))",  # noqa: S307 (registry names only)
                converters)


class RowFunctions:
    """How the rows of one page become wire data: `plan(row)` a dict of wire strings in
    field order, `plan.values(row)` a tuple of them (CSV and TSV write cells: building a dict
    and taking its values out again made converting and writing a 1,000-row CSV page cost
    1.4x)."""

    def __init__(self, row_to_wire, values):
        self._row_to_wire, self.values = row_to_wire, values

    def __call__(self, row):
        return self._row_to_wire(row)


class RowPlan(RowFunctions):
    """Compiled once per request shape: which columns to SELECT and how each field is made.

    `sources` lists the ORM lookups to fetch, starting with the entity id; a row tuple
    from `values_list(*sources)` becomes wire data through functions generated for these
    fields. `within` gives the functions for rows that leave out what is the same on every
    row of a page.
    """

    def __init__(self, resource, fields):
        sources = [resource.id_source]
        for field in fields:
            for source in field.sources:
                if source not in sources:
                    sources.append(source)
        self.sources = tuple(sources)
        self.names = tuple(field.name for field in fields)
        self.fields = tuple(fields)
        self._within = {}
        items, converters, _whole = field_expressions(fields, self._positions(()))
        super().__init__(*row_functions_maker(items, converters)())

    def _positions(self, constant):
        varying = [source for source in self.sources if source not in constant]
        return {source: index for index, source in enumerate(varying)}

    def within(self, constant):
        """The row functions for rows without the sources of `constant` ({source: value},
        the same on every row of the page: a partition's race and interval), whose fields
        are converted once for the page. The rows hold the other sources in order."""
        if not constant:
            return self
        sources = tuple(constant)
        make = remembered(self._within, sources, lambda: self._constant_maker(sources), limit=MAX_WITHIN)
        return RowFunctions(*make(constant))

    def _constant_maker(self, sources):
        items, converters, whole = field_expressions(self.fields, self._positions(sources), sources)
        maker = row_functions_maker(items, converters,
                                    [f"k_{number}" for number, _field in whole] + [f"v_{i}" for i in range(len(sources))])

        def make(constant):
            values = [constant[source] for source in sources]
            texts = [field.converter()(*(constant[source] for source in field.sources)) for _number, field in whole]
            return maker(*texts, *values)
        return make


_PLANS = {}
MAX_WITHIN = 16  # per plan: the sets of constant sources its pages leave out (one per partitioned collection)


def plan_for(resource, columns):
    """The RowPlan of a resource and a `columns` choice, built once per process (generating
    the row function costs more than serializing a 50-row page); as many choices are kept
    as statements, so a client naming ever new column lists cannot grow the memory."""
    return remembered(_PLANS, (resource.segment, columns), lambda: RowPlan(resource, choose_fields(resource, columns)))


def choose_fields(resource, columns):
    """The resource's fields, or only those named in `columns` (already validated), in that order."""
    if not columns:
        return resource.fields
    return tuple(resource.field_named(name) for name in columns)
