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


class RowPlan:
    """Compiled once per request: which columns to SELECT and how each field is made.

    `sources` lists the ORM lookups to fetch, starting with the entity id; a row tuple
    from `values_list(*sources)` becomes a dict of wire strings by calling the plan, a
    function generated for these fields (as namedtuple generates its classes), or a tuple
    of them in field order by `values` (CSV and TSV write cells: building a dict and taking
    its values out again made converting and writing a 1,000-row CSV page cost 1.4x).
    """

    def __init__(self, resource, fields):
        sources = [resource.id_source]
        for field in fields:
            for source in field.sources:
                if source not in sources:
                    sources.append(source)
        position = {source: index for index, source in enumerate(sources)}
        self.sources = tuple(sources)
        self.names = tuple(field.name for field in fields)
        converters, items = {}, []
        for number, field in enumerate(fields):
            values = [f"row[{position[source]}]" for source in field.sources]
            expression = inline_expression(field, values[0]) if len(values) == 1 else None
            if expression is None:
                converters[f"convert_{number}"] = field.converter()
                expression = f"convert_{number}({', '.join(values)})"
            items.append((field.name, expression))
        dict_items = ", ".join(f"{name!r}: {expression}" for name, expression in items)
        self._row_to_wire = eval(f"lambda row: {{{dict_items}}}", converters)  # noqa: S307 (registry names only)
        self.values = eval(f"lambda row: ({''.join(f'{expression}, ' for _name, expression in items)})",  # noqa: S307
                           converters)

    def __call__(self, row):
        return self._row_to_wire(row)


_PLANS = {}


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
