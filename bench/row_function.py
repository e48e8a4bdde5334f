"""Why api/serialize.py generates its row function: `python -m bench.row_function` (run
by make bench with the bench server's environment) converts a 1,000-row results page
with the generated function and with the best plain Python we found for the same work
(per field, `operator.itemgetter` then the field's converter, zipped into a dict), the two
in alternating passes over the same rows. Prints one JSON object of medians in ms."""
import json
import statistics
import time
from operator import itemgetter

PASSES = 60
ROWS = 1000


def plain_row_function(resource, plan):
    """The row function without generated code: what RowPlan would be without `eval`."""
    from api.serialize import choose_fields

    position = {source: index for index, source in enumerate(plan.sources)}
    names, steps = [], []
    for field in choose_fields(resource, plan.names):
        names.append(field.name)
        indexes = [position[source] for source in field.sources]
        convert = field.converter()
        if len(indexes) == 1:
            steps.append((itemgetter(indexes[0]), convert))
        else:
            steps.append((itemgetter(*indexes), lambda values, convert=convert: convert(*values)))
    names = tuple(names)

    def row_to_wire(row):
        return dict(zip(names, [convert(get(row)) for get, convert in steps]))
    return row_to_wire


def main():
    import django

    django.setup()
    from api.registry import registry
    from api.serialize import plan_for

    resource = registry.get("results")
    plan = plan_for(resource, None)
    rows = list(resource.model.objects.order_by("pk").values_list(*plan.sources)[:ROWS])
    plain = plain_row_function(resource, plan)
    assert all(plain(row) == plan(row) for row in rows), "the plain function must give the same dicts"
    samples = {"generated": [], "plain": []}
    for _ in range(PASSES):
        for name, convert in (("generated", plan), ("plain", plain)):
            started = time.perf_counter()
            for row in rows:
                convert(row)
            samples[name].append((time.perf_counter() - started) * 1000)
    print(json.dumps({"rows": len(rows), **{name: statistics.median(taken) for name, taken in samples.items()}}))


if __name__ == "__main__":
    main()
