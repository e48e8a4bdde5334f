"""From database rows straight to wire dicts of strings, for a chosen set of fields."""


class RowPlan:
    """Compiled once per request: which columns to SELECT and how each field is made.

    `sources` lists the ORM lookups to fetch, starting with the entity id; a row tuple
    from `values_list(*sources)` becomes a dict of wire strings by calling the plan.
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
        self._single = []
        self._multi = []
        for field in fields:
            indexes = tuple(position[source] for source in field.sources)
            if len(indexes) == 1:
                self._single.append((field.name, indexes[0], field.converter()))
            else:
                self._multi.append((field.name, indexes, field.converter()))

    def __call__(self, row):
        values = {name: convert(row[index]) for name, index, convert in self._single}
        for name, indexes, convert in self._multi:
            values[name] = convert(*(row[index] for index in indexes))
        if self._multi:
            return {name: values[name] for name in self.names}
        return values


def choose_fields(resource, columns):
    """The resource's fields, or only those named in `columns` (already validated), in that order."""
    if not columns:
        return resource.fields
    return tuple(resource.field_named(name) for name in columns)
